"""C1 pages: the office keeps the leading group and its office; a unit keeps its own
responsible leader and task team, never another unit's; bad input is refused in Chinese,
beside its field, and changes nothing."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
from cadrex.registry.models import Unit
from tests.competition.controls import messages_of, unlabelled

TEAM = {"name": "陈静", "post": "人事科科长", "duty": "报名组织和材料审核", "phone": "13800000000"}


def test_c1_the_office_adds_and_edits_the_leading_group_and_its_office(as_user, org):
    client = as_user("office")
    response = client.post(
        reverse("organisation:office_member_add"),
        {
            "position": "director",
            "name": "周敏",
            "post": "市委组织部副部长",
            "phone": "0573-88000101",
        },
    )
    assert response.status_code == 302 and "已添加领导小组办公室成员。" in messages_of(response)
    director = GroupMember.objects.get(body=Body.OFFICE)
    assert (director.position, director.name) == (Position.DIRECTOR, "周敏")
    client.post(
        reverse("organisation:office_edit"),
        {"seat": "市委组织部", "phone": "0573-88000100", "address": "人民路1号"},
    )
    assert GroupOffice.objects.get().address == "人民路1号"
    member = org["member"]
    client.post(
        reverse("organisation:member_edit", args=[member.pk]),
        {"position": "leader", "name": "王建国", "post": "市委常委、组织部部长", "seq": "1"},
    )
    page = client.get(reverse("organisation:group")).content.decode()
    assert unlabelled(page) == []
    index = client.get(reverse("organisation:index")).content.decode()
    assert "周敏" in index and "市委常委、组织部部长" in index and "0573-88000100" in index
    assert Event.objects.filter(action="group_member_add").count() == 2  # the fixture's too


def test_c1_a_second_leader_is_refused_beside_its_field_as_typed(as_user, org):
    client = as_user("office")
    url = reverse("organisation:group_member_add")
    typed = {"position": "leader", "name": "钱七", "post": "市委副书记"}
    response = client.post(url, typed)
    assert "领导小组已有组长（王建国），请先修改或移除后再设置。（规则 C1）" in messages_of(
        response
    )
    form = client.get(reverse("organisation:group")).context["add_group"]
    assert form["name"].value() == "钱七"
    assert form.errors["position"] == ["领导小组已有组长（王建国），请先修改或移除后再设置。"]
    assert GroupMember.objects.count() == 1


def test_c1_a_unit_names_its_leader_and_task_team(as_user, org):
    client = as_user("leader")
    response = client.post(
        reverse("organisation:leader_set"), {"name": "孔立新", "post": "党组书记、局长"}
    )
    assert "已保存本单位第一责任人。" in messages_of(response)
    client.post(reverse("organisation:team_add"), TEAM)
    assert ResponsibleLeader.objects.get().unit == org["units"]["D01"]
    assert list(TaskTeamMember.objects.values_list("name", "seq")) == [("李明", 1), ("陈静", 2)]
    page = client.get(reverse("organisation:unit")).content.decode()
    assert unlabelled(page) == [] and "报名组织和材料审核" in page
    # the unit sees its own team on the list, and no other unit's
    index = client.get(reverse("organisation:index"))
    assert [row.unit.code for row in index.context["org"].units] == ["D01"]


def test_c1_another_units_team_member_is_not_found(as_user, org):
    client = as_user("other_operator")  # of D02; the fixture's team member is D01's
    member = org["team"]
    for url, data in [
        (reverse("organisation:team_edit", args=[member.pk]), {**TEAM, "name": "改名"}),
        (reverse("organisation:team_remove", args=[member.pk]), {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 404
        assert "没有找到该工作专班成员，或您无权修改。" in response.content.decode()
    assert TaskTeamMember.objects.get().name == "李明"
    # their own team is theirs
    client.post(reverse("organisation:team_add"), TEAM)
    assert TaskTeamMember.objects.get(unit__code="D02").name == "陈静"


def test_c1_bad_input_is_refused_in_chinese_and_changes_nothing(as_user, org):
    client = as_user("operator")
    url = reverse("organisation:team_add")
    cases = [
        ({**TEAM, "name": "  "}, "请填写姓名。（规则 C1）"),
        ({**TEAM, "duty": "职" * 2000}, "工作职责最多 500 个字。（规则 C1）"),
        ({**TEAM, "name": "名" * 51}, "姓名最多 50 个字。（规则 C1）"),
        (
            {**TEAM, "phone": "电话号码"},
            "联系电话只能填写号码，如 13800000000 或 0571-88888888。（规则 C1）",
        ),
        ({**TEAM, "seq": "0"}, "排序号只能是 1 至 999 的整数。（规则 C1）"),
    ]
    before = Event.objects.count()
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 302
        assert message in messages_of(response), (data, messages_of(response))
    assert TaskTeamMember.objects.count() == 1 and Event.objects.count() == before
    # the last refusal comes back as typed, beside its field
    form = client.get(reverse("organisation:unit")).context["add_form"]
    assert form["duty"].value() == TEAM["duty"] and form.errors["seq"]
    # a NUL byte is refused before any view (the middleware), in Chinese
    response = client.post(url, {**TEAM, "name": "陈\x00静"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()
    assert TaskTeamMember.objects.count() == 1


def test_c1_a_position_not_of_the_body_is_refused(as_user, org):
    client = as_user("office")
    response = client.post(
        reverse("organisation:group_member_add"),
        {"position": "director", "name": "甲", "post": "乙"},
    )
    assert "请选择小组职务（组长、副组长、成员）。（规则 C1）" in messages_of(response)
    assert GroupMember.objects.count() == 1


def test_c1_the_list_costs_the_same_queries_for_a_bigger_city(as_user, org):
    client = as_user("office")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("organisation:index")).status_code == 200
        return len(captured)

    small = queries()
    for i in range(5):
        unit = Unit.objects.create(code=f"X{i}", name=f"新单位{i}", kind="department")
        services.responsible_leader_set(
            actor=None, campaign=org["campaign"], unit=unit, name=f"负责人{i}", post="党组书记"
        )
        for j in range(3):
            services.task_team_member_add(
                actor=None,
                campaign=org["campaign"],
                unit=unit,
                name=f"成员{j}",
                post="科员",
                duty="联络",
            )
    assert queries() == small


def test_c1_every_form_names_what_is_missing_or_too_long(as_user, org):
    cases = [
        (
            "office",
            "organisation:group_member_add",
            {"position": "member", "post": "局长"},
            "请填写姓名。",
        ),
        (
            "office",
            "organisation:office_member_add",
            {"position": "member", "name": "甲", "post": "职" * 2000},
            "单位及职务最多 100 个字。",
        ),
        (
            "office",
            "organisation:office_edit",
            {"seat": "", "phone": "0573-88000100"},
            "请填写办公室所在单位。",
        ),
        (
            "office",
            "organisation:office_edit",
            {"seat": "市委组织部", "address": "址" * 2000},
            "办公地址最多 200 个字。",
        ),
        ("leader", "organisation:leader_set", {"name": "孔立新", "post": ""}, "请填写职务。"),
        (
            "leader",
            "organisation:leader_set",
            {"name": "孔立新", "post": "职" * 2000},
            "职务最多 100 个字。",
        ),
    ]
    before = Event.objects.count()
    for persona, name, data, message in cases:
        response = as_user(persona).post(reverse(name), data)
        assert f"{message}（规则 C1）" in messages_of(response), (name, messages_of(response))
    assert Event.objects.count() == before
    assert GroupMember.objects.count() == 1 and not GroupOffice.objects.exists()
    assert not ResponsibleLeader.objects.exists()


def test_c1_a_name_of_invisible_characters_alone_is_missing(as_user, org):
    client = as_user("operator")
    before = (TaskTeamMember.objects.count(), Event.objects.count())
    response = client.post(reverse("organisation:team_add"), {**TEAM, "name": "\u200b\u200b\ufeff"})
    assert "请填写姓名。（规则 C1）" in messages_of(response)
    assert (TaskTeamMember.objects.count(), Event.objects.count()) == before
    client.post(reverse("organisation:team_add"), {**TEAM, "name": "陈\u200b静"})
    assert TaskTeamMember.objects.filter(name="陈静").exists()  # stored as it is seen


def test_c1_a_new_group_member_is_offered_as_a_plain_member(as_user, org):
    context = as_user("office").get(reverse("organisation:group")).context
    assert context["add_group"]["position"].value() == Position.MEMBER
    assert context["add_office"]["position"].value() == Position.MEMBER
