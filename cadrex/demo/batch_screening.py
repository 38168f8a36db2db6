"""Part A screening's services for many applications or openings at once, for the demo (see
``bulk``): ``application_review`` (A6) and ``shortlist_record`` (A7) of
``competition.registration.screening``.

The same checks from ``cadrex.rules``, the same records and one audit event per act (a
status moves through ``campaigns.transitions``), with the campaign, the applications and the
openings read once for the batch. Each act has its own moment, checked against the schedule
as the fast-forward's timeline has it at that moment.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.competition.models import Application, ApplicationStatus, Opening, OpeningStatus
from cadrex.competition.registration import screening
from cadrex.demo.bulk import Log, Schedule
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.rules.shortlist import check_prescreen_method, shortlist
from cadrex.rules.transitions import APPLICATION

S = ApplicationStatus
REVIEWING = (Step.QUALIFICATION_REVIEW, Step.REAPPLICATION)


class Review:
    """A6 for many applications: ``review`` is ``application_review``."""

    def __init__(self, campaign: Campaign) -> None:
        # Locked first, as the service does: a review and the closing never interleave.
        self.campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)

    def waiting(self):
        """The applications waiting for the office, each with its person and opening."""
        return (
            Application.objects.filter(
                campaign=self.campaign,
                active=True,
                status=S.SUBMITTED,
                opening__status=OpeningStatus.PUBLISHED,
                opening__shortlist_confirmed_at=None,
            )
            .select_related("campaign", "cadre", "opening__unit")
            .order_by("id")
        )

    def review(
        self,
        application: Application,
        *,
        qualified: bool,
        note: str = "",
        now: datetime,
        schedule: Schedule,
    ) -> Application:
        """A6: qualified or not, with the reason the applicant sees. After the review has
        closed, a refusal re-applies A6 to its opening at once: the service does that."""
        if self.campaign.review_closed_at and not qualified:
            return screening.application_review(
                actor=None, application=application, qualified=False, note=note, now=now
            )
        schedule.require(now, *REVIEWING)
        opening = application.opening
        if opening.status == OpeningStatus.CANCELLED:
            raise RuleViolation("A6", "该职位已不进行竞岗。")
        if opening.shortlist_confirmed_at:
            raise RuleViolation("A6", "该职位已确定竞岗对象，资格审查结论不能再更改。")
        note = note.strip()
        if not qualified and not note:
            raise RuleViolation("A6", "资格审查不通过时须填写原因，报名人可以看到。", field="note")
        transitions.transition(
            application,
            APPLICATION,
            "application_qualify" if qualified else "application_disqualify",
            actor=None,
            campaign=self.campaign,
            now=now,
            windows=schedule.windows,
            fields={"reviewed_at": now, "review_note": note, "reviewed_by": None},
            note=note,
        )
        return application


class Shortlists:
    """A7 for many openings: ``record`` is ``shortlist_record`` with the pre-screen given
    as an order of application ids. Every opening's pool is read at once."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = Campaign.objects.get(pk=campaign.pk)
        self.policy = self.campaign.policy
        self.pools: dict[int, dict[int, Application]] = defaultdict(dict)
        qualified = Application.objects.filter(
            campaign=self.campaign,
            active=True,
            status__in=[S.QUALIFIED, S.CONTESTANT, S.NOT_SHORTLISTED],
        ).select_related("cadre__unit", "opening__unit")
        for application in qualified:  # in the model's order, as each opening's pool reads
            self.pools[application.opening_id][application.pk] = application
        self.log, self.confirmed = Log(), []

    def pool(self, opening: Opening) -> list[int]:
        """A7: the ids of the opening's qualified applications, in the order of application."""
        return list(self.pools[opening.pk])

    def record(
        self,
        opening: Opening,
        *,
        method: str = "",
        note: str = "",
        order: list[int] | None = None,
        now: datetime,
        schedule: Schedule,
    ) -> None:
        """A7: fix the contestants — all qualified when within the cap, else the top of the
        pre-screen ``order``. Written by ``finish``, with the other openings'."""
        schedule.require(now, Step.SHORTLIST)
        if not self.campaign.review_closed_at:
            raise RuleViolation("A7", "资格审查尚未结束，不能确定竞岗对象。")
        if opening.status != OpeningStatus.PUBLISHED:
            raise RuleViolation("A7", f"“{opening.post_name}”不进行竞岗。")
        if opening.contestants_published_at:
            raise RuleViolation("A7", "竞岗对象名单已公布，不能再修改。")
        pool = self.pools[opening.pk]
        check_prescreen_method(len(pool), method, seats=opening.seats, policy=self.policy)
        chosen = shortlist(
            list(pool), prescreen=order or None, seats=opening.seats, policy=self.policy
        )
        rank = {pk: i for i, pk in enumerate(order or [], start=1)}
        for pk, application in pool.items():
            wanted = S.CONTESTANT if pk in chosen else S.NOT_SHORTLISTED
            if application.status == wanted:
                application.prescreen_rank = rank.get(pk)
                application.save(update_fields=["prescreen_rank"])
                continue
            transitions.transition(
                application,
                APPLICATION,
                "application_shortlist" if pk in chosen else "application_not_shortlist",
                actor=None,
                campaign=self.campaign,
                now=now,
                windows=schedule.windows,
                fields={"prescreen_rank": rank.get(pk)},
            )
        opening.prescreen_method, opening.prescreen_note = method.strip(), note.strip()
        opening.shortlist_confirmed_at = now
        self.confirmed.append(opening)
        self.log.add(
            "shortlist_record", opening, after={"contestants": list(chosen), "method": method}
        )

    def finish(self) -> None:
        Opening.objects.bulk_update(
            self.confirmed, ["prescreen_method", "prescreen_note", "shortlist_confirmed_at"]
        )
        self.log.write()
