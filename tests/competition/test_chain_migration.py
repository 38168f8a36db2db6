"""A8: hearings scored with one chain for the whole hearing (before migration 0010) come out
of the migration with one chain per juror and a seal per closed contestant, and verify; a
hearing whose old chain was tampered with stops the migration instead of being re-hashed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cadrex.competition.chain import entry_hash, score_payload
from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing.models import ChainSeal
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import ChainEntry, Hearing, Score

BEFORE = ("competition", "0009_delete_headcountfreeze")
pytestmark = pytest.mark.django_db(transaction=True)


def _scored(ready) -> list[Score]:
    """Every contestant scored and closed the present way; the scores, in the order given."""
    for contestant in sorted(ready["contestants"], key=lambda c: c.order):
        scoring.scoring_open(actor=None, contestant=contestant)
        panel = hearing_selectors.panel_for(contestant)
        for i, juror in enumerate([*panel.leaders, *panel.staff]):
            value = str(80 + (i * 5 + contestant.order) % 13)
            scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)
        scoring.scoring_close(actor=None, contestant=contestant)
    return list(Score.objects.order_by("id"))


def _as_before(hearing: Hearing, scores: list[Score], *, tamper: bool = False):
    """The same scores laid as the code before 0010 laid them: one chain for the hearing."""
    ChainSeal.objects.all().delete()
    ChainEntry.objects.all().delete()
    Score.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    Entry, Row = old.get_model("competition", "ChainEntry"), old.get_model("competition", "Score")
    prev = ""
    for seq, score in enumerate(scores, start=1):
        payload = score_payload(score)
        digest = entry_hash(prev, "score", seq, payload)
        Entry.objects.create(
            hearing_id=hearing.pk,
            seq=seq,
            kind="score",
            payload=payload,
            prev_hash=prev,
            hash=digest,
            at=score.submitted_at,
        )
        Row.objects.create(
            contestant_id=score.contestant_id,
            juror_id=score.juror_id,
            jury=score.jury,
            value=score.value,
            items=[],
            submitted_at=score.submitted_at,
            chain_seq=seq,
        )
        prev = digest
    if tamper:  # an insider changed a score, its entry, and left the links as they were
        entry = Entry.objects.get(seq=5)
        Entry.objects.filter(pk=entry.pk).update(payload={**entry.payload, "value": "99.00"})
        Row.objects.filter(chain_seq=5).update(value=99)
    old.get_model("competition", "Hearing").objects.filter(pk=hearing.pk).update(
        chain_head=prev, chain_length=len(scores)
    )
    return old


def _forward() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a8_a_hearings_chain_of_before_is_laid_per_juror_and_sealed(ready):
    hearing = ready["hearing"]
    scores = _scored(ready)
    _as_before(hearing, scores)
    _forward()
    assert verify_hearing(hearing) == []
    hearing.refresh_from_db()
    assert hearing.chain_length == 3 and ChainSeal.objects.count() == 3
    for juror in hearing.jurors.all():
        assert list(juror.chain.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]


def test_a8_a_tampered_chain_of_before_stops_the_migration(ready):
    hearing = ready["hearing"]
    scores = _scored(ready)
    old = _as_before(hearing, scores, tamper=True)
    with pytest.raises(RuntimeError, match=f"公开竞岗#{hearing.pk}的评分链未通过核验"):
        _forward()
    assert old.get_model("competition", "ChainEntry").objects.get(seq=5).payload["value"] == "99.00"
    for name in ("ChainEntry", "Score"):  # emptied, so that the schema of today comes back
        old.get_model("competition", name).objects.all().delete()
    old.get_model("competition", "Hearing").objects.update(chain_head="", chain_length=0)
    _forward()
