"""Registry pages: units with headcounts, cadres with search, roster import and export."""

from __future__ import annotations

from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cadrex.accounts.access import ROSTER_WIDE, role_required, sees_full_id_number
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.registry.access import access_cadre, access_unit, cadres_for, units_for
from cadrex.registry.forms import RosterUploadForm
from cadrex.registry.models import RANK_CHOICES
from cadrex.registry.roster import RosterInvalid, roster_export, roster_import, roster_template
from cadrex.registry.selectors import cadre_search, units_with_headcount

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
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
    page = Paginator(cadre_search(scoped, **filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "units": units_for(request.user) if request.user.role in ROSTER_WIDE else [],
        "ranks": RANK_CHOICES,
        "full_id": sees_full_id_number(request.user),
        "querystring": _querystring_without_page(request),
    }
    template = "registry/cadres.html#cadre_rows" if request.htmx else "registry/cadres.html"
    return render(request, template, context)


@role_required(*ROSTER_WIDE, *UNIT_ROLES, Role.CADRE)
def cadre_detail(request, pk: int):
    cadre = access_cadre(request.user, pk)
    return render(
        request,
        "registry/cadre_detail.html",
        {"cadre": cadre, "full_id": sees_full_id_number(request.user)},
    )


@role_required(Role.CADRE)
def me(request):
    return redirect("registry:cadre_detail", pk=request.user.cadre_id)


@role_required(Role.OFFICE)
@require_http_methods(["GET", "POST"])
def roster_import_view(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = roster_import(actor=request.user, fileobj=upload, filename=upload.name)
        except RosterInvalid as invalid:
            errors = invalid.errors
    context = {"form": form, "errors": errors, "result": result}
    template = (
        "registry/roster_import.html#import_result"
        if request.htmx
        else "registry/roster_import.html"
    )
    return render(request, template, context)


@role_required(Role.OFFICE)
def roster_template_download(request):
    return _xlsx(roster_template(), "干部名册导入模板.xlsx")


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def roster_export_download(request):
    stamp = timezone.localdate().strftime("%Y%m%d")
    content = roster_export(units_for(request.user), full_ids=sees_full_id_number(request.user))
    return _xlsx(content, f"干部名册_{stamp}.xlsx")
