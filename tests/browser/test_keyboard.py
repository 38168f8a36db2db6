"""WCAG 2.1.1 in a real browser (issue 15, item 5): a cadre signs in, skips to the content
and applies for an opening with the keyboard alone (Tab, Enter, Space; no mouse click), and
whatever the keyboard reaches shows a focus ring."""

from __future__ import annotations

import pytest

from cadrex.competition.models import Application
from tests.browser.axe_check import axe_findings
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _focused(page, selector: str) -> bool:
    return page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus, checking each stop shows a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return 'body';
                 const s = getComputedStyle(e);
                 return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? 'ring' : e.outerHTML; }"""
        )
        assert ring in ("ring", "body"), f"no visible focus on {ring}"
        if _focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_cadre_applies_with_the_keyboard_alone(page, live_server, part_a):
    opening = part_a["d01"]
    page.goto(f"{live_server.url}/accounts/login/")
    _tab_to(page, "#id_username")
    page.keyboard.type("cadre")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/competition/openings/")
    page.keyboard.press("Tab")  # the first stop is the skip link; it lands in the content
    assert _focused(page, "a.skip-link") and page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    _tab_to(page, f"a[href$='/openings/{opening.pk}/apply/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/openings/{opening.pk}/apply/")

    # Submitted without the recusal box: refused, the message by the box, the page still
    # passes axe in its error state.
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#id_recusal ~ .errorlist, .field .errorlist").count() >= 1
    assert axe_findings(page, "apply (refused)") == []
    _tab_to(page, "#id_recusal")
    page.keyboard.press("Space")
    assert page.is_checked("#id_recusal")
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "报名已提交" in page.content()
    assert axe_findings(page, "after applying (message shown)") == []
    assert Application.objects.filter(opening=opening, cadre=part_a["cadres"]["乙一"]).exists()
