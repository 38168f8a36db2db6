"""WCAG 4.1.3 in a real browser (issue 15, item 5): the chair's self-refreshing page tells a
screen reader what changed, once, through a polite live region, and stays quiet while
nothing changes."""

from __future__ import annotations

import pytest

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from tests.browser.conftest import login
from tests.competition.conftest import LEADER_SCORES
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

STATUS = "[data-testid=chair-status]"


def test_the_chair_page_announces_changes_in_a_polite_live_region(page, live_server, ready):
    first = ready["contestants"][0]
    login(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/competition/hearings/{ready['hearing'].pk}/chair/")
    region = page.locator(STATUS)
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    page.wait_for_timeout(2500)  # a refresh with nothing new says nothing
    assert region.inner_text() == ""

    scoring.scoring_open(actor=None, contestant=first)
    page.wait_for_function(f"document.querySelector('{STATUS}').textContent.includes('评分中')")
    assert f"第{first.order}位" in region.inner_text()
    leader = hearing_selectors.panel_for(first).leaders[0]
    scoring.score_submit(juror=leader, contestant_id=first.pk, value=LEADER_SCORES[0])
    page.wait_for_function(
        f"document.querySelector('{STATUS}').textContent.includes('领导评委还有 6 人未评')"
    )
    said = region.inner_text()
    page.wait_for_timeout(2500)
    assert region.inner_text() == said  # repeated, unchanged refreshes add nothing
