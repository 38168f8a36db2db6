"""The registry's background jobs (ADR 0010): importing a roster and exporting one.

A page records the job and queues one of these tasks (``job_start``); a worker runs it
(``manage.py db_worker``, or ``run_pending_tasks`` in tests). The work re-reads who started
the job and checks that they still may import or export, as the page did: rights taken away
in between count.
"""

from __future__ import annotations

import io
from dataclasses import asdict

from django.utils import timezone
from django_tasks import task

from cadrex.accounts.access import sees_full_id_number
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.jobs.models import Job, JobStatus
from cadrex.jobs.selectors import job_input
from cadrex.jobs.services import Outcome, OutputFile, Progress, job_run
from cadrex.registry.access import units_for
from cadrex.registry.roster import RosterError, RosterInvalid, roster_export_to, roster_import

ROSTER_IMPORT = "roster_import"
ROSTER_EXPORT = "roster_export"
KINDS = (ROSTER_IMPORT, ROSTER_EXPORT)
# Who may start each (the same roles as the pages that did the work in the request).
IMPORTERS = (Role.OFFICE,)
EXPORTERS = (Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
ROLES = {ROSTER_IMPORT: IMPORTERS, ROSTER_EXPORT: EXPORTERS}

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_KEPT = 500  # the page lists the first 500 refusals and says how many there were
NO_LONGER_ALLOWED = "发起人已无权办理此事项，任务未执行。"


def export_filename() -> str:
    return f"干部名册_{timezone.localdate():%Y%m%d}.xlsx"


def refusal(errors: list[RosterError]) -> dict:
    """A refused import's result: the first refusals (sheet, row, column, message), and how
    many there were."""
    return {
        "errors": [
            {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message}
            for e in errors[:ERRORS_KEPT]
        ],
        "error_count": len(errors),
    }


def _allowed(job: Job) -> bool:
    owner = job.owner
    return owner is not None and owner.is_active and owner.role in ROLES[job.kind]


def _import(job: Job, progress: Progress) -> Outcome:
    if not _allowed(job):
        return Outcome(
            JobStatus.REFUSED, refusal([RosterError("文件", None, None, NO_LONGER_ALLOWED)])
        )
    try:
        result = roster_import(
            actor=job.owner,
            fileobj=io.BytesIO(job_input(job)),
            filename=job.params.get("filename", ""),
            progress=progress,
        )
    except RosterInvalid as invalid:
        return Outcome(JobStatus.REFUSED, refusal(invalid.errors))
    return Outcome(
        JobStatus.DONE,
        {"counts": asdict(result), "changed": result.changed, "summary": result.summary()},
    )


def _export(job: Job, progress: Progress) -> Outcome:
    if not _allowed(job):
        return Outcome(JobStatus.REFUSED, {"message": NO_LONGER_ALLOWED})
    out = io.BytesIO()
    count = roster_export_to(
        out,
        units_for(job.owner),
        full_ids=sees_full_id_number(job.owner),
        progress=progress,
    )
    return Outcome(
        JobStatus.DONE,
        {"cadres": count},
        OutputFile(export_filename(), out.getvalue(), XLSX),
    )


@task()
def roster_import_task(job_id: str) -> str:
    return job_run(job_id, _import)


@task()
def roster_export_task(job_id: str) -> str:
    return job_run(job_id, _export)


TASKS = {ROSTER_IMPORT: roster_import_task, ROSTER_EXPORT: roster_export_task}
