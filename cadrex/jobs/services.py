"""Every write to a job: start (record + enqueue), claim, progress, finish, fail, prune.

A job moves queued → running → done | refused | failed, each move one guarded UPDATE (a
job another worker already claimed, or one already finished, is left alone). A job's work is
a plain function ``work(job, progress) -> Outcome`` that a task of the app that owns the work
hands to ``job_run`` (see cadrex/registry/tasks.py); the runner itself is django-tasks with
its database backend (ADR 0010).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cadrex.jobs.models import FINISHED, FileRole, Job, JobFile, JobStatus

logger = logging.getLogger(__name__)

# Which status may follow which (the only moves there are).
MOVES: dict[str, tuple[str, ...]] = {
    JobStatus.QUEUED: (JobStatus.RUNNING, JobStatus.FAILED),
    JobStatus.RUNNING: (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED),
}
FAILED_MESSAGE = "处理时出错，未完成。请重试；如仍出错，请把任务编号告知系统管理员。"

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class OutputFile:
    name: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Outcome:
    """What a job's work came to: done (with a result and maybe a file) or refused (the
    input failed its checks and nothing was written; ``result`` says why)."""

    status: str = JobStatus.DONE
    result: dict = field(default_factory=dict)
    output: OutputFile | None = None


def _moved_from(status: str) -> list[str]:
    return [before for before, after in MOVES.items() if status in after]


def job_start(
    *,
    kind: str,
    owner,
    task,
    params: dict | None = None,
    upload: OutputFile | None = None,
) -> Job:
    """Record a job (with its uploaded file) and enqueue ``task(job_id)``, in one transaction:
    the worker never sees a task whose job or file is missing."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, owner=owner, params=params or {})
        if upload is not None:
            JobFile.objects.create(
                job=job,
                role=FileRole.INPUT,
                name=upload.name[:200],
                content_type=upload.content_type,
                size=len(upload.content),
                content=upload.content,
            )
        result = task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def _move(job_id, status: str, **fields) -> bool:
    """One guarded move; False when the job was not in a status this move may follow."""
    moved = Job.objects.filter(pk=job_id, status__in=_moved_from(status)).update(
        status=status, **fields
    )
    return moved == 1


def job_claim(job_id) -> Job | None:
    """queued → running; None when the job is gone or someone already took it."""
    if not _move(job_id, JobStatus.RUNNING, started_at=timezone.now(), stage="开始处理"):
        return None
    return Job.objects.get(pk=job_id)


class JobProgress:
    """``progress(stage, done, total)``: a few UPDATEs per stage (at each new stage and about
    every twentieth of the way), so a long loop does not write a row per line."""

    def __init__(self, job_id, *, steps: int = 20):
        self.job_id, self.steps = job_id, steps
        self.stage, self.next_at = None, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == self.stage and done < self.next_at and done < total:
            return
        step = max(1, total // self.steps)
        self.stage, self.next_at = stage, (done // step + 1) * step
        Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
            stage=stage[:100], done=max(0, done), total=max(0, total)
        )


def job_finish(job: Job, outcome: Outcome) -> bool:
    """running → done or refused, with the result and the output file, in one transaction."""
    with transaction.atomic():
        moved = _move(
            job.pk,
            outcome.status,
            result=outcome.result,
            finished_at=timezone.now(),
            stage="",
        )
        if moved and outcome.output is not None:
            JobFile.objects.create(
                job_id=job.pk,
                role=FileRole.OUTPUT,
                name=outcome.output.name[:200],
                content_type=outcome.output.content_type,
                size=len(outcome.output.content),
                content=outcome.output.content,
            )
    return moved


def job_fail(job_id, message: str = FAILED_MESSAGE) -> bool:
    return _move(
        job_id, JobStatus.FAILED, message=message[:500], finished_at=timezone.now(), stage=""
    )


def job_run(job_id, work: Callable[[Job, Progress], Outcome]) -> str:
    """The body of every job task: claim, work with progress, finish — or fail and re-raise
    (so the task runner records the traceback too). Returns the job's final status."""
    job = job_claim(job_id)
    if job is None:
        logger.warning("job %s was not queued any more; skipped", job_id)
        return ""
    try:
        outcome = work(job, JobProgress(job.pk))
    except Exception:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        job_fail(job.pk)
        raise
    job_finish(job, outcome)
    return outcome.status


def jobs_prune(*, before: datetime) -> int:
    """Delete finished jobs (and their files) created before ``before``; queued and running
    ones are kept whatever their age."""
    _, per_model = Job.objects.filter(created_at__lt=before, status__in=FINISHED).delete()
    return per_model.get(Job._meta.label, 0)
