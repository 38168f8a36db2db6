"""B5: the office runs the matching on the closed forms (a preview, frozen and hashed) and
publishes one run; publishing decides the matched placements and opens part B's decision
ledger with the run's hashes and every placement it decided."""

from __future__ import annotations

import json

from django.db import transaction

from cadrex.audit.services import event_record
from cadrex.campaigns.models import Campaign
from cadrex.exchange import frozen, ledger
from cadrex.exchange.answer_window import answer_deadline_for
from cadrex.exchange.guards import (
    now_of,
    require_published,
    require_step,
    selection_locked,
    today_of,
)
from cadrex.exchange.models import ExchangeCandidate, MatchingRun, Placement, PlacementKind
from cadrex.exchange.results import matching_inputs
from cadrex.exchange.rounds import round_run
from cadrex.registry.models import Unit
from cadrex.rules.exchange_decision import (
    check_matching_open,
    check_matching_publishable,
    check_matching_verified,
)
from cadrex.rules.schedule import Step


@transaction.atomic
def matching_run(*, actor, campaign: Campaign, now=None) -> MatchingRun:
    """B5: match the closed forms of the current round (a preview until published); inputs
    and result are frozen.

    The same forms give the same texts and therefore the same two hashes.
    """
    require_step(campaign, Step.MATCHING, now=now)
    require_published(campaign, "B5")
    number = selection_locked(campaign).round  # lock: one run or publication at a time
    check_matching_open(published=round_run(campaign, number) is not None, round_number=number)
    inputs_text, result_text, pairs = frozen.freeze(matching_inputs(campaign, number))
    run = MatchingRun.objects.create(
        campaign=campaign,
        round=number,
        created_at=now_of(now),
        created_by=actor,
        inputs=inputs_text,
        inputs_sha256=frozen.sha256(inputs_text),
        result=result_text,
        result_sha256=frozen.sha256(result_text),
        blocking_pairs=pairs,
    )
    result = json.loads(result_text)
    event_record(
        actor=actor,
        action="exchange_matching_run",
        obj=run,
        after={
            "round": number,
            "inputs_sha256": run.inputs_sha256,
            "result_sha256": run.result_sha256,
            "matched": len(result["assignment"]),
            "unplaced": len(result["unplaced"]),
        },
    )
    return run


@transaction.atomic
def matching_publish(*, actor, run: MatchingRun, now=None) -> MatchingRun:
    """B5: publish a previewed run of the current round — only if it is stable, reproduces,
    and the forms are still the ones it read. The matched people's placements are decided
    with it."""
    campaign = run.campaign
    require_step(campaign, Step.MATCHING, now=now)
    selection = selection_locked(campaign)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    check_matching_publishable(
        published=round_run(campaign, run.round) is not None,
        inputs_unchanged=frozen.sha256(frozen.canonical(matching_inputs(campaign, run.round)))
        == run.inputs_sha256,
        round_number=run.round,
        current_round=selection.round,
    )
    check_matching_verified(
        frozen.verify(run.inputs, run.inputs_sha256, run.result, run.result_sha256)
    )
    result = json.loads(run.result)
    units = {u.code: u for u in Unit.objects.filter(code__in=set(result["assignment"].values()))}
    people = ExchangeCandidate.objects.filter(campaign=campaign).select_related("cadre")
    people = {str(c.pk): c for c in people}
    moment = now_of(now)
    # B7 (ADR 0012): the last day to answer, counted in working days on the site calendar
    # from the later of today and the answering window's opening.
    deadline = answer_deadline_for(campaign, today_of(moment))
    decided = [
        Placement.objects.create(
            candidate=people[cid],
            kind=PlacementKind.MATCHED,
            unit=units[code],
            choice=result["outcomes"][cid]["choice"],
            decided_at=moment,
            answer_deadline=deadline,
        )
        for cid, code in result["assignment"].items()
    ]
    run.published_at, run.published_by = moment, actor
    run.save(update_fields=["published_at", "published_by"])
    ledger.append(selection, "matching", ledger.matching_payload(run, decided), moment)
    event_record(
        actor=actor,
        action="exchange_matching_publish",
        obj=run,
        after={
            "round": run.round,
            "result_sha256": run.result_sha256,
            "matched": len(result["assignment"]),
        },
    )
    return run
