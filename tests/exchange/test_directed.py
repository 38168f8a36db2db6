"""B6: directed placement of the unplaced and the non-filers by the orgdept meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import Placement, PlacementKind, Proposal, TwoWaySelection
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only


def _directed(part_b) -> dict[str, Placement]:
    rows = Placement.objects.filter(kind=PlacementKind.DIRECTED).select_related(
        "candidate__cadre", "unit", "proposed_unit"
    )
    return {p.candidate.cadre.name: p for p in rows}


def test_b6_the_draft_places_the_unplaced_and_the_non_filers_never_at_home(published):
    orgdept = published["users"]["orgdept"]
    rows = services.directed_draft(actor=orgdept, campaign=published["campaign"])
    assert len(rows) == 2
    drafted = _directed(published)
    # Only T01 has vacancies left (D01 and D02 filled by matching).
    assert {n: p.proposed_unit.code for n, p in drafted.items()} == {"甲三": "T01", "乙二": "T01"}
    assert all(p.unit == p.proposed_unit and p.decided_at is None for p in drafted.values())
    assert drafted["乙二"].choice == 0  # listed nothing


def test_b6_listed_units_come_first(through_proposals):
    """Nobody proposes 乙一 (listed D01, T01): D01 keeps a seat, so the draft puts 乙一 at
    their first choice, and the others (甲三 of D01, 乙二) at T01."""
    Proposal.objects.filter(candidate=through_proposals["candidates"]["乙一"]).delete()
    run = services.matching_run(actor=None, campaign=through_proposals["campaign"])
    services.matching_publish(actor=None, run=run)
    open_only(through_proposals["campaign"], Step.DIRECTED_PLACEMENT)
    services.directed_draft(actor=None, campaign=through_proposals["campaign"])
    drafted = _directed(through_proposals)
    assert (drafted["乙一"].proposed_unit.code, drafted["乙一"].choice) == ("D01", 1)
    assert {drafted["甲三"].proposed_unit.code, drafted["乙二"].proposed_unit.code} == {"T01"}


def test_b6_the_orgdept_edits_but_never_into_the_home_unit_or_a_full_unit(published):
    orgdept, units = published["users"]["orgdept"], published["units"]
    services.directed_draft(actor=orgdept, campaign=published["campaign"])
    jia3 = _directed(published)["甲三"]
    events = Event.objects.count()
    with pytest.raises(RuleViolation) as caught:
        services.directed_placement_set(actor=orgdept, placement=jia3, unit=units["D01"])
    assert caught.value.rule == "B6" and "不能安置回本单位" in caught.value.message
    with pytest.raises(RuleViolation, match="“市民政局”已没有剩余缺员"):
        services.directed_placement_set(actor=orgdept, placement=jia3, unit=units["D02"])
    assert _directed(published)["甲三"].unit.code == "T01" and Event.objects.count() == events
    services.directed_placement_set(actor=orgdept, placement=jia3, unit=None)
    assert _directed(published)["甲三"].unit is None


def test_b6_the_meeting_confirms_the_plan_with_its_date_and_note(client, published, clock):
    client.force_login(published["users"]["orgdept"])
    client.post(reverse("exchange:directed_draft"))
    today = clock.today
    response = client.post(
        reverse("exchange:directed_confirm"),
        {"meeting_date": (today + timedelta(days=1)).isoformat(), "note": ""},
        follow=True,
    )
    assert "部务会议日期不能晚于今天" in response.content.decode()
    response = client.post(
        reverse("exchange:directed_confirm"),
        {"meeting_date": today.isoformat(), "note": "经部务会议研究同意"},
        follow=True,
    )
    assert "定向交流已经部务会议研究确定，安排 2 人" in response.content.decode()
    selection = TwoWaySelection.objects.get()
    assert selection.meeting_date == today and selection.meeting_note == "经部务会议研究同意"
    assert all(p.decided_at for p in _directed(published).values())
    with pytest.raises(RuleViolation, match="不能再修改"):
        services.directed_draft(actor=None, campaign=published["campaign"])


def test_b6_the_meeting_cannot_confirm_before_a_draft_exists(published, clock):
    with pytest.raises(RuleViolation, match="请先生成定向交流建议方案"):
        services.directed_confirm(
            actor=None, campaign=published["campaign"], meeting_date=clock.today
        )


def test_b6_nothing_before_the_matching_is_published(through_proposals):
    open_only(through_proposals["campaign"], Step.DIRECTED_PLACEMENT)
    with pytest.raises(RuleViolation, match="尚未公布"):
        services.directed_draft(actor=None, campaign=through_proposals["campaign"])
