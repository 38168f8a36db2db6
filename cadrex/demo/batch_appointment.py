"""A11's services for many openings at once, for the demo (see ``bulk``): the package
(``appointment_prepare`` of a new appointment), ``appointment_submit``, the orgdept's
approval (``appointment_review``) and the publicity (``appointment_publicise``).

The same checks from ``cadrex.rules``, the same records and one audit event per act, each
status moving through ``campaigns.transitions``, with the decided rounds, the elected
people and their posts read once for all openings. Revising a returned package and
publishing after the publicity (which moves the person's post) are left to the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.utils import timezone

from cadrex.campaigns import transitions
from cadrex.campaigns.calendar import work_calendar
from cadrex.competition.models import (
    Appointment,
    BallotRound,
    BallotStatus,
    Opening,
)
from cadrex.demo.bulk import Schedule
from cadrex.registry.models import MiddleLevelPost
from cadrex.rules import RuleViolation
from cadrex.rules.appointment import Standing, is_promotion, publicity_end, review_note
from cadrex.rules.schedule import Step
from cadrex.rules.transitions import APPOINTMENT


class Appointments:
    """A11 for many openings, acting on each appointment as the services would."""

    def __init__(self, openings: Sequence[Opening]) -> None:
        ids = [o.pk for o in openings]
        self.calendar = work_calendar()  # A11 counts China's working days (ADR 0012)
        self.decided = {
            b.opening_id: b
            for b in BallotRound.objects.filter(
                opening_id__in=ids, status=BallotStatus.DECIDED
            ).select_related("elected__cadre__unit")
        }
        people = [b.elected.cadre_id for b in self.decided.values()]
        self.posts = {p.cadre_id: p for p in MiddleLevelPost.objects.filter(cadre_id__in=people)}
        self.found = {
            a.opening_id: a
            for a in Appointment.objects.filter(opening_id__in=ids).select_related(
                "opening__unit", "opening__campaign", "application__cadre"
            )
        }

    def prepare(
        self, opening: Opening, *, reason: str, now: datetime, schedule: Schedule
    ) -> Appointment:
        """A11: the package for the elected contestant, with whether it is a promotion (an
        opening with no appointment yet)."""
        schedule.require(now, Step.APPOINTMENT)
        ballot = self.decided.get(opening.pk)
        if ballot is None:
            raise RuleViolation("A11", "党委（党组）尚未票决产生任职人选。")
        if opening.pk in self.found:
            raise RuleViolation("A11", "该职位已有任职材料。")  # revised by the service
        application = ballot.elected
        cadre = application.cadre
        post = self.posts.get(cadre.pk)
        standing = Standing(post.level if post else None, cadre.rank or None)
        appointment = Appointment(
            opening=opening,
            application=application,
            proposed_post=f"{opening.unit.name}{opening.post_name}".strip(),
            post_to_leave=f"{cadre.unit.name}{cadre.current_post}" if post else "",
            reason=reason.strip(),
            promotion=is_promotion(standing, Standing(opening.level, cadre.rank or None)),
            before={
                "unit": cadre.unit.code,
                "post": cadre.current_post,
                "rank": cadre.rank,
                "section": post.section if post else "",
                "level": post.level if post else "",
            },
            decided_on=ballot.held_on,
        )
        transitions.create(
            appointment,
            APPOINTMENT,
            "appointment_prepare",
            actor=None,
            campaign=opening.campaign,
            now=now,
            windows=schedule.windows,
            after={"promotion": appointment.promotion},
        )
        self.found[opening.pk] = appointment
        return appointment

    def submit(self, appointment: Appointment, *, now: datetime, schedule: Schedule) -> None:
        """A11: the unit sends the package to the orgdept."""
        schedule.require(now, Step.APPOINTMENT)
        if not appointment.reason.strip():
            raise RuleViolation("A11", "请填写任免理由。", field="reason")
        transitions.transition(
            appointment,
            APPOINTMENT,
            "appointment_submit",
            actor=None,
            campaign=appointment.opening.campaign,
            now=now,
            windows=schedule.windows,
            fields={"submitted_at": now},
        )

    def approve(self, appointment: Appointment, *, now: datetime, schedule: Schedule) -> None:
        """A11: the orgdept approves the package."""
        note = review_note(approve=True, note="")
        transitions.transition(
            appointment,
            APPOINTMENT,
            "appointment_approve",
            actor=None,
            campaign=appointment.opening.campaign,
            now=now,
            windows=schedule.windows,
            fields={"reviewed_at": now, "review_note": note, "reviewed_by": None},
            note=note,
        )

    def publicise(
        self, appointment: Appointment, *, start: date, now: datetime, schedule: Schedule
    ) -> None:
        """A11: the publicity notice from ``start``, for the policy's working days."""
        if start is None:
            raise RuleViolation("A11", "请填写任前公示开始日期。", field="start")
        today = timezone.localdate(now)
        end = publicity_end(
            start, policy=appointment.opening.campaign.policy, calendar=self.calendar
        )
        approved = appointment.reviewed_at or appointment.submitted_at
        transitions.transition(
            appointment,
            APPOINTMENT,
            "appointment_publicise",
            actor=None,
            campaign=appointment.opening.campaign,
            now=now,
            windows=schedule.windows,
            facts={
                "start": start,
                "end": end,
                "minimum_end": end,
                "today": today,
                "approved_on": timezone.localdate(approved) if approved else today,
            },
            fields={"publicity_start": start, "publicity_end": end},
            after={"publicity_start": start.isoformat(), "publicity_end": end.isoformat()},
        )
