"""One login, several roles (issue 15, ADR 0014): switching, each role's doors as today, no
switching to a role not held, a revoked grant falls back, the row keeps its primary role."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cadrex.accounts.models import Role, RoleGrant, User
from cadrex.accounts.roles import PRIMARY, SESSION_KEY, act_as, held_roles
from cadrex.accounts.selectors import users_holding
from cadrex.accounts.services import role_grant_add, role_grant_remove
from cadrex.audit.models import Event
from cadrex.competition.models import Hearing, HearingStatus
from cadrex.rules import RuleViolation
from tests.accounts.roles_world import multi  # noqa: F401

SWITCH = reverse("role_switch")


def _switch(client, key):
    return client.post(SWITCH, {"role": key})


def _doors(client, hearing) -> dict[str, int]:
    pages = {
        "consents": reverse("competition:consents"),
        "chair": reverse("competition:hearing_chair", args=[hearing.pk]),
        "me": reverse("registry:me"),
        "openings": reverse("competition:openings"),
        "my_applications": reverse("competition:my_applications"),
        "audit": reverse("audit:events"),
    }
    return {name: client.get(url).status_code for name, url in pages.items()}


def test_the_person_holds_leader_cadre_and_juror(multi):  # noqa: F811
    held = held_roles(multi["multi"])
    assert [(h.role, h.unit_id) for h in held] == [
        (Role.UNIT_LEADER, multi["units"]["D01"].pk),
        (Role.CADRE, None),
        (Role.JUROR, None),
    ]
    assert [h.key for h in held] == [PRIMARY, f"g{multi['cadre_grant'].pk}", "juror"]
    assert held[0].label == "市财政局 · 单位主要领导"


def test_one_login_switches_and_each_role_opens_its_own_doors_only(client, multi):  # noqa: F811
    client.force_login(multi["multi"])
    hearing = multi["hearing"]
    as_leader = {"consents": 200, "chair": 200, "me": 403, "openings": 403}
    as_leader |= {"my_applications": 403, "audit": 403}
    assert _doors(client, hearing) == as_leader
    response = _switch(client, f"g{multi['cadre_grant'].pk}")
    assert response.status_code == 302 and response.url == reverse("home")
    as_cadre = {"consents": 403, "chair": 403, "me": 302, "openings": 200}
    as_cadre |= {"my_applications": 200, "audit": 403}
    assert _doors(client, hearing) == as_cadre
    assert "甲二，您好" in client.get(reverse("home")).content.decode()
    # A leader's page opened as the cadre: refused, and the page says how to act as leader.
    refused = client.get(reverse("competition:consents")).content.decode()
    assert "您当前以“干部”的身份办理" in refused and "切换角色" in refused
    _switch(client, "juror")
    assert set(_doors(client, hearing).values()) == {403}
    home = client.get(reverse("home")).content.decode()
    assert reverse("juror_page", args=[multi["seat"].token]) in home
    _switch(client, PRIMARY)
    assert _doors(client, hearing) == as_leader
    # The row never took the role a request acted in.
    assert User.objects.filter(pk=multi["multi"].pk, role=Role.UNIT_LEADER).exists()


def test_each_switch_is_one_audit_event(client, multi):  # noqa: F811
    client.force_login(multi["multi"])
    _switch(client, "juror")
    event = Event.objects.get(action="role_switch")
    assert event.actor == multi["multi"]
    assert "单位主要领导" in event.before["label"] and event.after["label"] == "评委"
    _switch(client, "juror")  # already acting as juror: nothing changes, nothing recorded
    assert Event.objects.filter(action="role_switch").count() == 1


@pytest.mark.parametrize("key", ["g999999", "other", "", "juror\x00", "x" * 500, "office"])
def test_a_role_not_held_is_refused_and_nothing_changes(client, multi, key):  # noqa: F811
    client.force_login(multi["multi"])
    before = Event.objects.count()
    response = _switch(client, key)
    assert response.status_code == 400
    assert "您没有担任这个角色" in response.content.decode() or key == "juror\x00"
    assert Event.objects.count() == before
    assert SESSION_KEY not in client.session
    assert client.get(reverse("competition:consents")).status_code == 200  # still the leader


def test_another_persons_grant_cannot_be_named(client, multi):  # noqa: F811
    other = multi["users"]["operator"]
    grant = role_grant_add(
        actor=None, user=other, role=Role.UNIT_LEADER, unit=multi["units"]["T01"]
    )
    client.force_login(multi["multi"])
    assert _switch(client, f"g{grant.pk}").status_code == 400
    assert SESSION_KEY not in client.session


def test_a_session_naming_a_grant_not_held_acts_in_the_primary_role(client, multi):  # noqa: F811
    """A session tampered with, or one that outlived its user: never a role not held."""
    client.force_login(multi["users"]["cadre"])
    session = client.session
    session[SESSION_KEY] = f"g{multi['cadre_grant'].pk}"  # 甲二's grant, not 乙一's
    session.save()
    assert client.get(reverse("registry:me")).status_code == 302  # 乙一, as the cadre
    assert SESSION_KEY not in client.session


def test_a_revoked_grant_falls_back_to_the_primary_role(client, multi):  # noqa: F811
    client.force_login(multi["multi"])
    _switch(client, f"g{multi['cadre_grant'].pk}")
    assert client.get(reverse("competition:openings")).status_code == 200
    role_grant_remove(actor=multi["users"]["office"], grant=multi["cadre_grant"])
    assert client.get(reverse("competition:openings")).status_code == 403
    page = client.get(reverse("home")).content.decode()
    assert "市财政局 · 单位主要领导" in page
    assert Event.objects.filter(action="role_grant_remove").count() == 1


def test_the_juror_role_ends_with_the_hearing(client, multi):  # noqa: F811
    client.force_login(multi["multi"])
    _switch(client, "juror")
    Hearing.objects.filter(pk=multi["hearing"].pk).update(status=HearingStatus.FINISHED)
    assert [h.role for h in held_roles(multi["multi"])] == [Role.UNIT_LEADER, Role.CADRE]
    assert client.get(reverse("competition:consents")).status_code == 200
    assert _switch(client, "juror").status_code == 400


def test_the_switcher_shows_only_for_several_roles(client, multi):  # noqa: F811
    client.force_login(multi["users"]["leader"])
    assert 'data-testid="role-switcher"' not in client.get(reverse("home")).content.decode()
    client.force_login(multi["multi"])
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="role-switcher"' in page
    assert 'aria-label="切换到角色：干部"' in page and 'aria-label="切换到角色：评委"' in page
    assert "当前：市财政局 · 单位主要领导" in page
    assert page.count('name="csrfmiddlewaretoken"') >= 3


def test_switching_takes_a_post_and_a_login(client, multi):  # noqa: F811
    assert client.post(SWITCH, {"role": "juror"}).status_code == 302  # to the login page
    client.force_login(multi["multi"])
    assert client.get(SWITCH, {"role": "juror"}).status_code == 405
    assert SESSION_KEY not in client.session


def test_saving_a_user_acting_in_another_role_stores_the_primary(multi):  # noqa: F811
    person = multi["multi"]
    held = held_roles(person)
    act_as(person, held[1])
    assert person.role == Role.CADRE and person.unit_id is None
    person.first_name = "甲二（改）"
    person.save()
    stored = User.objects.get(pk=person.pk)
    assert (stored.role, stored.unit_id) == (Role.UNIT_LEADER, multi["units"]["D01"].pk)
    assert stored.first_name == "甲二（改）"
    assert person.role == Role.CADRE  # the request still acts as it chose


def test_grants_are_checked_like_the_user_row(multi):  # noqa: F811
    office, person = multi["users"]["office"], multi["multi"]
    d02 = multi["units"]["D02"]
    refusals = [
        ({"role": Role.JUROR}, "评委角色随公开竞岗的评委席位取得"),
        ({"role": Role.UNIT_OPERATOR}, "须指定所属单位"),
        ({"role": Role.OFFICE, "unit": d02}, "只有单位经办人和单位主要领导才指定单位"),
        ({"role": Role.UNIT_LEADER, "unit": multi["units"]["D01"]}, "已经担任这个角色"),
        ({"role": Role.CADRE}, "已经担任这个角色"),
        ({"role": "boss"}, "没有这个角色"),
    ]
    for fields, message in refusals:
        with pytest.raises(RuleViolation, match=message):
            role_grant_add(actor=office, user=person, **fields)
    with pytest.raises(RuleViolation, match="没有对应的干部名册记录"):
        role_grant_add(actor=office, user=multi["users"]["orgdept"], role=Role.CADRE)
    assert RoleGrant.objects.count() == 1
    assert Event.objects.filter(action="role_grant_add").count() == 1  # the fixture's


def test_users_holding_a_role_include_those_granted_it(multi):  # noqa: F811
    d01 = multi["units"]["D01"]
    leaders = set(users_holding(Role.UNIT_LEADER, d01).values_list("username", flat=True))
    assert leaders == {"leader", "multi"}
    role_grant_add(actor=None, user=multi["users"]["office"], role=Role.UNIT_LEADER, unit=d01)
    leaders = set(users_holding(Role.UNIT_LEADER, d01).values_list("username", flat=True))
    assert leaders == {"leader", "multi", "office"}
    cadres = set(users_holding(Role.CADRE).values_list("username", flat=True))
    assert cadres == {"cadre", "multi"}


def test_grant_role_command_grants_lists_and_revokes_with_events(multi, capsys):  # noqa: F811
    call_command("grant_role", "operator", "unit_leader", "--unit", "D01", "--by", "office")
    grant = RoleGrant.objects.get(user__username="operator")
    assert (grant.role, grant.unit.code, grant.granted_by.username) == (
        "unit_leader",
        "D01",
        "office",
    )
    call_command("grant_role", "operator", "--list")
    assert "市财政局 · 单位主要领导" in capsys.readouterr().out
    call_command(
        "grant_role", "operator", "unit_leader", "--unit", "D01", "--remove", "--by", "office"
    )
    assert not RoleGrant.objects.filter(user__username="operator").exists()
    events = Event.objects.filter(object_repr__startswith="operator")
    assert list(events.values_list("action", "actor__username")) == [
        ("role_grant_remove", "office"),
        ("role_grant_add", "office"),
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody", "cadre", "--by", "office"], "没有用户名为"),
        (
            ["operator", "unit_leader", "--by", "operator", "--unit", "D01"],
            "不是竞岗交流工作办公室",
        ),
        (["operator", "unit_leader", "--unit", "Z99", "--by", "office"], "没有代码为"),
        (["operator", "unit_leader", "--by", "office"], "须指定所属单位"),
        (["operator", "cadre", "--remove", "--by", "office"], "没有这个兼任角色"),
        (["operator", "cadre"], "--by"),
    ],
)
def test_grant_role_command_refuses_in_chinese_and_changes_nothing(multi, args, message):  # noqa: F811
    before = (RoleGrant.objects.count(), Event.objects.count())
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args)
    assert (RoleGrant.objects.count(), Event.objects.count()) == before


def test_a_request_in_the_primary_role_reads_no_grant_until_the_switcher_shows(client, multi):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(multi["multi"])
    with CaptureQueriesContext(connection) as download:
        assert client.get(reverse("campaigns:schedule_xlsx")).status_code == 200
    assert not any("accounts_rolegrant" in q["sql"] for q in download.captured_queries)
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("home"))
    assert sum("accounts_rolegrant" in q["sql"] for q in page.captured_queries) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"role": Role.UNIT_LEADER},  # a unit role without its unit
        {"role": Role.OFFICE, "unit": "D02"},  # a unit on a role without one
        {"role": Role.CADRE},  # the fixture's grant again (NULL unit)
    ],
)
def test_the_database_holds_the_grant_constraints(multi, clock, fields):  # noqa: F811
    from django.db import IntegrityError, transaction

    if "unit" in fields:
        fields = {**fields, "unit": multi["units"][fields["unit"]]}
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=multi["multi"], granted_at=clock.now, **fields)
