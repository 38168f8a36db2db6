"""The fast-forward's clock: each earlier step's work happens at a past moment inside that
step's window, in the plan's order, never after the real now."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from cadrex.audit.models import Event
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.services import campaign_schedule_shift
from cadrex.competition.models import (
    Opening,
    OpeningStatus,
)
from cadrex.demo.bulk import Schedule
from cadrex.rules.schedule import Step

FAST_FORWARD_STEPS = (
    Step.QUALIFICATION_REVIEW,
    Step.SHORTLIST,
    Step.HEARING,
    Step.VETTING,
    Step.BALLOT,
    Step.APPOINTMENT,
    Step.ADJUSTMENT,
    Step.EXCHANGE_SIGNUP,
    Step.VACANCIES,
    Step.PREFERENCES,
    Step.PROPOSALS,
    Step.MATCHING,
)

MINUTE = timedelta(minutes=1)
ROOMS = 5
SPEECH = timedelta(minutes=15)  # one contestant: speech, questions, scoring
UNFIT_NOTE = "任现职级时间不满2年，不符合报名条件"
TIE_REASON = "竞岗得分和领导评委平均分均相同，经办公室研究，参考初步比选名次和报名先后确定先后。"
FINDINGS = "政治立场坚定，工作实绩突出，群众公认度较高。"
APPOINT_REASON = "经公开竞岗、考察和党组（党委）票决，拟任该职务。"


def _before(step: Step, target: Step) -> bool:
    order = list(Step)
    return order.index(step) < order.index(target)


def _latest(*moments: datetime | None) -> datetime | None:
    found = [m for m in moments if m is not None]
    return max(found) if found else None


def _day(day: date | None) -> datetime | None:
    """The first moment of a Beijing day: a record that keeps only its date."""
    return timezone.make_aware(datetime.combine(day, time())) if day else None


def _after(moment: datetime, floor: datetime | None, gap: timedelta = MINUTE) -> datetime:
    return moment if floor is None or floor + gap <= moment else floor + gap


def _logged(obj, *actions: str) -> datetime | None:
    """When the audit log last recorded ``actions`` (any, if none given) on ``obj``: the time
    of work done by hand whose record keeps none of its own (a draft, an open round)."""
    events = Event.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
    if actions:
        events = events.filter(action__in=actions)
    return events.aggregate(m=Max("at"))["m"]


def _logged_all(objects, *actions: str) -> dict[int, datetime]:
    """``_logged`` for many objects of one model at once: pk → when the log last recorded
    ``actions`` (any, if none given) on it; absent when it never did."""
    objects = list(objects)
    if not objects:
        return {}
    events = Event.objects.filter(
        object_type=objects[0]._meta.model_name, object_id__in=[str(o.pk) for o in objects]
    )
    if actions:
        events = events.filter(action__in=actions)
    rows = events.values_list("object_id").annotate(m=Max("at")).order_by()
    return {int(object_id): at for object_id, at in rows}


def _office_hour(moment: datetime) -> datetime:
    """The first whole hour from 9:00 to 16:00 (Beijing) at or after ``moment``."""
    local = timezone.localtime(moment)
    hour = local.replace(minute=0, second=0, microsecond=0)
    if hour < local:
        hour += timedelta(hours=1)
    if hour.hour < 9:
        return hour.replace(hour=9)
    if hour.hour > 16:
        return (hour + timedelta(days=1)).replace(hour=9)
    return hour


class _Timeline:
    """When the fast-forward acts, so that its records tell the truth about time.

    The schedule is first shifted so that the target step starts now (a minute ago, as the
    office's 从现在开始 does); every earlier step's window then lies in the past, in the
    plan's order, and that step's work happens inside it, from its first office hour. An act
    never comes before the records it builds on — the hearing before the vetting, the vetting
    before the ballot, the orgdept's approval before the publicity — nor after the real now.
    When those records are too recent for the step's window (work done by hand a moment ago),
    the act happens just after them and the schedule is shifted for the moment so that the
    step's window holds it; ``finish`` puts the target back at now.
    """

    def __init__(self, campaign: Campaign, target: Step) -> None:
        self.campaign = campaign
        self.target = target
        self.now = timezone.now()
        self.start = self.now - MINUTE
        self.planned = self._shift(target, self.start)
        self.windows = dict(self.planned)
        self.last: dict[int, datetime] = {}  # opening → this fast-forward's latest act for it
        self.notes: list[str] = []
        self._schedule: tuple[dict, Schedule] | None = None

    def _shift(self, step: Step, start: datetime) -> dict[Step, tuple[datetime, datetime]]:
        campaign_schedule_shift(actor=None, campaign=self.campaign, step=step, start=start)
        self.campaign.refresh_from_db()
        return {Step(w.step): (w.start, w.end) for w in self.campaign.windows.all()}

    def first(self, step: Step) -> datetime:
        """The step's first office hour in the plan (for the appointment: on its first day,
        so that the publicity can end in time), or its start."""
        return self.when(step, min(self.planned[step][0] + MINUTE, self.now))

    def when(self, step: Step, moment: datetime) -> datetime:
        """``moment``, moved on to the next office hour when that is still inside the step's
        planned window (for the appointment: only on the same day)."""
        hour = _office_hour(moment)
        later_day = timezone.localdate(hour) != timezone.localdate(moment)
        if hour < self.end(step) and not (later_day and step == Step.APPOINTMENT):
            return hour
        return moment

    def end(self, step: Step) -> datetime:
        return min(self.planned[step][1], self.now)

    def by(self, moment: datetime) -> datetime:
        """An act that needs no window: at ``moment``, never after now (in UTC, as
        ``timezone.now()`` gives it: the hearing's chain hashes the time as written)."""
        return min(moment, self.now).astimezone(UTC)

    def at(self, step: Step, moment: datetime) -> datetime:
        """An act of ``step`` at ``moment`` (never after now), inside the step's window."""
        moment = self.by(moment)
        start, end = self.windows[step]
        if not start <= moment < end:
            start, end = self.planned[step]
            self.windows = self._shift(step, start if start <= moment < end else moment - MINUTE)
        return moment

    def schedule(self) -> Schedule:
        """The windows as they stand now, for a batched form's checks (``demo.bulk``)."""
        if self._schedule is None or self._schedule[0] is not self.windows:
            self._schedule = (self.windows, Schedule(spans=self.windows))
        return self._schedule[1]

    def mark(self, opening: Opening, moment: datetime) -> None:
        self.last[opening.pk] = _latest(self.last.get(opening.pk), self.by(moment))

    def finish(self) -> None:
        """The target starts now again, unless it still does (nothing moved it since)."""
        anchor = self.campaign.windows.filter(step=self.target.value).first()
        if anchor is None or anchor.start != self.start:
            self._shift(self.target, self.start)


def _start_now(campaign: Campaign, step: Step) -> None:
    """Part B's steps happen at the real now: the step starts a minute ago."""
    campaign_schedule_shift(actor=None, campaign=campaign, step=step, start=timezone.now() - MINUTE)
    campaign.refresh_from_db()


def _left_to_the_tester() -> set[int]:
    from cadrex.accounts.models import UNIT_ROLES, User

    return set(User.objects.filter(role__in=UNIT_ROLES).values_list("unit_id", flat=True))


def _decided_by_units(campaign: Campaign):
    """Published openings whose vetting, ballot and appointment the fast-forward does: all
    but those of the units with demo logins, which are left for the tester to walk."""
    return (
        Opening.objects.filter(campaign=campaign, status=OpeningStatus.PUBLISHED)
        .exclude(unit_id__in=_left_to_the_tester())
        .select_related("unit", "campaign")
        .order_by("id")
    )
