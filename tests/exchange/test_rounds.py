"""B3–B6 with ``policy.matching_rounds`` = 2: a second matching round (ADR 0011).

In the small world (see conftest) round 1 places 甲二, 乙一, 丙一 and 丙二 and leaves 甲三
(home D01) and 乙二 (home D02) unplaced; D01 and D02 are full, T01 has both vacancies left.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.campaigns.selectors import step_is_open
from cadrex.exchange import rounds, services
from cadrex.exchange.models import Placement, PlacementKind, Preference, Proposal, TwoWaySelection
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only


def _two_rounds(campaign) -> None:
    campaign.policy_overrides = {**campaign.policy_overrides, "matching_rounds": 2}
    campaign.save(update_fields=["policy_overrides"])


@pytest.fixture
def round_two(published):
    """Round 1 published under a two-round policy; round 2 opened by the office."""
    _two_rounds(published["campaign"])
    services.round_open(actor=published["users"]["office"], campaign=published["campaign"])
    return published


def _prefer(part_b, name, *codes):
    return services.preferences_save(
        actor=None,
        candidate=part_b["candidates"][name],
        unit_ids=[part_b["units"][c].pk for c in codes],
    )


def _propose(part_b, code, *names):
    return services.proposals_save(
        actor=None,
        campaign=part_b["campaign"],
        unit=part_b["units"][code],
        candidate_ids=[part_b["candidates"][n].pk for n in names],
    )


@pytest.fixture
def round_two_published(round_two):
    """Round 2: 甲三 and 乙二 list T01, T01 proposes 乙二 alone; matched and published."""
    _prefer(round_two, "甲三", "T01")
    _prefer(round_two, "乙二", "T01")
    open_only(round_two["campaign"], Step.PROPOSALS)
    _propose(round_two, "T01", "乙二")
    open_only(round_two["campaign"], Step.MATCHING)
    office = round_two["users"]["office"]
    run = services.matching_run(actor=office, campaign=round_two["campaign"])
    services.matching_publish(actor=office, run=run)
    open_only(round_two["campaign"], Step.DIRECTED_PLACEMENT)
    return {**round_two, "run2": run}


def _state(campaign):
    return (
        TwoWaySelection.objects.get(campaign=campaign).round,
        sorted(campaign.windows.values_list("step", "start", "end")),
        Preference.objects.count(),
        Proposal.objects.count(),
    )


# ------------------------------------------------------------------ opening round 2


def test_b5_round_two_lists_the_unplaced_among_units_with_vacancies_left(round_two):
    campaign = round_two["campaign"]
    candidates = round_two["candidates"]
    facts = rounds.round_facts(campaign)
    assert facts.number == 2 == TwoWaySelection.objects.get(campaign=campaign).round
    assert facts.people == {candidates["甲三"].pk, candidates["乙二"].pk}
    assert facts.vacancies == {"T01": 2}
    assert step_is_open(campaign, Step.PREFERENCES)  # B3's window moved to now
    assert not step_is_open(campaign, Step.DIRECTED_PLACEMENT)
    event = Event.objects.filter(action="exchange_round_open").get()
    assert event.after["round"] == 2 and event.after["vacancies"] == {"T01": 2}


def test_b5_round_two_before_round_one_is_published_is_refused(through_proposals):
    campaign = through_proposals["campaign"]
    _two_rounds(campaign)
    TwoWaySelection.objects.get_or_create(campaign=campaign)
    before = _state(campaign)
    with pytest.raises(RuleViolation, match="第 1 轮双向选择匹配结果尚未公布，不能开启第 2 轮"):
        services.round_open(actor=None, campaign=campaign)
    assert _state(campaign) == before


def test_b5_a_round_beyond_the_policy_is_refused(published):
    campaign = published["campaign"]  # the plan's policy: 1 round
    before = _state(campaign)
    with pytest.raises(RuleViolation, match="共 1 轮，已进行到第 1 轮，不能开启第 2 轮"):
        services.round_open(actor=None, campaign=campaign)
    assert _state(campaign) == before


def test_b5_opening_round_two_twice_is_refused(round_two):
    campaign = round_two["campaign"]
    before = _state(campaign)
    with pytest.raises(RuleViolation, match="共 2 轮，已进行到第 2 轮，不能开启第 3 轮"):
        services.round_open(actor=None, campaign=campaign)
    assert _state(campaign) == before


# ------------------------------------------------------------------ B3, B4 in round 2


def test_b3_round_two_preferences_are_kept_apart_from_round_one(round_two):
    _prefer(round_two, "甲三", "T01")
    rows = Preference.objects.filter(candidate=round_two["candidates"]["甲三"])
    assert sorted(rows.values_list("round", "unit__code", "rank")) == [
        (1, "D02", 1),
        (2, "T01", 1),
    ]


def test_b3_round_two_preference_for_a_unit_without_vacancy_is_refused(round_two):
    before = _state(round_two["campaign"])
    with pytest.raises(RuleViolation, match="“市民政局”在第 1 轮匹配后已没有剩余缺员") as refused:
        _prefer(round_two, "甲三", "T01", "D02")
    assert refused.value.rule == "B3"
    assert _state(round_two["campaign"]) == before


def test_b5_a_person_placed_in_round_one_does_not_file_in_round_two(round_two):
    before = _state(round_two["campaign"])
    with pytest.raises(RuleViolation, match="“甲二”不是第 2 轮双向选择的参加人员"):
        _prefer(round_two, "甲二", "T01")
    assert _state(round_two["campaign"]) == before


def test_b4_round_two_proposals_only_from_this_rounds_choosers_and_units_with_room(round_two):
    _prefer(round_two, "甲三", "T01")
    open_only(round_two["campaign"], Step.PROPOSALS)
    before = _state(round_two["campaign"])
    with pytest.raises(RuleViolation, match="未填报该单位为意向单位"):
        _propose(round_two, "T01", "甲三", "乙二")  # 乙二 has not listed T01 in round 2
    with pytest.raises(RuleViolation, match="在第 1 轮匹配后已没有剩余缺员") as refused:
        _propose(round_two, "D01", "甲三")
    assert refused.value.rule == "B4"
    with pytest.raises(RuleViolation, match="“甲二”不是第 2 轮双向选择的参加人员"):
        _propose(round_two, "T01", "甲二")
    assert _state(round_two["campaign"]) == before
    _propose(round_two, "T01", "甲三")
    assert list(Proposal.objects.filter(round=2).values_list("candidate__cadre__name")) == [
        ("甲三",)
    ]


def test_b4_the_proposal_page_shows_the_remaining_need(as_user, round_two):
    _prefer(round_two, "甲三", "T01")
    open_only(round_two["campaign"], Step.PROPOSALS)
    full = as_user("leader").get(reverse("exchange:proposals")).content.decode()  # D01
    assert "本单位在上一轮匹配后已没有剩余缺员，本轮不提出建议人选" in full
    operator = round_two["users"]["operator"]
    operator.unit = round_two["units"]["T01"]
    operator.save(update_fields=["unit"])
    html = as_user("operator").get(reverse("exchange:proposals")).content.decode()
    assert "本单位剩余缺员 <strong>2</strong> 个" in html
    assert "甲三" in html and "乙二" not in html  # only this round's choosers


# ------------------------------------------------------------------ B5 round 2, B6 after it


def test_b5_round_two_is_matched_frozen_published_and_decides_its_placements(round_two_published):
    run = round_two_published["run2"]
    candidates = round_two_published["candidates"]
    inputs, result = json.loads(run.inputs), json.loads(run.result)
    assert run.round == 2 and inputs["round"] == 2
    assert inputs["vacancies"] == {"T01": 2}
    assert set(inputs["preferences"]) == {str(candidates["甲三"].pk), str(candidates["乙二"].pk)}
    assert result["assignment"] == {str(candidates["乙二"].pk): "T01"}
    placement = Placement.objects.get(candidate=candidates["乙二"])
    assert (placement.kind, placement.unit.code, placement.choice) == (
        PlacementKind.MATCHED,
        "T01",
        1,
    )


def test_b5_each_round_is_published_once(round_two_published):
    campaign = round_two_published["campaign"]
    open_only(campaign, Step.MATCHING)
    with pytest.raises(RuleViolation, match="第 2 轮双向选择匹配结果已经公布，不能重新匹配"):
        services.matching_run(actor=None, campaign=campaign)
    with pytest.raises(RuleViolation, match="双向选择匹配结果已经公布，不能重复公布"):
        services.matching_publish(actor=None, run=round_two_published["run"])


def test_b6_directed_placement_waits_for_the_last_round(published):
    campaign = published["campaign"]
    _two_rounds(campaign)
    with pytest.raises(RuleViolation, match="还要进行第 2 轮") as refused:
        services.directed_draft(actor=None, campaign=campaign)
    assert refused.value.rule == "B6"
    services.round_open(actor=None, campaign=campaign)
    open_only(campaign, Step.DIRECTED_PLACEMENT)
    with pytest.raises(RuleViolation, match="第 2 轮双向选择匹配结果尚未公布"):
        services.directed_draft(actor=None, campaign=campaign)
    assert not Placement.objects.filter(kind=PlacementKind.DIRECTED).exists()


def test_b6_after_the_last_round_only_its_unplaced_are_directed(round_two_published, clock):
    campaign = round_two_published["campaign"]
    rows = services.directed_draft(actor=None, campaign=campaign)
    assert [p.candidate.cadre.name for p in rows] == ["甲三"]
    services.directed_confirm(
        actor=round_two_published["users"]["orgdept"],
        campaign=campaign,
        meeting_date=clock.today,
        note="研究同意",
    )
    call_command("verify_matching")


# ------------------------------------------------------------------ verify every round


def test_b5_verify_matching_re_derives_every_round(round_two_published, capsys):
    call_command("verify_matching", str(round_two_published["run"].pk))
    out = capsys.readouterr().out
    assert "OK 第" in out and "第 2 轮" in out and "决定账本 2 条" in out


@pytest.mark.parametrize("tamper", ["deleted", "added", "changed"])
def test_b5_verify_matching_notices_a_round_two_row_deleted_added_or_changed(
    round_two_published, capsys, tamper
):
    candidates = round_two_published["candidates"]
    mine = Preference.objects.filter(candidate=candidates["甲三"], round=2)
    if tamper == "deleted":
        mine.delete()
    elif tamper == "added":
        Proposal.objects.create(
            declaration=Proposal.objects.get(round=2).declaration,
            candidate=candidates["甲三"],
            rank=2,
            round=2,
        )
    else:
        mine.update(unit=round_two_published["units"]["D02"])
    with pytest.raises(CommandError):
        call_command("verify_matching")
    out = capsys.readouterr().out
    assert "第 2 轮冻结的" in out and "甲三" in out


def test_b5_verify_matching_notices_a_round_two_ledger_entry_missing(round_two_published, capsys):
    from cadrex.exchange.models import DecisionEntry

    DecisionEntry.objects.filter(kind="matching", payload__round=2).delete()
    with pytest.raises(CommandError):
        call_command("verify_matching")
    out = capsys.readouterr().out
    assert "已公布第 2 轮" in out


# ------------------------------------------------------------------ the office's page


def test_b5_the_office_opens_round_two_from_the_matching_page(as_user, published):
    _two_rounds(published["campaign"])
    client = as_user("office")
    page = client.get(reverse("exchange:matching")).content.decode()
    assert "开启第 2 轮双向选择" in page
    response = client.post(reverse("exchange:round_open"), follow=True)
    assert "已开启新一轮双向选择" in response.content.decode()
    assert rounds.current_round(published["campaign"]) == 2
    again = client.post(reverse("exchange:round_open"), follow=True).content.decode()
    assert "不能开启第 3 轮" in again


def test_b3_the_cadre_of_round_two_sees_only_the_units_left(as_user, round_two, world):
    # the "cadre" persona is 乙一, placed in round 1: turned back with the rule's message
    response = as_user("cadre").get(reverse("exchange:preferences"), follow=True)
    assert "不是第 2 轮双向选择的参加人员" in response.content.decode()


def test_b3_round_one_forms_stay_closed_once_published(published):
    campaign = published["campaign"]
    open_only(campaign, Step.PREFERENCES, Step.PROPOSALS)
    before = _state(campaign)
    with pytest.raises(RuleViolation, match="双向选择匹配结果已经公布，不能再修改意向"):
        _prefer(published, "甲三", "T01")
    with pytest.raises(RuleViolation, match="双向选择匹配结果已经公布，不能再修改建议人选"):
        _propose(published, "T01", "乙一")
    assert _state(campaign)[2:] == before[2:]
