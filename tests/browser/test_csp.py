"""In a real browser: the Content-Security-Policy blocks nothing the pages themselves use.

Chromium reports every blocked inline script, handler, style or eval on the console; the
pages with inline code (hashed by web_security) are opened and their handlers exercised.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    return violations


def test_the_office_pages_run_their_inline_code_under_the_policy(page, live_server, ready):
    violations = _watch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, live_server, "office", PASSWORD)
    hearing = ready["hearing"].pk
    for path in (
        "/registry/roster/import/",
        f"/competition/hearings/{hearing}/",
        f"/competition/hearings/{hearing}/chair/",
        "/notices/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    # A handler written verbatim (allowed by its hash) selects a juror's link when clicked.
    page.goto(f"{live_server.url}/competition/hearings/{hearing}/")
    link = page.locator("input[readonly][aria-label$='的评分链接']").first
    link.click()
    assert link.evaluate("e => e.selectionEnd - e.selectionStart") > 0
    # A handler written with a template variable (allowed as it renders) asks first.
    page.goto(f"{live_server.url}/campaign/")
    page.locator("button:has-text('从现在开始')").first.click()
    assert dialogs and "整体调整日程" in dialogs[0]
    assert violations == []


def test_the_juror_phone_page_runs_under_the_policy(phone, live_server, ready):
    violations = _watch(phone)
    phone.goto(f"{live_server.url}/j/{ready['leaders'][0].token}/")
    assert "请等待" in phone.inner_text("[data-testid=juror-wait]")
    phone.wait_for_timeout(3500)  # one polling round: the htmx filter expression is evaluated
    assert violations == []
