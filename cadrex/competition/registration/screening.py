"""Every write of the qualification review (A6) and the shortlist (A7). One transaction
each, one audit event each; a refused action changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cadrex.audit.services import event_record
from cadrex.campaigns import transitions
from cadrex.campaigns.models import Campaign
from cadrex.competition.registration.models import (
    Application,
    ApplicationStatus,
    Opening,
    OpeningStatus,
)
from cadrex.competition.registration.selectors import opening_facts, qualified_applications
from cadrex.competition.windows import require_any_step, require_step
from cadrex.rules import RuleViolation
from cadrex.rules.review import cancelled_openings, min_qualified
from cadrex.rules.schedule import Step
from cadrex.rules.shortlist import (
    check_prescreen_method,
    needs_prescreen,
    prescreen_order,
    shortlist,
)
from cadrex.rules.transitions import APPLICATION, OPENING

S = ApplicationStatus


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# ------------------------------------------------------------------ A6 review


@transaction.atomic
def application_review(
    *, actor, application: Application, qualified: bool, note: str = "", now=None
) -> Application:
    """A6: the office marks an application qualified or not; the applicant sees the reason.

    After the review has closed, a change can only be the office correcting itself during
    the re-application window, and A6 applies again at once: an opening left with too few
    qualified applicants is not competed, and its applicants may switch (ADR 0005).
    """
    # Lock the campaign first: a review and the closing of the review never interleave.
    campaign = Campaign.objects.select_for_update().get(pk=application.campaign_id)
    require_any_step(campaign, (Step.QUALIFICATION_REVIEW, Step.REAPPLICATION), now)
    application = Application.objects.select_for_update().get(pk=application.pk)
    opening = Opening.objects.select_for_update().get(pk=application.opening_id)
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
        actor=actor,
        campaign=campaign,
        now=now,
        fields={"reviewed_at": _now(now), "review_note": note, "reviewed_by": actor},
        note=note,
    )
    if campaign.review_closed_at and not qualified:
        _recheck_a6(actor=actor, campaign=campaign, opening=opening, now=now)
    return application


def _qualified_count(opening: Opening) -> int:
    return opening.applications.filter(active=True, status=S.QUALIFIED).count()


def _recheck_a6(*, actor, campaign: Campaign, opening: Opening, now) -> None:
    """A6 after the review closed: the same test the closing applied, for one opening."""
    count = _qualified_count(opening)
    if count < min_qualified(opening_facts(opening), campaign.policy):
        _opening_cancel(actor=actor, campaign=campaign, opening=opening, qualified=count, now=now)


def _opening_cancel(*, actor, campaign: Campaign, opening: Opening, qualified: int, now) -> None:
    """A6: the opening is not competed; each active applicant may switch (改报)."""
    minimum = min_qualified(opening_facts(opening), campaign.policy)
    windows = transitions.windows_for(campaign, [Step.QUALIFICATION_REVIEW, Step.REAPPLICATION])
    transitions.transition(
        opening,
        OPENING,
        "opening_cancel",
        actor=actor,
        campaign=campaign,
        now=now,
        windows=windows,
        fields={"cancelled_reason": f"资格审查符合条件人数{qualified}名，少于{minimum}名"},
        after={"qualified": qualified, "minimum": minimum},
    )
    source = APPLICATION.move("application_opening_cancel").source
    for application in opening.applications.select_for_update().filter(
        active=True, status__in=source
    ):
        transitions.transition(
            application,
            APPLICATION,
            "application_opening_cancel",
            actor=actor,
            campaign=campaign,
            now=now,
            windows=windows,
        )


def review_qualify_all(
    *, actor, campaign: Campaign, opening: Opening | None = None, now=None
) -> int:
    """A6: mark every application still waiting as qualified (each one audited)."""
    waiting = Application.objects.filter(campaign=campaign, status=S.SUBMITTED, active=True)
    if opening is not None:
        waiting = waiting.filter(opening=opening)
    done = 0
    with transaction.atomic():
        for application in waiting.select_related("campaign", "opening"):
            application_review(actor=actor, application=application, qualified=True, now=now)
            done += 1
    return done


@transaction.atomic
def review_close(*, actor, campaign: Campaign, now=None) -> list[Opening]:
    """A6: close the review; openings with too few qualified applicants are not competed and
    their applicants may switch during the re-application window."""
    require_step(campaign, Step.QUALIFICATION_REVIEW, now)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.review_closed_at:
        raise RuleViolation("A6", "资格审查已经结束，不能重复结束。")
    waiting = Application.objects.filter(campaign=campaign, active=True, status=S.SUBMITTED).count()
    if waiting:
        raise RuleViolation("A6", f"还有{waiting}份报名未审查，审查完毕后才能结束资格审查。")
    windows = transitions.windows_for(campaign, [Step.QUALIFICATION_REVIEW])
    # A3: an application the home unit never consented to did not reach the office; once
    # registration is over it lapses (the applicant sees why) instead of waiting forever.
    lapsed = 0
    for application in Application.objects.select_for_update().filter(
        campaign=campaign, active=True, status=S.PENDING_CONSENT
    ):
        transitions.transition(
            application,
            APPLICATION,
            "application_lapse",
            actor=actor,
            campaign=campaign,
            now=now,
            windows=windows,
            fields={"active": False, "ended_at": _now(now)},
        )
        lapsed += 1
    openings = list(
        Opening.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, status=OpeningStatus.PUBLISHED)
        .select_related("unit")
    )
    qualified = dict(
        Application.objects.filter(campaign=campaign, active=True, status=S.QUALIFIED)
        .values_list("opening_id")
        .annotate(n=Count("id"))
    )
    facts = {opening_facts(o).code: o for o in openings}
    counts = {opening_facts(o).code: qualified.get(o.pk, 0) for o in openings}
    cancelled = [
        facts[code]
        for code in cancelled_openings(list(map(opening_facts, openings)), counts, campaign.policy)
    ]
    for opening in cancelled:
        _opening_cancel(
            actor=actor,
            campaign=campaign,
            opening=opening,
            qualified=qualified.get(opening.pk, 0),
            now=now,
        )
    campaign.review_closed_at = _now(now)
    campaign.save(update_fields=["review_closed_at"])
    event_record(
        actor=actor,
        action="review_close",
        obj=campaign,
        after={"cancelled": [o.pk for o in cancelled], "lapsed": lapsed},
    )
    return cancelled


# ------------------------------------------------------------------ A7 shortlist


@transaction.atomic
def shortlist_record(
    *,
    actor,
    opening: Opening,
    method: str = "",
    note: str = "",
    order: list[int] | None = None,
    places: Sequence[tuple[int, str, str]] | None = None,
    now=None,
) -> list[Application]:
    """A7: fix the contestants: all qualified when within the cap, else the pre-screen's top.

    The pre-screen comes as ``order`` (application ids, first place first) or as ``places``
    typed on the page: (application id, name, place as typed), read by the rules only when
    the pool is larger than the shortlist.
    """
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    campaign = opening.campaign  # fresh: review_closed_at may have changed since the caller read it
    require_step(campaign, Step.SHORTLIST, now)
    if not campaign.review_closed_at:
        raise RuleViolation("A7", "资格审查尚未结束，不能确定竞岗对象。")
    if opening.status != OpeningStatus.PUBLISHED:
        raise RuleViolation("A7", f"“{opening.post_name}”不进行竞岗。")
    if opening.contestants_published_at:
        raise RuleViolation("A7", "竞岗对象名单已公布，不能再修改。")
    pool = {a.pk: a for a in qualified_applications(opening).select_for_update(of=("self",))}
    check_prescreen_method(len(pool), method, seats=opening.seats, policy=campaign.policy)
    if order is None and places is not None:
        ranked = needs_prescreen(len(pool), seats=opening.seats, policy=campaign.policy)
        order = prescreen_order(places) if ranked else None
    chosen = shortlist(
        list(pool), prescreen=order or None, seats=opening.seats, policy=campaign.policy
    )
    rank = {pk: i for i, pk in enumerate(order or [], start=1)}
    windows = transitions.windows_for(campaign, [Step.SHORTLIST])
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
            actor=actor,
            campaign=campaign,
            now=now,
            windows=windows,
            fields={"prescreen_rank": rank.get(pk)},
        )
    opening.prescreen_method, opening.prescreen_note = method.strip(), note.strip()
    opening.shortlist_confirmed_at = _now(now)
    opening.save(update_fields=["prescreen_method", "prescreen_note", "shortlist_confirmed_at"])
    event_record(
        actor=actor,
        action="shortlist_record",
        obj=opening,
        after={"contestants": list(chosen), "method": method},
    )
    return [pool[pk] for pk in chosen]


@transaction.atomic
def contestants_publish(*, actor, campaign: Campaign, now=None) -> int:
    """A7: publish the contestant lists once every competed opening has fixed its list."""
    require_step(campaign, Step.SHORTLIST, now)
    openings = Opening.objects.filter(campaign=campaign, status=OpeningStatus.PUBLISHED)
    missing = openings.filter(shortlist_confirmed_at__isnull=True).select_related("unit")
    if missing.exists():
        names = "、".join(str(o) for o in missing[:10])
        raise RuleViolation("A7", f"以下职位尚未确定竞岗对象：{names}。")
    count = openings.filter(contestants_published_at__isnull=True).update(
        contestants_published_at=_now(now)
    )
    event_record(actor=actor, action="contestants_publish", obj=campaign, after={"openings": count})
    return count
