"""Each role's home page: the open steps, what to do in them, the to-dos of both parts; and
the page of a person's roles, each with its own to-dos (ADR 0014).

It spans the apps (the roster, both parts, the log), so it sits on top of them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.accounts.roles import acting_copy, active_key, request_roles
from cadrex.audit.models import Event
from cadrex.campaigns.selectors import current_campaign, schedule_rows
from cadrex.competition.todos import todo_counts
from cadrex.exchange.selectors import exchange_todos
from cadrex.home.roles import open_seats, seat_todos
from cadrex.home.todo import tasks_for
from cadrex.registry.access import cadres_for, units_for
from cadrex.registry.selectors import units_with_headcount


def _facts(user) -> dict:
    """A few figures for the role's home page, scoped like everything else."""
    if user.role in (Role.OFFICE, Role.ORGDEPT):
        return {
            "unit_count": units_for(user).count(),
            "cadre_count": cadres_for(user).count(),
            "recent_events": Event.objects.select_related("actor")[:5] if user.is_office else [],
        }
    if user.role in UNIT_ROLES:
        return {"unit": units_with_headcount(units_for(user)).first()}
    if user.role == Role.CADRE:
        campaign = current_campaign()
        current = None
        if campaign:
            current = (
                campaign.applications.filter(cadre=user.cadre, active=True)
                .select_related("opening__unit")
                .first()
            )
        return {"cadre": user.cadre, "application": current}
    if user.role == Role.JUROR:
        return {"seats": seat_todos(open_seats(user))}
    return {}


def _todos(user, campaign) -> list[dict]:
    if not campaign:
        return []
    return todo_counts(user, campaign) + exchange_todos(user, campaign)


@login_required
def home(request):
    campaign = current_campaign()
    rows = schedule_rows(campaign) if campaign else []
    context = {
        "campaign": campaign,
        "tasks": tasks_for(request.user.role, [r for r in rows if r["state"] == "open"]),
        "upcoming": [r for r in rows if r["state"] == "upcoming"][:3],
        "todos": _todos(request.user, campaign),
        **_facts(request.user),
    }
    return render(request, f"home/{request.user.role}.html", context)


@login_required
def roles(request):
    """Every role the person holds, each with what awaits them in it — as leader, as cadre,
    as juror — and a button to act in it. Each role's to-dos are computed as that role (a
    copy of the user acting in it); the request itself keeps its role."""
    campaign = current_campaign()
    open_rows = [r for r in schedule_rows(campaign) if r["state"] == "open"] if campaign else []
    current = active_key(request.user)
    sections = []
    for held in request_roles(request.user):
        as_role = acting_copy(request.user, held)
        section = {"held": held, "active": held.key == current}
        if held.role == Role.JUROR:
            section["seats"] = seat_todos(open_seats(as_role))
        else:
            section["tasks"] = tasks_for(held.role, open_rows)
            section["todos"] = _todos(as_role, campaign)
        sections.append(section)
    return render(request, "home/roles.html", {"campaign": campaign, "sections": sections})
