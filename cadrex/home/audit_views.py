"""The office's page on the audit log (the log itself is cadrex.audit, a leaf)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.audit.display import entries
from cadrex.audit.forms import EventFilterForm
from cadrex.audit.models import Event


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return f"{query.urlencode()}&" if query else ""


@role_required(Role.OFFICE)
def events(request):
    """The log, newest first, in words: filterable by object (type and id), by action and
    by person."""
    form = EventFilterForm(request.GET)
    found = form.filter(Event.objects.select_related("actor"))
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page": page,
            "entries": entries(page),
            "querystring": _querystring_without_page(request),
        },
    )
