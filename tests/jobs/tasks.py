"""Tasks for the job runner's own tests (the worker imports them by their dotted path)."""

from __future__ import annotations

from django_tasks import task

from cadrex.jobs.models import JobStatus
from cadrex.jobs.services import Outcome, OutputFile, job_run


def _count(job, progress) -> Outcome:
    total = job.params["rows"]
    for done in range(1, total + 1):
        progress("计数", done, total)
    return Outcome(JobStatus.DONE, {"counted": total}, OutputFile("计数.txt", b"%d" % total))


def _refuse(job, progress) -> Outcome:
    return Outcome(JobStatus.REFUSED, {"message": "不行"})


def _explode(job, progress) -> Outcome:
    progress("半途", 1, 2)
    raise RuntimeError("boom")


@task()
def count_task(job_id: str) -> str:
    return job_run(job_id, _count)


@task()
def refuse_task(job_id: str) -> str:
    return job_run(job_id, _refuse)


@task()
def explode_task(job_id: str) -> str:
    return job_run(job_id, _explode)
