"""Roster import and export as background jobs (issue 13): the page saves and queues, the
worker (run here in-process) does the work, the job's page shows progress and then the
outcome — the same report and refusals as before, nothing written on refusal — and only the
person who started it sees it or downloads its file."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.accounts.models import Role
from cadrex.audit.models import Event
from cadrex.jobs.models import Job, JobStatus
from cadrex.jobs.services import JobProgress, job_claim
from cadrex.jobs.worker import run_pending_tasks
from cadrex.registry import roster
from cadrex.registry.models import Cadre, MiddleLevelPost, Unit
from cadrex.registry.roster import roster_export
from tests.conftest import cadre_row, make_id, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        Cadre.objects.count(),
        MiddleLevelPost.objects.count(),
        Event.objects.count(),
    )


def post_upload(client, content: bytes, **extra):
    upload = SimpleUploadedFile("新名册.xlsx", content, XLSX)
    return client.post(reverse("registry:roster_import"), {"file": upload}, **extra)


def newcomers(clock, n: int, unit: str = "D02") -> bytes:
    rows = [
        cadre_row(make_id(clock.born(33 + i // 200, 1, 1), 501 + 2 * (i % 200)), f"新人{i}", unit)
        for i in range(n)
    ]
    return workbook_bytes(cadres=rows).getvalue()


def values(content: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row (what a reader of the file sees)."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb}


# ------------------------------------------------------------------ import


def test_the_upload_is_queued_then_the_worker_imports_it_and_the_page_shows_the_report(
    as_user, world, clock
):
    client = as_user("office")
    response = post_upload(client, newcomers(clock, 3))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:roster_job", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.params == {"filename": "新名册.xlsx"}
    queued = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in queued and "正在排队等待后台处理" in queued
    assert not Cadre.objects.filter(name__startswith="新人").exists()  # nothing yet

    assert run_pending_tasks() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-ok"' in page and "导入成功" in page
    assert "干部新增 3、更新 0、未变 0" in page
    assert Cadre.objects.filter(name__startswith="新人").count() == 3
    event = Event.objects.get(action="roster_import")
    assert event.actor == world["users"]["office"] and event.object_repr == "新名册.xlsx"
    # The import page lists the job among the office's recent ones.
    listing = client.get(reverse("registry:roster_import")).content.decode()
    assert reverse("registry:roster_job", args=[job.pk]) in listing and "已完成" in listing


def test_the_job_page_shows_progress_while_the_worker_is_at_it(as_user, world, clock):
    client = as_user("office")
    post_upload(client, newcomers(clock, 1))
    job = job_claim(Job.objects.get().pk)
    JobProgress(job.pk)("校验干部", 600, 2400)
    fragment = client.get(
        reverse("registry:roster_job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-status="running"' in fragment and 'hx-trigger="every 1s"' in fragment
    assert "校验干部：600 / 2400 行（25%）" in fragment
    assert '<progress id="job-bar" value="600" max="2400">' in fragment


def test_the_import_reports_its_stages_as_it_goes(as_user, world, clock, monkeypatch):
    seen = []
    original = JobProgress.__call__

    def spy(self, stage, done, total):
        seen.append((stage, done, total))
        original(self, stage, done, total)

    monkeypatch.setattr(JobProgress, "__call__", spy)
    post_upload(as_user("office"), newcomers(clock, 4))
    run_pending_tasks()
    stages = {stage for stage, _, _ in seen}
    assert {"校验干部", "写入干部"} <= stages
    assert ("写入干部", 4, 4) in seen


def test_a_refused_roster_lists_every_error_and_writes_nothing(as_user, world, clock):
    client = as_user("office")
    before = counts()
    rows = [
        cadre_row(make_id(clock.born(33, 1, 1), 501), "甲", "D02"),
        cadre_row(make_id(clock.born(33, 1, 1), 503), "乙", "Q77"),
    ]
    response = post_upload(client, workbook_bytes(cadres=rows).getvalue())
    run_pending_tasks()
    job = Job.objects.get()
    assert job.status == JobStatus.REFUSED
    page = client.get(response["Location"]).content.decode()
    assert "名册有 1 处错误，未导入任何数据" in page and "单位代码“Q77”不存在" in page
    assert counts() == before


def test_a_roster_with_hundreds_of_errors_shows_the_first_five_hundred_and_the_total(
    as_user, world, clock
):
    client = as_user("office")
    before = counts()
    response = post_upload(client, newcomers(clock, 501, unit="Q77"))
    run_pending_tasks()
    page = client.get(response["Location"]).content.decode()
    assert "名册有 501 处错误，未导入任何数据" in page and "仅显示前 500 处" in page
    assert page.count("单位代码“Q77”不存在") == 500
    assert counts() == before


def test_a_file_that_is_not_a_workbook_is_refused_at_once_and_nothing_is_queued(as_user, world):
    response = post_upload(as_user("office"), b"PK\x03\x04 not really a zip")
    assert response.status_code == 200
    assert "不是有效的 Excel (.xlsx) 文件" in response.content.decode()
    assert not Job.objects.exists()


def test_an_import_that_fails_says_so_and_writes_nothing(as_user, world, clock, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("cadrex.registry.tasks.roster_import", broken)
    client = as_user("office")
    before = counts()
    response = post_upload(client, newcomers(clock, 2))
    run_pending_tasks()
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-failed"' in page and "处理时出错，未完成" in page
    assert counts() == before


def test_an_office_member_who_lost_the_role_before_the_worker_ran_imports_nothing(
    as_user, world, clock
):
    office = world["users"]["office"]
    client = as_user("office")
    before = counts()
    post_upload(client, newcomers(clock, 2))
    office.role = Role.ORGDEPT
    office.save()
    run_pending_tasks()
    job = Job.objects.get()
    assert job.status == JobStatus.REFUSED
    assert job.result["errors"][0]["message"] == "发起人已无权办理此事项，任务未执行。"
    assert counts() == before
    # Nor may they read the import job's page now: importing is the office's.
    assert client.get(reverse("registry:roster_job", args=[job.pk])).status_code == 403


def test_another_users_import_job_is_not_found(as_user, world, clock, django_user_model):
    post_upload(as_user("office"), newcomers(clock, 1))
    run_pending_tasks()
    job = Job.objects.get()
    colleague = django_user_model.objects.create(username="office2", role=Role.OFFICE)
    for user in (colleague, world["users"]["orgdept"], world["users"]["operator"]):
        client = as_user("office")
        client.force_login(user)
        assert client.get(reverse("registry:roster_job", args=[job.pk])).status_code == 404
    client.force_login(world["users"]["cadre"])
    assert client.get(reverse("registry:roster_job", args=[job.pk])).status_code == 403


# ------------------------------------------------------------------ export


def test_the_export_job_gives_the_file_the_direct_download_gives(as_user, world):
    client = as_user("office")
    response = client.post(reverse("registry:roster_export_start"))
    job = Job.objects.get(kind="roster_export")
    assert response["Location"] == reverse("registry:roster_job", args=[job.pk])
    assert 'data-status="queued"' in client.get(response["Location"]).content.decode()
    assert client.get(reverse("registry:roster_job_file", args=[job.pk])).status_code == 404

    run_pending_tasks()
    page = client.get(response["Location"]).content.decode()
    link = reverse("registry:roster_job_file", args=[job.pk])
    assert "导出完成" in page and "共 5 名干部" in page and link in page
    download = client.get(link)
    assert download["Content-Type"] == XLSX
    assert "attachment; filename*=UTF-8''" in download["Content-Disposition"]
    direct = client.get(reverse("registry:roster_export")).content
    assert values(download.content) == values(direct)
    assert values(download.content) == values(roster_export(full_ids=True))
    assert {row[0] for row in values(download.content)["干部"][1:]} == set(
        Cadre.objects.values_list("id_number", flat=True)
    )


def test_a_unit_operators_export_job_holds_their_unit_masked(as_user, world):
    client = as_user("operator")
    client.post(reverse("registry:roster_export_start"))
    run_pending_tasks()
    job = Job.objects.get()
    content = client.get(reverse("registry:roster_job_file", args=[job.pk])).content
    cadres = values(content)["干部"][1:]
    assert {row[3] for row in cadres} == {"D01"} and len(cadres) == 2
    jia = world["cadres"]["甲一"]
    assert {row[0] for row in cadres} >= {jia.masked_id_number}
    assert jia.id_number not in {row[0] for row in cadres}


@pytest.mark.parametrize("other", ["other_operator", "leader", "orgdept", "office"])
def test_another_users_export_and_its_file_are_not_found(as_user, world, other):
    client = as_user("operator")
    client.post(reverse("registry:roster_export_start"))
    run_pending_tasks()
    job = Job.objects.get()
    client.force_login(world["users"][other])
    assert client.get(reverse("registry:roster_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:roster_job_file", args=[job.pk])).status_code == 404


def test_starting_an_export_is_for_those_who_may_export_and_only_by_post(as_user, world):
    client = as_user("cadre")
    assert client.post(reverse("registry:roster_export_start")).status_code == 403
    client = as_user("office")
    assert client.get(reverse("registry:roster_export_start")).status_code == 405
    assert not Job.objects.exists()


def test_the_export_answers_htmx_in_place_and_polls_until_done(as_user, world):
    client = as_user("orgdept")
    response = client.post(reverse("registry:roster_export_start"), HTTP_HX_REQUEST="true")
    job = Job.objects.get()
    url = reverse("registry:roster_job", args=[job.pk])
    assert response["HX-Push-Url"] == url
    fragment = response.content.decode()
    assert f'hx-get="{url}"' in fragment and "<h1>" not in fragment
    run_pending_tasks()
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and 'data-testid="job-download"' in done


def test_the_roster_pages_start_an_export_job_rather_than_link_the_file(as_user, world):
    client = as_user("office")
    start = reverse("registry:roster_export_start")
    for url in (
        reverse("registry:cadres"),
        reverse("registry:roster_import"),
        reverse("registry:unit_detail", args=["D01"]),
    ):
        body = client.get(url).content.decode()
        assert f'action="{start}"' in body, url
        assert reverse("registry:roster_export") not in body, url


# ------------------------------------------------------------------ the streamed workbook


def openpyxl_export(full_ids: bool) -> bytes:
    """The export as the in-request writer made it before issue 13: openpyxl's ordinary
    workbook, every value through ``append_row``, from model instances."""
    from openpyxl import Workbook

    from cadrex.documents.xlsx import append_row
    from cadrex.registry import idnumber
    from cadrex.registry.roster.export import _fmt

    def export_cell(column, cadre, shown):
        if column.kind == "unit":
            return cadre.unit.code
        if column.kind == "idnumber":
            return shown(cadre.id_number)
        return _fmt(column, getattr(cadre, column.field))

    shown = (lambda n: n) if full_ids else idnumber.mask
    wb = Workbook()
    wb.remove(wb.active)
    sheets = [
        (roster.UNIT_SHEET, roster.UNIT_COLUMNS, []),
        (roster.CADRE_SHEET, roster.CADRE_COLUMNS, []),
        (roster.POST_SHEET, roster.POST_COLUMNS, []),
    ]
    for unit in Unit.objects.order_by("code"):
        sheets[0][2].append([_fmt(c, getattr(unit, c.field)) for c in roster.UNIT_COLUMNS])
    for cadre in Cadre.objects.select_related("unit").order_by("unit__code", "id"):
        sheets[1][2].append([export_cell(c, cadre, shown) for c in roster.CADRE_COLUMNS])
    posts = MiddleLevelPost.objects.select_related("cadre", "unit")
    for p in posts.order_by("unit__code", "section", "level", "id"):
        level, kind, since = roster.POST_COLUMNS[4:]
        sheets[2][2].append(
            [
                shown(p.cadre.id_number),
                p.cadre.name,
                p.unit.code,
                p.section,
                _fmt(level, p.level),
                _fmt(kind, p.kind),
                _fmt(since, p.since),
            ]
        )
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title)
        append_row(ws, [c.header + ("*" if c.required else "") for c in columns])
        for row in rows:
            append_row(ws, row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def blank_as_none(sheets: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """openpyxl keeps "" cells as empty strings; the streamed writer leaves them out."""
    out = {}
    for title, rows in sheets.items():
        cleaned = [tuple(None if v == "" else v for v in row) for row in rows]
        out[title] = [
            row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)]
            for row in cleaned
        ]
    return out


@pytest.mark.parametrize("full_ids", [True, False])
def test_the_streamed_export_holds_what_the_openpyxl_workbook_held(world, clock, full_ids):
    from cadrex.registry.roster import roster_import

    hostile = [
        cadre_row(
            make_id(clock.born(40, 2, 3), 701),
            "=1+1",
            "D02",
            current_post="@SUM(A1)",
            resume="一行\n二行\r\n  缩进  ",
            post_since="2015.07",
            appraisals=f"{clock.year - 2}:优秀;{clock.year - 1}:称职",
        )
    ]
    roster_import(actor=None, fileobj=workbook_bytes(cadres=hostile))
    streamed = blank_as_none(values(roster_export(full_ids=full_ids)))
    reference = blank_as_none(values(openpyxl_export(full_ids)))
    assert streamed == reference
    assert any("=1+1" in row for row in streamed["干部"])


def test_with_the_immediate_backend_the_page_answers_with_the_outcome(
    as_user, world, clock, settings
):
    """CADREX_TASKS_BACKEND=…ImmediateBackend (no worker): the job runs inside its request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = as_user("office")
    response = post_upload(client, newcomers(clock, 2))
    assert Job.objects.get().status == JobStatus.DONE
    page = client.get(response["Location"]).content.decode()
    assert "导入成功" in page and "hx-trigger" not in page
    assert Cadre.objects.filter(name__startswith="新人").count() == 2
