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
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import BallotPaper, BallotRound, ChainEntry, Score
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
