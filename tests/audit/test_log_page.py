"""The office's log page reads as people speak: names, Beijing time to the second, Chinese
actions, objects and values; filters by object, action and person; and no ballot paper is
ever tied to the member who cast it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.audit.models import Event
from cadrex.audit.services import event_record
from tests.competition.test_secret_ballot import MEMBERS, PIN, secret_round  # noqa: F401

URL = reverse("audit:events")


def _table(response) -> str:
    """The log's rows as HTML (the filter's <option> values carry codes by design)."""
    assert response.status_code == 200
    return response.content.decode().split("<table", 1)[1]


def _rows(table: str) -> list[str]:
    """The entries' rows, newest first (the header left out)."""
    return re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], flags=re.S)


def _named(user: User, name: str) -> User:
    user.first_name = name
    user.save()
    return user


@pytest.fixture
def declined(part_a, as_user, clock):
    """乙一 applies to D01's opening; their unit's leader, 王立新, does not consent. Both
    go through the pages, as people do; the decline at a moment with a fraction of a second."""
    _named(part_a["users"]["cadre"], "乙一")
    leader = User(username="d02_leader", role=Role.UNIT_LEADER, unit=part_a["units"]["D02"])
    leader.first_name = "王立新"
    leader.set_unusable_password()
    leader.save()
    client = as_user("cadre")
    response = client.post(reverse("competition:apply", args=[part_a["d01"].pk]), {"recusal": "on"})
    assert response.status_code == 302
    application = Event.objects.get(action="application_submit").object_id
    clock.shift(timedelta(seconds=1, microseconds=250_000))
    client.force_login(leader)
    consent = reverse("competition:consent", args=[int(application)])
    assert client.post(consent, {"agree": "no", "note": "工作需要"}).status_code == 302
    return {**part_a, "application": application, "declined_at": clock.now}


def test_a_status_change_reads_in_names_beijing_time_and_chinese(declined, as_user):
    table = _table(as_user("office").get(URL))
    decline = next(row for row in _rows(table) if "不同意报名" in row)
    assert "王立新" in decline and "工作需要" in decline
    assert "状态：待所在单位同意 → 所在单位不同意" in decline
    assert f"{declined['declined_at']:%Y-%m-%d %H:%M:%S}" in decline
    assert f"报名 #{declined['application']}" in decline
    submit = next(row for row in _rows(table) if "职位：" in row)
    assert "乙一" in submit and f"职位：{declined['d01']}" in submit
    # No code, no login, no UTC, no fraction of a second anywhere in the rows.
    for code in ("pending_consent", "declined", "application_", "d02_leader", ">cadre<"):
        assert code not in table
    assert "+00:00" not in table and "UTC" not in table
    assert not re.search(r"\d{2}:\d{2}:\d{2}[.,]\d", table)


def test_an_entry_links_to_its_objects_history(declined, as_user):
    client = as_user("office")
    query = {"object_type": "application", "object_id": declined["application"]}
    entries = client.get(URL, query).context["entries"]
    assert [e.action for e in entries] == ["不同意报名", "报名"]
    assert all(e.object_label == "报名" for e in entries)


def test_the_office_filters_the_log_by_object(world, as_user):
    event_record(actor=None, action="roster_import", object_type="unit", object_id="1")
    event_record(actor=None, action="counts_snapshot", object_type="unit", object_id="2")
    page = as_user("office").get(URL, {"object_type": "unit", "object_id": "2"})
    assert [e.action for e in page.context["page"]] == ["counts_snapshot"]


def test_the_office_filters_the_log_by_person_chosen_by_name(world, as_user):
    office = _named(world["users"]["office"], "周敏")
    orgdept = _named(world["users"]["orgdept"], "陆建平")
    event_record(actor=office, action="roster_import", object_type="roster")
    event_record(actor=orgdept, action="campaign_policy_update", object_type="campaign")
    event_record(actor=None, action="counts_snapshot", object_type="campaign")
    client = as_user("office")
    people = dict(client.get(URL).context["form"].fields["person"].choices)
    assert people == {
        "": "全部",
        "system": "系统",
        str(office.pk): "周敏",
        str(orgdept.pk): "陆建平",
    }
    by = client.get(URL, {"person": orgdept.pk}).context["entries"]
    assert [(e.actor, e.action) for e in by] == [("陆建平", "修改政策参数")]
    by = client.get(URL, {"person": "system"}).context["entries"]
    assert [(e.actor, e.action) for e in by] == [("系统", "统计每日报名人数")]


def test_people_of_the_same_name_are_told_apart_by_login(world, as_user):
    for persona in ("office", "orgdept"):
        user = _named(world["users"][persona], "张伟")
        event_record(actor=user, action="roster_import", object_type="roster")
    people = as_user("office").get(URL).context["form"].fields["person"].choices
    assert sorted(label for _, label in people[2:]) == ["张伟（office）", "张伟（orgdept）"]


def test_one_action_name_picks_every_move_that_reads_so(world, as_user):
    for action in ("application_switch", "application_reapply", "roster_import"):
        event_record(actor=None, action=action, object_type="application", object_id="1")
    client = as_user("office")
    actions = client.get(URL).context["form"].fields["action"].choices
    assert [label for _, label in actions] == ["全部", "报名：改报", "导入干部名册"]
    picked = client.get(URL, {"action": "application_switch"}).context["page"]
    assert {e.action for e in picked} == {"application_switch", "application_reapply"}


@pytest.mark.parametrize(
    "query",
    [
        {"person": "abc"},
        {"person": "999999"},
        {"action": "unit_rename"},
        {"object_type": "x" * 10_000},
        {"object_id": "1" * 61},
        {"page": "-1"},
    ],
)
def test_a_bad_filter_is_shown_beside_its_field_and_lists_nothing(world, as_user, query):
    event_record(actor=None, action="roster_import", object_type="roster")
    response = as_user("office").get(URL, query)
    if "page" in query:  # a page out of range is the last page
        assert len(response.context["entries"]) == 1
        return
    assert response.status_code == 200 and response.context["entries"] == []
    field = next(iter(query))
    assert response.context["form"].errors[field]
    assert "没有符合条件的记录" in response.content.decode()


def test_only_the_office_reads_the_log(world, as_user):
    for persona in ("orgdept", "operator", "leader", "cadre", "juror"):
        assert as_user(persona).get(URL).status_code == 403


def test_a_page_of_entries_names_its_records_in_a_few_queries(part_a, as_user):
    for _ in range(40):
        for opening in (part_a["d01"], part_a["t01"]):
            after = {"to_opening": opening.pk}
            event_record(actor=None, action="application_switch", obj=opening, after=after)
    client = as_user("office")
    with CaptureQueriesContext(connection) as queries:
        entries = client.get(URL).context["entries"]
    assert len(entries) == 50 and entries[0].changes[0].after == str(part_a["t01"])
    assert len(queries) <= 12


# ---------------------------------------------------------------------- A10 the ballot box


def _cast(secret_round, member: str, marks: dict) -> None:  # noqa: F811
    """The supervisor hands ``member`` a paper at the room's tablet; the member casts it."""
    tablet = secret_round["tablet"]
    voter = secret_round["ballot"].voters.get(name=member)
    tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": PIN})
    tablet.post(secret_round["url"], {"step": "cast", **{f"m_{k}": v for k, v in marks.items()}})


@pytest.fixture
def cast(secret_round):  # noqa: F811
    tablet = Client()  # the room's tablet: the supervisor claims it with a PIN
    tablet.post(secret_round["url"], {"pin": PIN, "pin_again": PIN})
    secret_round = {**secret_round, "tablet": tablet}
    top, second = secret_round["top"].pk, secret_round["second"].pk
    _cast(secret_round, MEMBERS[0], {top: "for", second: "against"})
    _cast(secret_round, MEMBERS[1], {top: "against", second: "for"})
    assert Event.objects.filter(action="ballot_cast").count() == 2
    return secret_round


def test_a10_a_paper_cast_reads_as_one_paper_by_nobody(cast, as_user):
    table = _table(as_user("office").get(URL, {"object_type": "ballotround"}))
    papers = [row for row in _rows(table) if "投入选票一张" in row]
    assert len(papers) == 2
    for row in papers:
        assert "投票终端" in row and "audit-change-list" not in row
        assert not any(member in row for member in MEMBERS)
        assert "同意" not in row.replace("不同意", "")  # no mark of the paper
    handed = [row for row in _rows(table) if "监票人发放选票" in row]
    assert len(handed) == 2  # the roll: who was handed a paper, as the room saw


def test_a10_a_paper_cast_never_shows_a_person_even_if_one_were_logged(world, as_user):
    """The page does not rest on every service logging right: a ballot_cast entry shows no
    account and nothing recorded with it."""
    office = _named(world["users"]["office"], "周敏")
    event_record(
        actor=office,
        action="ballot_cast",
        object_type="ballotround",
        object_id="1",
        after={"member": "张委员", "marks": {"1": "for"}},
    )
    row = _rows(_table(as_user("office").get(URL)))[0]
    assert "投入选票一张" in row and "投票终端" in row
    assert "周敏" not in row and "张委员" not in row and "for" not in row
