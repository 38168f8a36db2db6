"""Reads of jobs and their files (never a write)."""

from __future__ import annotations

from cadrex.jobs.models import FileRole, Job, JobFile


def recent_jobs(user, *, kinds: tuple[str, ...], limit: int = 5) -> list[Job]:
    """The user's own latest jobs of these kinds (one query, whatever their number)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Job.objects.filter(owner=user, kind__in=kinds).order_by("-created_at")[:limit])


def job_input(job: Job) -> bytes:
    """The uploaded file's bytes."""
    content = JobFile.objects.filter(job=job, role=FileRole.INPUT).values_list("content", flat=True)
    return bytes(content.get())


def job_output(job: Job) -> JobFile | None:
    """The file the job made, with its content."""
    return JobFile.objects.filter(job=job, role=FileRole.OUTPUT).first()


def job_output_name(job: Job) -> str:
    """The name of the file the job made ("" if none), without reading its content."""
    name = (
        JobFile.objects.filter(job=job, role=FileRole.OUTPUT).values_list("name", flat=True).first()
    )
    return name or ""
