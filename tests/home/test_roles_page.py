"""The page of a person's roles (issue 15, ADR 0014): what awaits them as leader, as cadre,
as juror, at a glance; each role's to-dos computed as that role."""

from __future__ import annotations

from django.urls import reverse

from cadrex.accounts.models import Role
from cadrex.competition.models import Juror
from cadrex.competition.registration import services
from tests.accounts.roles_world import multi  # noqa: F401

ROLES = reverse("home:roles")


def _sections(response) -> dict[str, dict]:
    return {s["held"].role: s for s in response.context["sections"]}


def test_the_page_lists_each_role_with_its_own_to_dos(client, multi):  # noqa: F811
    client.force_login(multi["multi"])
    response = client.get(ROLES)
    assert response.status_code == 200
    sections = _sections(response)
    assert list(sections) == [Role.UNIT_LEADER, Role.CADRE, Role.JUROR]
    assert sections[Role.UNIT_LEADER]["active"] and not sections[Role.CADRE]["active"]
    # The hearing step is open: the leader chairs it; a cadre has nothing to do in it.
    assert [t["task"] for t in sections[Role.UNIT_LEADER]["tasks"]] == ["主持竞职演说和追问"]
    assert sections[Role.CADRE]["tasks"] == []
    seats = sections[Role.JUROR]["seats"]
    assert [s["link"] for s in seats] == [reverse("juror_page", args=[multi["seat"].token])]
    body = response.content.decode()
    assert 'aria-label="切换到角色：干部"' in body and 'aria-label="切换到角色：评委"' in body
    assert "打开我的评分页" in body


def test_a_roles_to_dos_are_counted_as_that_role(client, multi, clock):  # noqa: F811
    """An application awaiting D01's consent is the leader's to-do, not the cadre's."""
    from cadrex.rules.schedule import Step
    from tests.competition.conftest import add_cadre, open_only

    campaign = multi["campaign"]
    open_only(campaign, Step.REGISTRATION)
    applicant = add_cadre(multi["units"]["D01"], 900, name="报名人")
    services.application_submit(
        actor=None, cadre=applicant, opening=multi["t01"], recusal_confirmed=True
    )
    client.force_login(multi["multi"])
    sections = _sections(client.get(ROLES))
    leader_todos = [t["url"] for t in sections[Role.UNIT_LEADER]["todos"]]
    assert "competition:consents" in leader_todos
    assert "competition:consents" not in [t["url"] for t in sections[Role.CADRE]["todos"]]
    assert [t["task"] for t in sections[Role.CADRE]["tasks"]][0].startswith("报名竞争")
    # The page read each role as a copy: the request still acts as the leader.
    assert client.get(reverse("competition:consents")).status_code == 200


def test_a_person_with_one_role_sees_that_role_only(as_user):
    response = as_user("cadre").get(ROLES)
    assert [s["held"].role for s in response.context["sections"]] == [Role.CADRE]
    assert "切换到这个角色" not in response.content.decode()


def test_the_juror_home_lists_only_the_persons_own_open_seats(client, multi):  # noqa: F811
    other = Juror.objects.exclude(pk=multi["seat"].pk).filter(jury="staff").first()
    client.force_login(multi["multi"])
    client.post(reverse("role_switch"), {"role": "juror"})
    body = client.get(reverse("home")).content.decode()
    assert reverse("juror_page", args=[multi["seat"].token]) in body
    assert other.token not in body


def test_the_juror_persona_without_a_linked_seat_still_reads_the_link_instructions(as_user):
    body = as_user("juror").get(reverse("home")).content.decode()
    assert "个人评分链接" in body


def test_the_roles_page_costs_the_same_with_more_seats(client, multi, django_assert_num_queries):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(multi["multi"])
    with CaptureQueriesContext(connection) as one:
        client.get(ROLES)
    for juror in Juror.objects.filter(jury="staff").exclude(pk=multi["seat"].pk)[:3]:
        juror.user = multi["multi"]
        juror.save(update_fields=["user"])
    with CaptureQueriesContext(connection) as four:
        response = client.get(ROLES)
    assert len(_sections(response)[Role.JUROR]["seats"]) == 4
    assert len(four) == len(one)
