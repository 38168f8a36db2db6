"""The job runner (ADR 0010): a job recorded with its task, run by the worker in-process,
its progress and outcome kept; only its owner reaches it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from cadrex.jobs.access import access_job
from cadrex.jobs.models import FileRole, Job, JobFile, JobStatus
from cadrex.jobs.selectors import job_input, job_output, recent_jobs
from cadrex.jobs.services import (
    JobProgress,
    OutputFile,
    job_claim,
    job_fail,
    job_start,
    jobs_prune,
)
from cadrex.jobs.worker import run_pending_tasks
from tests.jobs.tasks import count_task, explode_task, refuse_task


@pytest.fixture
def office(world):
    return world["users"]["office"]


def test_it_records_the_job_and_its_upload_and_queues_the_task_in_one_go(office):
    job = job_start(
        kind="count",
        owner=office,
        task=count_task,
        params={"rows": 3},
        upload=OutputFile("上传.xlsx", b"PK\x03\x04data"),
    )
    assert job.status == JobStatus.QUEUED and job.owner == office
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.task_path == "tests.jobs.tasks.count_task"
    assert task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}
    assert job_input(job) == b"PK\x03\x04data"
    assert JobFile.objects.get(job=job).size == 8


def test_the_worker_runs_it_and_keeps_the_outcome_and_the_file(office):
    job = job_start(kind="count", owner=office, task=count_task, params={"rows": 40})
    assert run_pending_tasks() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"counted": 40}
    assert job.started_at is not None and job.finished_at is not None
    assert bytes(job_output(job).content) == b"40" and job_output(job).name == "计数.txt"
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    assert run_pending_tasks() == 0  # nothing is left, nothing runs twice


def test_a_refused_job_keeps_why(office):
    job = job_start(kind="count", owner=office, task=refuse_task)
    run_pending_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.REFUSED and job.result == {"message": "不行"}
    assert job_output(job) is None


def test_a_job_whose_work_raises_is_failed_with_a_message_and_the_task_with_the_trace(office):
    job = job_start(kind="count", owner=office, task=explode_task)
    run_pending_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "处理时出错" in job.message
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "FAILED" and "RuntimeError: boom" in task.traceback


def test_progress_is_written_a_few_times_per_stage_not_per_row(office):
    job = job_start(kind="count", owner=office, task=count_task, params={"rows": 1000})
    job = job_claim(job.pk)
    progress = JobProgress(job.pk)
    with CaptureQueriesContext(connection) as queries:
        for done in range(1, 1001):
            progress("校验", done, 1000)
            if done == 500:
                job.refresh_from_db()
                assert (job.stage, job.done, job.total) == ("校验", 500, 1000)
                assert job.percent == 50
    writes = [q for q in queries if q["sql"].startswith("UPDATE")]
    assert 15 <= len(writes) <= 25
    job.refresh_from_db()
    assert (job.done, job.total) == (1000, 1000)


def test_a_job_is_claimed_once_and_a_finished_one_cannot_fail_again(office):
    job = job_start(kind="count", owner=office, task=count_task, params={"rows": 1})
    assert job_claim(job.pk) is not None
    assert job_claim(job.pk) is None  # another worker took it already
    run_pending_tasks()  # the queued task finds its job running: it leaves it alone
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job_fail(job.pk) is True
    assert job_fail(job.pk) is False


def test_only_the_owner_reaches_a_job(world, office):
    job = job_start(kind="count", owner=office, task=count_task, params={"rows": 1})
    assert access_job(office, job.pk, kinds=("count",)) == job
    for name in ("orgdept", "operator", "cadre"):
        with pytest.raises(Http404):
            access_job(world["users"][name], job.pk, kinds=("count",))
    with pytest.raises(Http404):
        access_job(office, job.pk, kinds=("other",))
    with pytest.raises(Http404):
        access_job(office, "not-a-uuid", kinds=("count",))


def test_recent_jobs_are_the_owners_own_newest_first(world, office, clock):
    first = job_start(kind="count", owner=office, task=count_task, params={"rows": 1})
    Job.objects.filter(pk=first.pk).update(created_at=clock.now - timedelta(minutes=5))
    second = job_start(kind="count", owner=office, task=count_task, params={"rows": 1})
    job_start(kind="count", owner=world["users"]["orgdept"], task=count_task, params={"rows": 1})
    assert recent_jobs(office, kinds=("count",)) == [second, first]
    assert recent_jobs(office, kinds=("other",)) == []


def test_prune_deletes_old_finished_jobs_and_their_files_only(office, clock):
    old_done = job_start(kind="count", owner=office, task=count_task, params={"rows": 1})
    run_pending_tasks()
    old_queued = job_start(kind="count", owner=office, task=count_task, params={"rows": 1})
    new_done = job_start(kind="count", owner=office, task=refuse_task)
    Job.objects.filter(pk__in=[old_done.pk, old_queued.pk]).update(
        created_at=clock.now - timedelta(days=10)
    )
    Job.objects.filter(pk=new_done.pk).update(status=JobStatus.DONE)
    assert jobs_prune(before=clock.now - timedelta(days=7)) == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {old_queued.pk, new_done.pk}
    assert not JobFile.objects.filter(job_id=old_done.pk, role=FileRole.OUTPUT).exists()


def test_the_prune_command_says_how_many_it_deleted(office, clock, capsys):
    from django.core.management import call_command

    job = job_start(kind="count", owner=office, task=refuse_task)
    run_pending_tasks()
    Job.objects.filter(pk=job.pk).update(created_at=clock.now - timedelta(days=30))
    call_command("prune_jobs", "--days", "7")
    assert "已删除 1 个 7 天前结束的后台任务" in capsys.readouterr().out
    assert not Job.objects.exists()
