"""Registry pages: units with headcounts, cadres with search, roster import and export."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cadrex.accounts.access import ROSTER_WIDE, require_role, role_required, sees_full_id_number
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.jobs.access import access_job
from cadrex.jobs.models import JobStatus
from cadrex.jobs.selectors import job_output, job_output_name, recent_jobs
from cadrex.jobs.services import OutputFile, job_start
from cadrex.registry.access import access_cadre, access_unit, cadres_for, units_for
from cadrex.registry.forms import RosterUploadForm
from cadrex.registry.models import RANK_CHOICES
from cadrex.registry.photo_views import PhotoUploadForm, may_upload_photo
from cadrex.registry.photos import cadre_photo_uri
from cadrex.registry.roster import (
    RosterInvalid,
    check_roster_file,
    roster_export,
    roster_template,
)
from cadrex.registry.selectors import cadre_page, cadre_search, units_with_headcount
from cadrex.registry.tasks import (
    EXPORTERS,
    IMPORTERS,
    KINDS,
    ROLES,
    ROSTER_EXPORT,
    ROSTER_IMPORT,
    XLSX,
    export_filename,
    roster_export_task,
    roster_import_task,
)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _querystring_without_cursor(request) -> str:
    query = request.GET.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    return f"{query.urlencode()}&" if query else ""


@role_required(*ROSTER_WIDE)
def units(request):
    rows = units_with_headcount(units_for(request.user))
    return render(request, "registry/units.html", {"units": rows})


@role_required(*ROSTER_WIDE, *UNIT_ROLES)
def unit_detail(request, code: str):
    unit = access_unit(request.user, code)
    unit = units_with_headcount(units_for(request.user)).get(pk=unit.pk)
    posts = unit.middle_level_posts.select_related("cadre").order_by("section", "level")
    return render(request, "registry/unit_detail.html", {"unit": unit, "posts": posts})


@role_required(*UNIT_ROLES)
def my_unit(request):
    return redirect("registry:unit_detail", code=request.user.unit.code)


@role_required(*ROSTER_WIDE, *UNIT_ROLES)
def cadres(request):
    scoped = cadres_for(request.user)
    filters = {k: request.GET.get(k, "") for k in ("q", "unit", "rank", "middle_level")}
    if request.user.role in UNIT_ROLES:
        filters["unit"] = ""  # already scoped to their own unit
    page = cadre_page(
        cadre_search(scoped, **filters),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    context = {
        "page": page,
        "filters": filters,
        "units": units_for(request.user) if request.user.role in ROSTER_WIDE else [],
        "ranks": RANK_CHOICES,
        "full_id": sees_full_id_number(request.user),
        "querystring": _querystring_without_cursor(request),
        "recent": recent_jobs(request.user, kinds=(ROSTER_EXPORT,), limit=3),
    }
    template = "registry/cadres.html#cadre_rows" if request.htmx else "registry/cadres.html"
    return render(request, template, context)


@role_required(*ROSTER_WIDE, *UNIT_ROLES, Role.CADRE)
def cadre_detail(request, pk: int):
    cadre = access_cadre(request.user, pk)
    return render(
        request,
        "registry/cadre_detail.html",
        {
            "cadre": cadre,
            "full_id": sees_full_id_number(request.user),
            "photo": cadre_photo_uri(cadre),
            "photo_form": PhotoUploadForm() if may_upload_photo(request.user, cadre) else None,
        },
    )


@role_required(Role.CADRE)
def me(request):
    return redirect("registry:cadre_detail", pk=request.user.cadre_id)


@role_required(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def roster_import_view(request):
    """The upload is checked by the workbook guard here (a bomb is refused at once), then
    saved and queued: the worker checks every row and writes, the job page shows how far
    it got and what came of it."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = b"".join(upload.chunks())
        try:
            check_roster_file(io.BytesIO(content))
        except RosterInvalid as invalid:
            errors = invalid.errors
        else:
            job = job_start(
                kind=ROSTER_IMPORT,
                owner=request.user,
                task=roster_import_task,
                params={"filename": upload.name},
                upload=OutputFile(upload.name, content, XLSX),
            )
            return _job_started(request, job)
    context = {
        "form": form,
        "errors": errors,
        "error_count": len(errors),
        "recent": recent_jobs(request.user, kinds=KINDS),
    }
    template = (
        "registry/roster_import.html#import_result"
        if request.htmx
        else "registry/roster_import.html"
    )
    return render(request, template, context)


@role_required(*EXPORTERS)
@require_POST
def roster_export_start(request):
    job = job_start(kind=ROSTER_EXPORT, owner=request.user, task=roster_export_task)
    return _job_started(request, job)


def _job_started(request, job):
    """htmx: the job's status in place, polling, with the job's own address in the bar;
    otherwise (no script) to the job's page."""
    url = reverse("registry:roster_job", args=[job.pk])
    if request.htmx:
        response = render(request, "registry/roster_job.html#job_status", _job_context(job))
        response["HX-Push-Url"] = url
        return response
    return redirect(url)


def _job(request, pk):
    job = access_job(request.user, pk, kinds=KINDS)
    require_role(request.user, *ROLES[job.kind])
    return job


def _job_context(job) -> dict:
    result = job.result or {}
    return {
        "job": job,
        "errors": result.get("errors", []),
        "error_count": result.get("error_count", 0),
        "result": result if job.kind == ROSTER_IMPORT and job.status == JobStatus.DONE else None,
        "output": job_output_name(job),
    }


@role_required(*EXPORTERS)
def roster_job(request, pk):
    job = _job(request, pk)
    template = "registry/roster_job.html#job_status" if request.htmx else "registry/roster_job.html"
    return render(request, template, _job_context(job))


@role_required(*EXPORTERS)
def roster_job_file(request, pk):
    job = _job(request, pk)
    output = job_output(job) if job.status == JobStatus.DONE else None
    if output is None:
        raise Http404("该任务没有可下载的文件。")
    return _xlsx(bytes(output.content), output.name)


@role_required(*IMPORTERS)
def roster_template_download(request):
    return _xlsx(roster_template(), "干部名册导入模板.xlsx")


@role_required(*EXPORTERS)
def roster_export_download(request):
    """The roster at once, streamed from the database (the pages start a background job
    instead; this address stays for links and scripts that fetch the file directly)."""
    content = roster_export(units_for(request.user), full_ids=sees_full_id_number(request.user))
    return _xlsx(content, export_filename())
