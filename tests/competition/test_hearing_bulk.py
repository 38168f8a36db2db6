"""A8 in one go (``hearing.bulk.turns_record``, the demo's fast-forward) writes what the
chair's page and the phones write, one service call per act, and refuses what they refuse."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction

from cadrex.audit.models import Event
from cadrex.competition.hearing import bulk, scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as svc
from cadrex.competition.hearing.models import ChainSeal
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import ChainEntry, Hearing, HearingContestant, Score
from cadrex.rules import RuleViolation

MODELS = (Score, ChainEntry, ChainSeal, HearingContestant, Hearing)


def _records(hearing) -> dict[str, list[str]]:
    """Every row the scoring writes, without the new rows' own ids (PostgreSQL does not give
    a sequence back on rollback); the log in a fixed order, without its ids."""
    found = {}
    for model in MODELS:
        fields = [f.attname for f in model._meta.concrete_fields]
        if model in (Score, ChainEntry, ChainSeal):
            fields.remove("id")
        rows = model.objects.order_by(*fields[:3]).values_list(*fields)
        found[model.__name__] = [json.dumps(r, default=str) for r in rows]
    events = Event.objects.values_list("action", "object_type", "object_id", "before", "after")
    found["Event"] = sorted(json.dumps(e, default=str, sort_keys=True) for e in events)
    return found


def _plan(ready, clock):
    """Three turns: every panel juror scores, a substitute stands in for a recused leader."""
    hearing = ready["hearing"]
    sub = svc.juror_add(actor=None, hearing=hearing, jury="leader", name="替补", substitute=True)
    first, second, third = sorted(ready["contestants"], key=lambda c: c.order)
    svc.recusal_declare(
        actor=None, juror=ready["leaders"][2], contestant=third, reason="同学", substitute=sub
    )
    t, turns = clock.now - timedelta(hours=3), []
    for k, contestant in enumerate((first, second, third)):
        panel = hearing_selectors.panel_for(contestant)
        opened = t = t + timedelta(minutes=15)
        sheets = []
        for i, juror in enumerate([*panel.leaders, *panel.staff]):
            t += timedelta(seconds=10)
            sheets.append((juror, f"{80 + (i * 7 + k * 3) % 17}.5", t))
        t += timedelta(minutes=1)
        turns.append(bulk.Turn(contestant, opened, sheets, t))
    return turns


def _one_by_one(turns) -> None:
    for turn in turns:
        scoring.scoring_open(actor=None, contestant=turn.contestant, now=turn.opened_at)
        for juror, value, at in turn.sheets:
            scoring.score_submit(juror=juror, contestant_id=turn.contestant.pk, value=value, now=at)
        scoring.scoring_close(actor=None, contestant=turn.contestant, now=turn.closed_at)


def _in_a_savepoint(build):
    point = transaction.savepoint()
    try:
        return build()
    finally:
        transaction.savepoint_rollback(point)


def test_a8_turns_recorded_at_once_write_what_the_chair_and_the_phones_write(ready, clock):
    turns = _plan(ready, clock)
    hearing = ready["hearing"]

    def served():
        _one_by_one(turns)
        assert verify_hearing(hearing) == []
        return _records(hearing)

    def batched():
        bulk.turns_record(actor=None, hearing=hearing, turns=turns)
        assert verify_hearing(hearing) == []
        return _records(hearing)

    one_by_one, at_once = _in_a_savepoint(served), _in_a_savepoint(batched)
    assert len(one_by_one["Score"]) == 3 * 12 and len(one_by_one["ChainSeal"]) == 3
    for model, rows in one_by_one.items():
        assert at_once[model] == rows, model


def _refused(act) -> tuple[str, str]:
    with pytest.raises(RuleViolation) as refused, transaction.atomic():
        act()
    return refused.value.rule, refused.value.message


def test_a8_turns_at_once_are_refused_as_the_services_refuse_them(ready, clock):
    turns = _plan(ready, clock)
    first, _, third = (t.contestant for t in turns)
    opened, now = turns[0].opened_at, clock.now
    recused, leader = ready["leaders"][2], ready["leaders"][0]
    cases = [
        # a recused leader's sheet for the third contestant
        [*turns[:2], bulk.Turn(third, turns[2].opened_at, [(recused, "80", now)], now)],
        # two sheets by one juror
        [bulk.Turn(first, opened, [*turns[0].sheets, (leader, "90", now)], now)],
        # a leader's sheet missing at the close
        [bulk.Turn(first, opened, turns[0].sheets[1:], now)],
        # a score out of range
        [bulk.Turn(first, opened, [(leader, "101", now)], now)],
    ]
    hearing = ready["hearing"]
    for case in cases:
        served = _refused(lambda c=case: _one_by_one(c))
        batched = _refused(lambda c=case: bulk.turns_record(actor=None, hearing=hearing, turns=c))
        assert batched == served
    assert not Score.objects.exists() and not ChainEntry.objects.exists()
    assert not HearingContestant.objects.exclude(scoring="waiting").exists()
