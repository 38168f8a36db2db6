"""The juror role of a person with a login (ADR 0014): a juror seat that names the person's
account (``Juror.user``) on a hearing not yet finished gives them the juror role, whose
to-dos are their seats' scoring links. Registered with accounts in ``HomeConfig.ready``
(accounts sits below the parts and never imports them)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.accounts.roles import HeldRole
from cadrex.competition.models import HearingStatus, Juror, ScoringState

OPEN_HEARINGS = (HearingStatus.PLANNED, HearingStatus.RUNNING)
JUROR_KEY = "juror"


def open_seats(user: User) -> QuerySet[Juror]:
    """The person's juror seats on hearings not yet finished, with how many contestants are
    being scored right now."""
    return (
        Juror.objects.filter(user_id=user.pk, hearing__status__in=OPEN_HEARINGS)
        .select_related("hearing__opening__unit")
        .annotate(
            scoring_now=Count(
                "hearing__contestants",
                filter=Q(hearing__contestants__scoring=ScoringState.OPEN),
                distinct=True,
            )
        )
        .order_by("hearing__scheduled_at", "hearing_id", "id")
    )


def juror_roles(user: User) -> list[HeldRole]:
    """The juror role, while the person holds a seat on a hearing not yet finished."""
    if Juror.objects.filter(user_id=user.pk, hearing__status__in=OPEN_HEARINGS).exists():
        return [HeldRole(JUROR_KEY, Role.JUROR, source="juror_seat")]
    return []


def seat_todos(seats) -> list[dict]:
    """Each seat as a to-do: the hearing, when and where, and the personal scoring link."""
    return [
        {
            "seat": seat,
            "hearing": seat.hearing,
            "scoring_now": seat.scoring_now,
            "link": reverse("juror_page", args=[seat.token]),
        }
        for seat in seats
    ]
