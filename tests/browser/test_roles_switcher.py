"""In a real browser (issue 15, ADR 0014): one login, three roles — the header's switcher by
keyboard, each role's home, the page of all roles' to-dos."""

from __future__ import annotations

import pytest

from tests.accounts.roles_world import multi  # noqa: F401
from tests.browser.conftest import login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_one_login_switches_between_leader_cadre_and_juror(page, live_server, multi):  # noqa: F811
    login(page, live_server, "multi", PASSWORD)
    assert "单位主要领导" in page.inner_text("[data-testid=role]")
    summary = page.locator("[data-testid=role-switcher] summary")
    summary.focus()
    page.keyboard.press("Enter")  # the switcher opens and works by keyboard alone
    button = page.get_by_role("button", name="切换到角色：干部")
    button.focus()
    with page.expect_navigation():  # from home to home: wait for the switch's redirect
        page.keyboard.press("Enter")
    assert "甲二，您好" in page.inner_text("main")
    assert page.inner_text("[data-testid=role]").endswith("干部")

    page.goto(f"{live_server.url}/roles/")
    juror = page.locator("[data-testid=role-juror]")
    assert juror.locator("[data-testid=scoring-link]").count() == 1
    with page.expect_navigation():
        juror.get_by_role("button", name="切换到角色：评委").click()
    assert "评委工作台" in page.inner_text("main")
    assert page.inner_text("[data-testid=role]").endswith("评委")


def test_wcag21aa_the_roles_page_and_the_open_switcher_have_no_serious_violation(
    page,  # noqa: F811
    live_server,
    multi,  # noqa: F811
):
    from axe_playwright_python.sync_playwright import Axe

    login(page, live_server, "multi", PASSWORD)
    page.click("[data-testid=role-switcher] summary")
    found = []
    for where in ("/", "/roles/"):
        if where != "/":
            page.goto(f"{live_server.url}{where}")
        results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
        found += [
            f"{where}: {v['id']} [{v['impact']}] {v['help']}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    assert found == []
