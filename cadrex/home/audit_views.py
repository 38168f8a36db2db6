"""The office's page on the audit log (the log itself is cadrex.audit, a leaf)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.audit.models import ACTION_LABELS, Event, object_type_label


@role_required(Role.OFFICE)
def events(request):
    """The log, newest first, filterable by object (type and id) and by action."""
    qs = Event.objects.select_related("actor")
    filters = {k: request.GET.get(k, "").strip() for k in ("object_type", "object_id", "action")}
    if filters["object_type"]:
        qs = qs.filter(object_type=filters["object_type"])
    if filters["object_id"]:
        qs = qs.filter(object_id=filters["object_id"])
    if filters["action"]:
        qs = qs.filter(action=filters["action"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    types = Event.objects.order_by().values_list("object_type", flat=True).distinct()
    return render(
        request,
        "audit/events.html",
        {
            "page": page,
            "filters": filters,
            "types": [(t, object_type_label(t)) for t in sorted(set(types))],
            "actions": ACTION_LABELS,
        },
    )
