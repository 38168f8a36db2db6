"""C1 services: the leading group (one 组长), its office (one 主任, in the organisation
department), each unit's responsible leader and task team; every change is logged."""

from __future__ import annotations

import pytest

from cadrex.audit.display import entries
from cadrex.audit.models import Event
from cadrex.organisation import services
from cadrex.organisation.models import (
    Body,
    GroupMember,
    GroupOffice,
    Position,
    ResponsibleLeader,
    TaskTeamMember,
)
from cadrex.rules import RuleViolation


def _add(campaign, body=Body.LEADING_GROUP, position=Position.MEMBER, name="赵六", **extra):
    return services.group_member_add(
        actor=None,
        campaign=campaign,
        body=body,
        position=position,
        name=name,
        post=extra.pop("post", "市人力社保局局长"),
        **extra,
    )


def test_c1_the_leading_group_has_one_leader(org):
    campaign = org["campaign"]
    with pytest.raises(RuleViolation, match="领导小组已有组长（王建国）") as refused:
        _add(campaign, position=Position.LEADER, name="钱七")
    assert refused.value.rule == "C1" and refused.value.field == "position"
    deputy = _add(campaign, position=Position.DEPUTY_LEADER, name="孙八")
    assert GroupMember.objects.filter(campaign=campaign).count() == 2
    # the leader steps down to member: then another may lead
    services.group_member_update(
        actor=None, member=org["member"], position=Position.MEMBER, name="王建国", post="市委常委"
    )
    services.group_member_update(
        actor=None, member=deputy, position=Position.LEADER, name="孙八", post="组织部部长"
    )
    leader = GroupMember.objects.get(campaign=campaign, position=Position.LEADER)
    assert (leader.name, leader.post) == ("孙八", "组织部部长")


def test_c1_each_body_has_its_own_positions_and_the_office_one_director(org):
    campaign = org["campaign"]
    with pytest.raises(RuleViolation, match="领导小组的职务只能是组长、副组长、成员"):
        _add(campaign, position=Position.DIRECTOR)
    with pytest.raises(RuleViolation, match="领导小组办公室的职务只能是主任、副主任、成员"):
        _add(campaign, body=Body.OFFICE, position=Position.LEADER)
    _add(campaign, body=Body.OFFICE, position=Position.DIRECTOR, name="周主任", phone="13800000001")
    with pytest.raises(RuleViolation, match="领导小组办公室已有主任（周主任）"):
        _add(campaign, body=Body.OFFICE, position=Position.DIRECTOR, name="吴主任")
    assert list(GroupMember.objects.filter(body=Body.OFFICE).values_list("name", "seq")) == [
        ("周主任", 1)
    ]


def test_c1_the_office_sits_in_the_organisation_department_and_says_how_to_reach_it(org):
    office = services.group_office_update(
        actor=None, campaign=org["campaign"], seat=" 市委组织部 ", phone="0573-88000100"
    )
    assert (office.seat, office.phone) == ("市委组织部", "0573-88000100")
    services.group_office_update(
        actor=None, campaign=org["campaign"], seat="市委组织部", phone="0573-88000100"
    )  # nothing changed: nothing logged
    assert Event.objects.filter(action="group_office_update").count() == 1
    with pytest.raises(RuleViolation, match="请填写办公室所在单位"):
        services.group_office_update(actor=None, campaign=org["campaign"], seat="  ")
    assert GroupOffice.objects.get().seat == "市委组织部"


def test_c1_a_name_post_and_duty_are_required_whoever_calls(org):
    unit, campaign = org["units"]["D01"], org["campaign"]
    with pytest.raises(RuleViolation, match="请填写姓名。"):
        _add(campaign, name="   ")
    with pytest.raises(RuleViolation, match="请填写职务。"):
        services.responsible_leader_set(
            actor=None, campaign=campaign, unit=unit, name="孔立新", post=""
        )
    with pytest.raises(RuleViolation, match="请填写工作职责。"):
        services.task_team_member_add(
            actor=None, campaign=campaign, unit=unit, name="甲", post="科员", duty=" "
        )
    assert not ResponsibleLeader.objects.exists()
    assert TaskTeamMember.objects.count() == 1


def test_c1_a_unit_names_its_principal_leader_once_and_may_change_it(org):
    unit, campaign = org["units"]["D01"], org["campaign"]
    services.responsible_leader_set(
        actor=None, campaign=campaign, unit=unit, name="孔立新", post="党组书记、局长"
    )
    services.responsible_leader_set(
        actor=None, campaign=campaign, unit=unit, name="孔立新", post="党组书记"
    )
    leader = ResponsibleLeader.objects.get()
    assert (leader.unit, leader.name, leader.post) == (unit, "孔立新", "党组书记")
    events = Event.objects.filter(action="responsible_leader_set").order_by("id")
    assert [e.after for e in events] == [
        {"unit": "D01", "name": "孔立新", "post": "党组书记、局长", "phone": ""},
        {"post": "党组书记"},
    ]
    assert events[1].before == {"post": "党组书记、局长"}


def test_c1_a_vertically_managed_unit_names_no_team(org):
    with pytest.raises(RuleViolation, match="垂直管理部门"):
        services.task_team_member_add(
            actor=None,
            campaign=org["campaign"],
            unit=org["units"]["V01"],
            name="甲",
            post="科员",
            duty="联络",
        )


def test_c1_every_change_is_logged_and_reads_in_chinese(org):
    member = org["team"]
    services.task_team_member_update(
        actor=org["users"]["operator"],
        member=member,
        name="李明",
        post="办公室主任",
        duty="统筹协调、政策解释",
    )
    services.task_team_member_remove(actor=org["users"]["operator"], member=member)
    services.group_member_remove(actor=org["users"]["office"], member=org["member"])
    assert not TaskTeamMember.objects.exists() and not GroupMember.objects.exists()
    ours = Event.objects.exclude(action__in=["campaign_create", "headcounts_freeze"])
    actions = list(ours.order_by("id").values_list("action", flat=True))
    assert actions == [
        "group_member_add",
        "task_team_member_add",
        "task_team_member_update",
        "task_team_member_remove",
        "group_member_remove",
    ]
    shown = {e.action: e for e in entries(ours.order_by("id"))}
    assert shown["修改工作专班成员"].changes[0].text == "工作职责：统筹协调 → 统筹协调、政策解释"
    removed = [c.text for c in shown["移除领导小组（办公室）成员"].changes]
    assert "小组职务：组长 → —" in removed and "姓名：王建国 → —" in removed
