"""The demo's person with several roles (issue 15, ADR 0014): ``multi`` leads the demo town,
is a cadre of it free to apply, and after the fast-forward to the hearing sits on the town's
panel — one login for all three."""

from __future__ import annotations

from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.accounts.roles import held_roles
from cadrex.competition.models import Jury
from cadrex.demo.fast_forward import fast_forward
from cadrex.demo.seed_roles import USERNAME
from cadrex.rules.schedule import Step
from tests.competition.test_demo_chain import demo, demo_city  # noqa: F401


def test_the_demo_person_leads_the_town_and_is_its_cadre(demo):  # noqa: F811
    person = User.objects.select_related("cadre", "unit").get(username=USERNAME)
    assert person.role == Role.UNIT_LEADER and person.unit.kind == "town"
    assert person.cadre.unit_id == person.unit_id
    assert not hasattr(person.cadre, "middle_level_post")  # a general cadre (part B)
    assert not person.cadre.applications.filter(active=True).exists()  # free to apply
    assert [h.role for h in held_roles(person)] == [Role.UNIT_LEADER, Role.CADRE]


def test_after_the_fast_forward_to_the_hearing_the_person_is_also_a_juror(client, demo):  # noqa: F811
    fast_forward(demo, Step.HEARING)
    person = User.objects.get(username=USERNAME)
    assert [h.role for h in held_roles(person)] == [Role.UNIT_LEADER, Role.CADRE, Role.JUROR]
    seat = person.juror_seats.get()
    hearing = seat.hearing
    assert seat.jury == Jury.LEADER and hearing.opening.unit_id == person.unit_id
    leaders = hearing.jurors.filter(jury=Jury.LEADER, substitute=False)
    assert leaders.count() == demo.policy.leader_jury_size
    assert leaders.filter(office_assigned=True).count() >= 2
    client.force_login(person)
    page = client.get(reverse("home:roles")).content.decode()
    assert reverse("juror_page", args=[seat.token]) in page
    client.post(reverse("role_switch"), {"role": held_roles(person)[1].key})
    assert client.get(reverse("competition:openings")).status_code == 200
    fast_forward(demo, Step.HEARING)  # again: the seat is not added twice
    assert person.juror_seats.count() == 1


def test_a8_the_demo_person_holds_one_seat_only_on_the_hearing(demo):  # noqa: F811
    person = User.objects.select_related("cadre__unit").get(username=USERNAME)
    # the roster shows the post they hold: a 街道's 主任 or a town's 镇长
    town = person.cadre.unit.name
    assert person.cadre.current_post == ("街道办事处主任" if town.endswith("街道") else "镇长")
    fast_forward(demo, Step.HEARING)
    seat = person.juror_seats.get()
    hearing = seat.hearing
    assert list(hearing.jurors.filter(name=person.cadre.name)) == [seat]
    assert seat.jury == Jury.LEADER
    staff = hearing.jurors.filter(jury=Jury.STAFF).count()
    assert staff >= demo.policy.min_staff_jury_size
    names = list(hearing.jurors.values_list("name", flat=True))
    assert len(names) == len(set(names))  # nobody sits twice on the town's hearing
