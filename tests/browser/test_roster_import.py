"""In a real browser: log in, import a roster through the page, see errors name the row."""

from __future__ import annotations

import pytest

from cadrex.jobs.worker import run_pending_tasks
from cadrex.registry.models import Cadre
from tests.browser.conftest import login
from tests.conftest import PASSWORD, cadre_row, make_id, workbook_bytes

pytestmark = pytest.mark.browser


def _queued_then_run(page) -> None:
    """The upload is queued (the page says so and polls); the worker then runs it here and
    the page, polling, shows the outcome without a reload."""
    page.wait_for_selector("[data-testid=job-status][data-status=queued]")
    assert "排队" in page.inner_text("[data-testid=job-status]")
    # The import, and the notifications' dispatch pass that the login's audit event queued
    # (ADR 0013); the outcome is read from the page below.
    assert run_pending_tasks() >= 1


def test_the_office_logs_in_and_imports_a_roster(page, live_server, world, tmp_path, clock):
    login(page, live_server, "office", PASSWORD)
    assert "竞岗交流工作办公室 · 工作台" in page.inner_text("h1")
    page.click("text=名册导入")
    good = tmp_path / "名册.xlsx"
    rows = [
        cadre_row(make_id(clock.born(33, 1, 1), 500 + i * 2 + 1), f"新人{i}", "D02")
        for i in range(30)
    ]
    good.write_bytes(workbook_bytes(cadres=rows).getvalue())
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('上传并导入')")
    _queued_then_run(page)
    ok = page.wait_for_selector("[data-testid=import-ok]")
    assert "干部新增 30" in ok.inner_text()
    assert Cadre.objects.filter(name__startswith="新人").count() == 30


def test_a_bad_row_is_named_and_nothing_is_imported(page, live_server, world, tmp_path, clock):
    login(page, live_server, "office", PASSWORD)
    page.goto(f"{live_server.url}/registry/roster/import/")
    bad = tmp_path / "坏名册.xlsx"
    rows = [
        cadre_row(make_id(clock.born(33, 1, 1), 601), "甲", "D02"),
        cadre_row(make_id(clock.born(33, 1, 1), 603), "乙", "Q77"),
    ]
    bad.write_bytes(workbook_bytes(cadres=rows).getvalue())
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('上传并导入')")
    _queued_then_run(page)
    box = page.wait_for_selector("[data-testid=import-errors]")
    text = box.inner_text()
    assert "未导入任何数据" in text and "单位代码“Q77”不存在" in text and "3" in text
    assert not Cadre.objects.filter(name__in=["甲", "乙"]).exists()


def test_a_unit_operator_guessing_another_units_url_sees_nothing(page, live_server, world):
    login(page, live_server, "operator", PASSWORD)
    response = page.goto(f"{live_server.url}/registry/units/D02/")
    assert response.status == 404
    other = world["cadres"]["乙一"]
    response = page.goto(f"{live_server.url}/registry/cadres/{other.pk}/")
    assert response.status == 404 and other.name not in page.content()


def test_a_cadre_on_a_phone_sees_their_home_and_record(phone, live_server, world):
    login(phone, live_server, "cadre", PASSWORD)
    assert "乙一，您好" in phone.inner_text("h1")
    phone.click("text=查看我的名册信息")
    assert phone.inner_text("h1") == "乙一"
    # Nothing runs off the side of a phone screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
