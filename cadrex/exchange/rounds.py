"""B5 in rounds (``policy.matching_rounds`` > 1; ADR 0011): what each round reads, and the
office's opening of the next round.

Round 1 reads the published vacancies and every exchange candidate. Round ``n`` > 1 reads
the frozen texts of round ``n - 1``'s published run: its unplaced people and the vacancies
it left (``cadrex.rules.matching_rounds``). Preferences, proposals and runs carry their
round; the B3–B5 windows are reused: opening a round moves them (and the steps after them)
so that preferences open at once, keeping each window's length and order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from cadrex.audit.services import event_record
from cadrex.campaigns.models import Campaign
from cadrex.campaigns.selectors import window_for
from cadrex.campaigns.services import campaign_schedule_update
from cadrex.exchange.guards import now_of, selection_locked
from cadrex.exchange.models import MatchingRun, TwoWaySelection
from cadrex.exchange.selectors import published_vacancies
from cadrex.rules import RuleViolation
from cadrex.rules.matching_rounds import (
    check_round_open,
    next_round_people,
    next_round_vacancies,
    round_due,
)
from cadrex.rules.schedule import STEP_INFO, Step

# The steps a new round runs again, and every step after them: moved together.
ROUND_STEPS = list(Step)[list(Step).index(Step.PREFERENCES) :]


@dataclass(frozen=True)
class RoundFacts:
    """What round ``number`` reads: unit code → vacancies, and who takes part (candidate
    numbers; ``None`` in round 1: every exchange candidate)."""

    number: int
    vacancies: dict[str, int]
    people: frozenset[int] | None

    def takes_part(self, candidate_id: int) -> bool:
        return self.people is None or candidate_id in self.people


def current_round(campaign: Campaign) -> int:
    row = TwoWaySelection.objects.filter(campaign=campaign).values_list("round", flat=True)
    return row.first() or 1


def round_run(campaign: Campaign, number: int) -> MatchingRun | None:
    """The published run of round ``number``, if any."""
    return MatchingRun.objects.filter(
        campaign=campaign, round=number, published_at__isnull=False
    ).first()


def published_runs(campaign: Campaign) -> list[MatchingRun]:
    return list(
        MatchingRun.objects.filter(campaign=campaign, published_at__isnull=False).order_by(
            "round", "id"
        )
    )


def following_facts(run: MatchingRun) -> RoundFacts:
    """What the round after ``run`` reads, from ``run``'s frozen texts alone."""
    inputs, result = json.loads(run.inputs), json.loads(run.result)
    return RoundFacts(
        number=run.round + 1,
        vacancies=next_round_vacancies(inputs["vacancies"], result["assignment"]),
        people=frozenset(int(c) for c in next_round_people(result["unplaced"])),
    )


def round_facts(campaign: Campaign, number: int | None = None) -> RoundFacts:
    """What round ``number`` (default: the current one) reads."""
    number = number or current_round(campaign)
    if number == 1:
        vacancies = {u.code: n for u, n in published_vacancies(campaign).items()}
        return RoundFacts(1, vacancies, None)
    previous = round_run(campaign, number - 1)
    if previous is None:  # only a hand-edited database gets here: nobody, nowhere
        return RoundFacts(number, {}, frozenset())
    return following_facts(previous)


def another_round_due(campaign: Campaign, run: MatchingRun | None, current: int) -> bool:
    """B5: whether a round must follow ``run``, the latest published one (see
    :func:`cadrex.rules.matching_rounds.round_due`)."""
    if run is None or run.round != current:
        return False
    facts = following_facts(run)
    return round_due(
        current=current,
        published=True,
        people=len(facts.people or ()),
        vacancies=sum(facts.vacancies.values()),
        policy=campaign.policy,
    )


@transaction.atomic
def round_open(*, actor, campaign: Campaign, now=None) -> int:
    """B5: the office opens the next matching round once the current one is published.

    Refused beyond ``policy.matching_rounds``, before the current round is published, and
    when nobody is left unplaced or no unit has vacancies left. The B3 window and every
    step after it move so that preferences open now (the old dates stay in the audit log).
    """
    moment = now_of(now)
    selection = selection_locked(campaign)
    current = selection.round
    run = round_run(campaign, current)
    facts = following_facts(run) if run is not None else None
    following = check_round_open(
        current=current,
        published=run is not None,
        people=len(facts.people) if facts else 0,
        vacancies=sum(facts.vacancies.values()) if facts else 0,
        policy=campaign.policy,
    )
    _reopen_windows(actor, campaign, moment)
    selection.round = following
    selection.save(update_fields=["round"])
    event_record(
        actor=actor,
        action="exchange_round_open",
        obj=campaign,
        before={"round": current},
        after={
            "round": following,
            "people": sorted(facts.people),
            "vacancies": facts.vacancies,
        },
    )
    return following


def _reopen_windows(actor, campaign: Campaign, moment) -> None:
    anchor = window_for(campaign, Step.PREFERENCES)
    if anchor is None:
        raise RuleViolation(
            "S3", f"“{STEP_INFO[Step.PREFERENCES][1]}”尚未安排日程，无法开启新一轮。"
        )
    delta = moment - anchor.start
    windows = {}
    for step in ROUND_STEPS:
        window = window_for(campaign, step)
        if window is not None:
            windows[step] = (window.start + delta, window.end + delta)
    try:
        campaign_schedule_update(actor=actor, campaign=campaign, windows=windows)
    except ValidationError as error:
        raise RuleViolation("S3", "无法顺延日程：" + "；".join(error.messages)) from None
