from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadrex.jobs.worker import run_pending_tasks
from cadrex.registry.models import Cadre
from tests.conftest import cadre_row, make_id, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content: bytes, name="名册.xlsx"):
    """Upload through the page; a queued import is run by the worker, and the job's page
    (where the page sends the browser) is what comes back."""
    response = client.post(
        reverse("registry:roster_import"), {"file": SimpleUploadedFile(name, content, XLSX)}
    )
    if response.status_code == 302:
        assert run_pending_tasks() == 1
        return client.get(response["Location"])
    return response


def test_the_upload_page_lists_errors_and_imports_nothing(as_user, world, clock):
    before = Cadre.objects.count()
    rows = [cadre_row(make_id(clock.born(33, 1, 1), 501), "新人", "Z09")]
    body = upload(as_user("office"), workbook_bytes(cadres=rows).getvalue()).content.decode()
    assert "名册有 1 处错误，未导入任何数据" in body
    assert "单位代码“Z09”不存在" in body
    assert Cadre.objects.count() == before


def test_the_upload_page_imports_a_clean_file(as_user, world, clock):
    rows = [cadre_row(make_id(clock.born(33, 1, 1), 501), "新人", "D02")]
    body = upload(as_user("office"), workbook_bytes(cadres=rows).getvalue()).content.decode()
    assert "导入成功" in body
    assert Cadre.objects.get(name="新人").unit.code == "D02"


def test_the_upload_page_refuses_a_file_that_is_not_xlsx(as_user, world):
    body = upload(as_user("office"), b"name,unit\n", name="roster.csv").content.decode()
    assert "请上传 .xlsx 格式的名册文件" in body


def test_the_cadre_list_searches_by_name_and_filters_by_middle_level(as_user, world):
    client = as_user("office")
    found = client.get(reverse("registry:cadres"), {"q": "甲"}).context["page"]
    assert {c.name for c in found} == {"甲一", "甲二"}
    middle = client.get(reverse("registry:cadres"), {"middle_level": "yes"}).context["page"]
    assert [c.name for c in middle] == ["甲一"]


def test_s2_the_unit_list_derives_the_middle_level_headcount(as_user, world):
    units = {u.code: u for u in as_user("office").get(reverse("registry:units")).context["units"]}
    assert units["D01"].middle_level_headcount == 1
    assert units["D02"].middle_level_headcount == 0
    assert units["D01"].cadre_count == 2


@pytest.mark.django_db
def test_s1_vertically_managed_units_are_marked_out_of_scope(as_user, world):
    body = as_user("office").get(reverse("registry:units")).content.decode()
    assert "垂直管理，不参加" in body
    assert not world["units"]["V01"].in_scope


def test_the_cadre_search_answers_htmx_with_the_rows_only(as_user, world):
    client = as_user("office")
    page = client.get(reverse("registry:cadres"), {"q": "甲"}).content.decode()
    rows = client.get(reverse("registry:cadres"), {"q": "甲"}, HTTP_HX_REQUEST="true")
    fragment = rows.content.decode()
    assert '<p class="muted" data-testid="count">共 2 人</p>' in fragment
    assert "<h1>" not in fragment and "<form" not in fragment
    assert fragment.strip() in page  # the same rows the full page shows


def test_the_upload_answers_htmx_with_the_result_only(as_user, world, clock):
    rows = [cadre_row(make_id(clock.born(33, 1, 1), 501), "新人", "Z09")]
    client = as_user("office")
    response = client.post(
        reverse("registry:roster_import"),
        {"file": SimpleUploadedFile("名册.xlsx", workbook_bytes(cadres=rows).getvalue(), XLSX)},
        HTTP_HX_REQUEST="true",
    )
    queued = response.content.decode()
    assert 'data-status="queued"' in queued and 'hx-trigger="every 1s"' in queued
    assert "<h1>" not in queued and "<form" not in queued
    run_pending_tasks()
    fragment = client.get(response["HX-Push-Url"], HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="import-errors"' in fragment and "单位代码“Z09”不存在" in fragment
    assert "<h1>" not in fragment and "<form" not in fragment and "hx-trigger" not in fragment


def test_the_upload_field_has_its_label_and_its_error_beside_it(as_user, world):
    client = as_user("office")
    body = client.get(reverse("registry:roster_import")).content.decode()
    assert '<label for="id_file">名册文件（.xlsx）</label>' in body
    assert 'accept=".xlsx"' in body and 'id="id_file"' in body
    refused = upload(client, b"name,unit\n", name="roster.csv").content.decode()
    field = refused.split('<div class="field">', 1)[1].split("</div>", 1)[0]
    assert "请上传 .xlsx 格式的名册文件" in field
