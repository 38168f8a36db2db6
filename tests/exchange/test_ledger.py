"""B5–B7, C3: part B's decision ledger and ``verify_matching`` (ADR 0006).

Every kind of tampering with a row people read — a placement deleted, inserted or changed,
an answer changed, a standby deleted or altered, a ledger entry edited or removed — makes
the command fail (exit code 1) with a message naming the person and what differs; an
untouched campaign verifies clean.
"""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cadrex.audit.chain import entry_hash
from cadrex.exchange import services
from cadrex.exchange.ledger_check import NO_LEDGER
from cadrex.exchange.models import (
    Answer,
    DecisionEntry,
    Placement,
    PlacementKind,
    Standby,
    StandbyOutcome,
    TwoWaySelection,
)


def _placement(world, name: str) -> Placement:
    return Placement.objects.get(candidate=world["candidates"][name])


def _verify(capsys) -> tuple[int, str]:
    """The command's exit code (``CommandError.returncode`` is what manage.py exits with)
    and everything it printed."""
    try:
        call_command("verify_matching")
        code = 0
    except CommandError as error:
        code = error.returncode
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def answered(directed, clock):
    """乙一 accepts and is fully transferred to D01, 乙二 refuses (standby), the rest pending."""
    yi = _placement(directed, "乙一")
    services.placement_answer(actor=None, placement=yi, accept=True, note="服从")
    for item in ("reported_at", "administrative_at"):
        services.transfer_tick(actor=None, placement=yi, item=item)
    services.placement_answer(
        actor=None, placement=_placement(directed, "乙二"), accept=False, note="家庭原因"
    )
    return directed


def test_b5_b7_an_untouched_campaign_verifies_clean(answered, capsys):
    code, out = _verify(capsys)
    assert code == 0, out
    assert "OK" in out and "决定账本 7 条" in out and "6 项交流安排、1 项待岗记录一致" in out
    kinds = list(DecisionEntry.objects.order_by("seq").values_list("kind", flat=True))
    assert kinds == ["matching", "meeting", "answer", "transfer", "transfer", "answer", "standby"]


def test_b7_a_served_standby_with_its_outcome_still_verifies_clean(answered, capsys, clock):
    standby = Standby.objects.get()
    services.standby_outcome_record(
        actor=None,
        standby=standby,
        outcome=StandbyOutcome.PLACED,
        unit=answered["units"]["D01"],
        now=clock.at(standby.end, 10),
    )
    code, out = _verify(capsys)
    assert code == 0, out
    assert DecisionEntry.objects.last().kind == "standby_outcome"


def test_b5_deleting_a_placement_row_is_named(answered, capsys):
    _placement(answered, "丙一").delete()
    code, out = _verify(capsys)
    assert code == 1
    assert "丙一" in out and "数据库中没有（被删除或改为未确定）" in out
    assert "双向选择匹配 → 市财政局" in out


def test_b6_inserting_a_decided_placement_row_is_named(published, capsys, clock):
    # Before the meeting, someone adds a decided row for 乙二 (who listed nothing).
    Placement.objects.create(
        candidate=published["candidates"]["乙二"],
        kind=PlacementKind.DIRECTED,
        unit=published["units"]["T01"],
        choice=0,
        decided_at=clock.now,
    )
    code, out = _verify(capsys)
    assert code == 1
    assert "乙二" in out and "数据库中有已确定的交流安排（定向交流 → 东湖街道）" in out
    assert "决定账本中没有这项决定" in out


def test_b5_changing_a_placements_unit_is_named_with_both_units(answered, capsys):
    Placement.objects.filter(pk=_placement(answered, "甲二").pk).update(
        unit=answered["units"]["T01"]
    )
    code, out = _verify(capsys)
    assert code == 1
    assert "甲二" in out and "单位 账本为“市民政局”，数据库为“东湖街道”" in out


def test_b6_undeciding_a_directed_placement_is_named(answered, capsys):
    Placement.objects.filter(pk=_placement(answered, "甲三").pk).update(decided_at=None)
    code, out = _verify(capsys)
    assert code == 1 and "甲三" in out and "被删除或改为未确定" in out


def test_b7_changing_an_answer_is_named(answered, capsys):
    Placement.objects.filter(pk=_placement(answered, "乙二").pk).update(answer=Answer.ACCEPTED)
    code, out = _verify(capsys)
    assert code == 1
    assert "乙二" in out and "本人表态 账本为“不服从安排”，数据库为“服从安排”" in out


def test_c3_changing_a_reporting_deadline_or_a_tick_is_named(answered, capsys):
    yi = _placement(answered, "乙一")
    Placement.objects.filter(pk=yi.pk).update(
        reporting_deadline=yi.reporting_deadline + timedelta(days=30), salary_at=yi.reported_at
    )
    code, out = _verify(capsys)
    assert code == 1
    assert "乙一" in out and "报到期限 账本为" in out
    assert "工资关系已转接 账本为“未登记”，数据库为“已登记”" in out


def test_b7_deleting_a_standby_is_named(answered, capsys):
    Standby.objects.all().delete()
    code, out = _verify(capsys)
    assert code == 1 and "乙二" in out and "决定账本中有其待岗记录" in out


def test_b7_altering_a_standby_is_named(answered, capsys):
    standby = Standby.objects.get()
    Standby.objects.filter(pk=standby.pk).update(
        end=standby.end - timedelta(days=180), outcome=StandbyOutcome.INCOMPETENT
    )
    code, out = _verify(capsys)
    assert code == 1
    assert "乙二（交流对象" in out and "的待岗记录与决定账本不符" in out
    assert "待岗期满 账本为" in out
    assert "结果 账本为“待岗中”，数据库为“表现差，年度考核定为不称职”" in out


def test_b7_a_standby_added_behind_the_ledger_is_named(answered, clock, capsys):
    Standby.objects.create(
        placement=_placement(answered, "甲二"), rule="C3", start=clock.today, end=clock.today
    )
    code, out = _verify(capsys)
    assert code == 1 and "甲二" in out and "数据库中有待岗记录" in out


def test_b6_changing_the_meeting_date_is_named(answered, capsys):
    selection = TwoWaySelection.objects.get()
    TwoWaySelection.objects.filter(pk=selection.pk).update(
        meeting_date=selection.meeting_date - timedelta(days=3)
    )
    code, out = _verify(capsys)
    assert code == 1 and "部务会议日期 账本为" in out


def test_b5_editing_a_ledger_entry_breaks_its_hash(answered, capsys):
    entry = DecisionEntry.objects.get(kind="matching")
    payload = entry.payload
    payload["placements"][0]["unit"] = "T01"
    DecisionEntry.objects.filter(pk=entry.pk).update(payload=payload)
    code, out = _verify(capsys)
    assert code == 1 and "决定账本第 1 条（公布双向选择匹配结果）的内容与其哈希不符" in out


def test_b7_deleting_a_ledger_entry_and_its_rows_is_caught(answered, capsys):
    """Removing 乙二's refusal everywhere (entries and rows) still leaves a gap in the chain."""
    DecisionEntry.objects.filter(kind__in=["answer", "standby"], payload__name="乙二").delete()
    Standby.objects.all().delete()
    Placement.objects.filter(pk=_placement(answered, "乙二").pk).update(
        answer=Answer.PENDING, answer_note="", answered_at=None
    )
    code, out = _verify(capsys)
    assert code == 1
    assert "决定账本应有 7 条，实有 5 条" in out and "账本末端不符" in out


def test_b7_rewriting_the_chain_without_the_head_is_caught(answered, capsys):
    """A forger who recomputes every hash after dropping an entry still misses the head."""
    DecisionEntry.objects.filter(kind="standby").delete()
    Standby.objects.all().delete()
    previous = ""
    for seq, entry in enumerate(DecisionEntry.objects.order_by("seq"), start=1):
        digest = entry_hash(previous, entry.kind, seq, entry.payload)
        DecisionEntry.objects.filter(pk=entry.pk).update(seq=seq, prev_hash=previous, hash=digest)
        previous = digest
    code, out = _verify(capsys)
    assert code == 1 and "账本末端不符" in out


def test_b5_a_campaign_published_before_the_ledger_verifies_with_a_clear_note(answered, capsys):
    """Migration 0002 marks such campaigns; the matching itself is still checked."""
    DecisionEntry.objects.all().delete()
    TwoWaySelection.objects.update(ledger_head="", ledger_length=0)
    migration = importlib.import_module("cadrex.exchange.migrations.0002_decision_ledger")
    migration.mark_campaigns_without_ledger(apps, None)
    code, out = _verify(capsys)
    assert code == 0, out
    assert "OK" in out and NO_LEDGER in out


def test_b5_a_campaign_marked_without_ledger_but_holding_entries_fails(answered, capsys):
    TwoWaySelection.objects.update(ledger_kept=False)
    code, out = _verify(capsys)
    assert code == 1 and "标记为没有决定账本" in out


def test_b7_deleting_one_entry_in_the_middle_names_the_gap(answered, capsys):
    DecisionEntry.objects.filter(seq=4).delete()  # 乙一's arrival tick
    code, out = _verify(capsys)
    assert code == 1
    assert "决定账本缺少第 4 条（被删除）" in out
    assert "决定账本第 5 条（报到和关系转接）记录的前一条哈希与前一条不符" in out
    assert "乙一（交流对象" in out and "已到新单位报到 账本为“未登记”，数据库为“已登记”" in out


def test_b5_a_forger_who_rewrites_the_whole_chain_cannot_move_a_matched_person(answered, capsys):
    """Even with every hash and the head recomputed, the frozen result still says D02."""
    jia2 = answered["candidates"]["甲二"].pk
    Placement.objects.filter(candidate_id=jia2).update(unit=answered["units"]["T01"])
    previous = ""
    for entry in DecisionEntry.objects.order_by("seq"):
        payload = entry.payload
        for line in payload.get("placements", []) if entry.kind == "matching" else []:
            if line["candidate"] == jia2:
                line["unit"] = "T01"
        digest = entry_hash(previous, entry.kind, entry.seq, payload)
        DecisionEntry.objects.filter(pk=entry.pk).update(
            payload=payload, prev_hash=previous, hash=digest
        )
        previous = digest
    TwoWaySelection.objects.update(ledger_head=previous)
    code, out = _verify(capsys)
    assert code == 1
    assert "甲二（交流对象" in out
    assert "匹配结果为“市民政局”（第 1 意向），决定账本为“东湖街道”（第 1 意向）" in out
