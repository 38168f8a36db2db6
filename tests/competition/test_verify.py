"""The verifiers notice any row deleted, added or changed (A8 scores, A10 rounds and papers).

Each tampering goes straight to the database, as an insider with a SQL prompt would; the
command then exits 1 and names the record.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import services as decision
from cadrex.competition.decision.verify import verify_ballot
from cadrex.competition.hearing.models import ChainSeal
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import (
    BallotPaper,
    BallotRound,
    ChainEntry,
    Hearing,
    Juror,
    Score,
)
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only


def _fails(command: str, pk: int, capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        call_command(command, str(pk))
    assert exited.value.code == 1
    return capsys.readouterr().err


def test_a8_an_untouched_hearing_verifies(scored, capsys):
    call_command("verify_hearing", str(scored["hearing"].pk))
    assert "核验通过" in capsys.readouterr().out


def test_a8_a_deleted_score_row_is_named(scored, capsys):
    score = Score.objects.filter(jury="staff").order_by("id").first()
    Score.objects.filter(pk=score.pk).delete()  # the chain keeps its entry
    err = _fails("verify_hearing", scored["hearing"].pk, capsys)
    assert f"评分链第{score.chain_seq}条" in err and "没有对应的评分记录" in err


def test_a8_an_added_score_row_is_named(scored, capsys):
    model = Score.objects.filter(jury="staff").order_by("id").first()
    extra = Score.objects.create(
        contestant=model.contestant,
        juror=model.juror,
        jury="staff",
        value=Decimal("99"),
        submitted_at=model.submitted_at,
        voided=True,  # beside the live one, as the unique constraint allows
        chain_seq=model.chain_seq,
    )
    err = _fails("verify_hearing", scored["hearing"].pk, capsys)
    assert f"评分#{extra.pk}" in err


def test_a8_a_changed_score_row_is_named(scored, capsys):
    score = Score.objects.filter(jury="leader").order_by("id").first()
    Score.objects.filter(pk=score.pk).update(value=Decimal("100"))
    err = _fails("verify_hearing", scored["hearing"].pk, capsys)
    assert f"评分#{score.pk}" in err and "现为100.00分" in err


def test_a8_a_deleted_chain_entry_is_noticed(scored):
    ChainEntry.objects.filter(hearing=scored["hearing"], seq=3).delete()
    problems = verify_hearing(scored["hearing"])
    assert any("缺少第3条" in p for p in problems)
    assert any("不在评分链中" in p for p in problems)


@pytest.fixture
def balloted(scored, clock):
    for row in decision.vetting_fix(actor=None, opening=scored["d01"]):
        decision.vetting_record(
            actor=None,
            candidate=row,
            methods=["talks"],
            findings="德才表现良好",
            opinion="fit",
            vetted_on=clock.today,
        )
    open_only(scored["campaign"], Step.BALLOT)
    top, second = str(scored["top"].pk), str(scored["second"].pk)
    opening = scored["d01"]

    def round_(present, papers):
        ballot = ballots.ballot_open(
            actor=None,
            opening=opening,
            held_on=clock.today,
            committee="市财政局党组",
            expected=9,
            present=present,
            mode="counted",
        )
        if ballot.status == "open":
            ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=papers)
            ballots.ballot_count(actor=None, ballot=ballot)
        return ballot

    round_(5, [])  # no quorum
    round_(8, [{top: "for"}] * 4 + [{second: "for"}] * 4)  # nobody passes
    round_(8, [{top: "for"}] * 6 + [{second: "for"}] * 2)  # decided
    return {**scored, "opening": opening}


def test_a10_untouched_rounds_verify(balloted, capsys):
    assert verify_ballot(balloted["opening"]) == []
    call_command("verify_ballot", str(balloted["opening"].pk))
    assert "票决 3 轮" in capsys.readouterr().out


def test_a10_a_deleted_paper_is_named(balloted, capsys):
    decided = BallotRound.objects.get(round=3)
    BallotPaper.objects.filter(pk=decided.papers.first().pk).delete()
    err = _fails("verify_ballot", balloted["opening"].pk, capsys)
    assert "第3轮票决" in err


def test_a10_an_added_paper_is_named(balloted, capsys):
    undecided = BallotRound.objects.get(round=2)
    BallotPaper.objects.create(ballot=undecided, marks={str(balloted["top"].pk): "for"})
    err = _fails("verify_ballot", balloted["opening"].pk, capsys)
    assert "第2轮票决" in err


def test_a10_a_changed_paper_is_named(balloted, capsys):
    decided = BallotRound.objects.get(round=3)
    paper = decided.papers.first()
    BallotPaper.objects.filter(pk=paper.pk).update(marks={str(balloted["second"].pk): "for"})
    err = _fails("verify_ballot", balloted["opening"].pk, capsys)
    assert "第3轮票决" in err


def test_a10_changed_attendance_is_named(balloted, capsys):
    BallotRound.objects.filter(round=1).update(present=6)
    err = _fails("verify_ballot", balloted["opening"].pk, capsys)
    assert "第1轮票决" in err


def test_a10_a_deleted_round_is_named(balloted, capsys):
    BallotRound.objects.filter(round=1).delete()
    err = _fails("verify_ballot", balloted["opening"].pk, capsys)
    assert "缺少第1轮" in err


def test_a10_a_deleted_last_round_is_noticed(balloted):
    BallotPaper.objects.filter(ballot__round=3).delete()
    BallotRound.objects.filter(round=3).delete()
    problems = verify_ballot(balloted["opening"])
    assert any("末端" in p for p in problems)


# ------------------------------------------------------------------ A8 per-juror chains, seals


def test_a8_each_jurors_chain_is_whole_and_the_hearing_sealed_at_each_close(scored):
    from cadrex.competition.hearing import ledger

    hearing = Hearing.objects.get(pk=scored["hearing"].pk)
    for juror in hearing.jurors.all():
        assert list(juror.chain.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    seals = list(ChainSeal.objects.filter(hearing=hearing).order_by("seq"))
    assert [s.seq for s in seals] == [1, 2, 3] and hearing.chain_length == 3
    assert hearing.chain_head == seals[-1].hash
    heads = {int(j): tuple(h) for j, h in seals[-1].payload["heads"].items()}
    assert heads == ledger.heads(hearing)
    by_order = sorted(scored["contestants"], key=lambda c: c.order)
    assert [s.contestant_id for s in seals] == [c.pk for c in by_order]


def _entry(hearing, juror_index: int, seq: int) -> ChainEntry:
    juror = hearing.jurors.order_by("id")[juror_index]
    return ChainEntry.objects.get(juror=juror, seq=seq)


def test_a8_two_entries_swapped_in_a_chain_are_noticed(scored):
    hearing = scored["hearing"]
    one, two = _entry(hearing, 0, 1), _entry(hearing, 0, 2)
    ChainEntry.objects.filter(pk=one.pk).update(seq=99)
    ChainEntry.objects.filter(pk=two.pk).update(seq=1)
    ChainEntry.objects.filter(pk=one.pk).update(seq=2)
    problems = verify_hearing(hearing)
    assert any("第1条的哈希不符" in p for p in problems), problems


def test_a8_a_chain_cut_short_after_the_close_is_caught_by_the_seals(scored):
    """The last entry of a juror's chain and its score row, both gone: the chain itself
    still links, but the seals hold its head."""
    hearing = scored["hearing"]
    last = _entry(hearing, 8, 3)
    Score.objects.filter(juror_id=last.juror_id, chain_seq=3).delete()
    last.delete()
    problems = verify_hearing(hearing)
    assert any("缺少第3条" in p and "第3次封存时已有3条" in p for p in problems), problems
    assert any("重新计算" in p for p in problems)


def test_a8_a_score_forged_after_the_close_is_noticed(scored):
    """A well-formed entry (its hash right) and its score row, for a juror added later."""
    from cadrex.competition.chain import entry_hash, score_payload

    hearing = scored["hearing"]
    contestant = scored["contestants"][0]
    contestant.refresh_from_db()  # closed, sealed
    ghost = Juror.objects.create(hearing=hearing, jury="staff", name="补录", token="ghost")
    score = Score(
        contestant=contestant,
        juror=ghost,
        jury="staff",
        value=Decimal("99"),
        submitted_at=contestant.closed_at,
        chain_seq=1,
    )
    payload = score_payload(score)
    ChainEntry.objects.create(
        hearing=hearing,
        juror=ghost,
        seq=1,
        kind="score",
        payload=payload,
        prev_hash="",
        hash=entry_hash("", "score", 1, payload),
        at=score.submitted_at,
    )
    score.save()
    problems = verify_hearing(hearing)
    assert any("封存之后" in p and "补录" in p for p in problems), problems


def test_a8_a_chain_rebuilt_with_one_score_changed_disagrees_with_the_seals(scored):
    """An insider who rewrites a score and re-hashes the rest of that juror's chain keeps
    the chain linked and the row matching it; the seals still hold the old hashes."""
    from cadrex.competition.chain import entry_hash

    hearing = scored["hearing"]
    first = _entry(hearing, 1, 1)
    Score.objects.filter(juror_id=first.juror_id, chain_seq=1).update(value=Decimal("100"))
    prev = ""
    for entry in ChainEntry.objects.filter(juror_id=first.juror_id).order_by("seq"):
        if entry.seq == 1:
            entry.payload = {**entry.payload, "value": "100.00"}
        entry.prev_hash, entry.hash = prev, entry_hash(prev, entry.kind, entry.seq, entry.payload)
        entry.save()
        prev = entry.hash
    problems = verify_hearing(hearing)
    assert not any("哈希不符" in p for p in problems)
    assert any("与第1次封存记录不符" in p for p in problems), problems


def test_a8_a_deleted_or_rewritten_seal_is_noticed(scored):
    hearing = scored["hearing"]
    seal = ChainSeal.objects.get(hearing=hearing, seq=2)
    ChainSeal.objects.filter(pk=seal.pk).update(payload={**seal.payload, "total": "99.99"})
    assert any("第2次封存记录的哈希不符" in p for p in verify_hearing(hearing))
    ChainSeal.objects.filter(pk=seal.pk).update(payload=seal.payload)
    assert verify_hearing(hearing) == []
    ChainSeal.objects.filter(hearing=hearing, seq=3).delete()
    problems = verify_hearing(hearing)
    assert any("封存链末端与本场记录不符" in p for p in problems), problems
    assert any("没有封存记录" in p for p in problems), problems
