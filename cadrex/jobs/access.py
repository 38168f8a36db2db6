"""The door to a job: only the person who started it sees it (and downloads its file).

Whoever else asks — another user, another unit's operator, the same office's colleague —
gets 404, as for any record outside their scope: a job's address says nothing of whether it
exists. The app that owns the work checks the role first, as its own pages do."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from cadrex.jobs.models import Job

NOT_FOUND = "没有找到该任务，或您无权查看。"


def access_job(user, job_id, *, kinds: tuple[str, ...]) -> Job:
    if not getattr(user, "is_authenticated", False):
        raise Http404(NOT_FOUND)
    try:
        return Job.objects.get(pk=job_id, owner=user, kind__in=kinds)
    except (Job.DoesNotExist, ValidationError, ValueError):
        raise Http404(NOT_FOUND) from None
