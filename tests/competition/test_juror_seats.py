"""A8 one person, one seat: nobody sits on a hearing twice — not as a leader juror and a
staff juror, not twice in one staff list, not as a substitute beside their own seat."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.competition.hearing import services as svc
from cadrex.competition.models import Juror
from cadrex.registry.models import Cadre
from cadrex.rules import RuleViolation
from cadrex.rules.scoring import check_one_seat_per_person
from tests.competition.controls import messages_of

SAME = "谭宏洋已是本场群众评委，同一人只能担任一个评委席位。"


def test_a8_the_rule_names_the_person_and_the_jury_they_sit_on():
    seats = [("李四", "领导评委"), ("谭宏洋", "群众评委")]
    with pytest.raises(RuleViolation) as refused:
        check_one_seat_per_person("谭宏洋", seats)
    assert refused.value.message == SAME and refused.value.rule == "A8"
    with pytest.raises(RuleViolation, match="谭 宏洋已是本场群众评委"):
        check_one_seat_per_person("谭 宏洋", seats)  # the same name, spaced
    check_one_seat_per_person("谭宏", seats)  # someone else


def _room(ready) -> None:
    svc.juror_remove(actor=None, juror=ready["leaders"][6])


def test_a8_a_staff_juror_is_not_added_as_a_leader_juror_typed_or_ticked(ready, as_user):
    hearing = ready["hearing"]
    _room(ready)
    svc.jurors_add_staff(actor=None, hearing=hearing, names=["谭宏洋"])
    before = Juror.objects.count()
    with pytest.raises(RuleViolation) as refused:
        svc.juror_add(actor=None, hearing=hearing, jury="leader", name="谭宏洋")
    assert refused.value.message == SAME
    office = as_user("office")
    url = reverse("competition:juror_add", args=[hearing.pk])
    page = office.post(url, {"jury": "leader", "name": " 谭宏洋 ", "affiliation": "市财政局"})
    assert page.status_code == 200 and any(SAME in m for m in messages_of(page))
    # Ticked from the roster: the unit's chief already sits among the staff jurors.
    chief = Cadre.objects.get(name="甲一")
    svc.jurors_add_staff(actor=None, hearing=hearing, names=["甲一"])
    before = Juror.objects.count()
    page = office.post(url, {"from_roster": "1", "cadres": [chief.pk]})
    assert page.status_code == 200
    assert any("甲一已是本场群众评委，同一人只能担任一个评委席位。" in m for m in messages_of(page))
    assert Juror.objects.count() == before


def test_a8_a_leader_juror_is_not_added_to_the_staff_jury(ready, as_user):
    hearing = ready["hearing"]
    before = Juror.objects.count()
    with pytest.raises(RuleViolation, match="领导0已是本场领导评委"):
        svc.jurors_add_staff(actor=None, hearing=hearing, names=["新人甲", "领导0"])
    page = as_user("office").post(
        reverse("competition:jurors_add_staff", args=[hearing.pk]), {"names": "新人甲\n领导1"}
    )
    assert page.status_code == 200
    assert any(
        "领导1已是本场领导评委，同一人只能担任一个评委席位。" in m for m in messages_of(page)
    )
    assert Juror.objects.count() == before  # the batch is refused whole


def test_a8_the_same_name_twice_in_one_staff_list_is_refused(ready):
    hearing = ready["hearing"]
    before = Juror.objects.count()
    with pytest.raises(RuleViolation, match="谭宏洋已是本场群众评委"):
        svc.jurors_add_staff(actor=None, hearing=hearing, names=["谭宏洋", "王五", "谭宏洋"])
    with pytest.raises(RuleViolation, match="群众1已是本场群众评委"):
        svc.jurors_add_staff(actor=None, hearing=hearing, names=["群众1"])
    assert Juror.objects.count() == before


def test_a8_a_substitute_is_a_seat_too(ready):
    hearing = ready["hearing"]
    with pytest.raises(RuleViolation, match="领导2已是本场领导评委"):
        svc.juror_add(actor=None, hearing=hearing, jury="leader", name="领导2", substitute=True)
    with pytest.raises(RuleViolation, match="群众0已是本场群众评委"):
        svc.juror_add(actor=None, hearing=hearing, jury="leader", name="群众0", substitute=True)
    spare = svc.juror_add(
        actor=None, hearing=hearing, jury="leader", name="替补甲", substitute=True
    )
    with pytest.raises(RuleViolation, match="替补甲已是本场领导评委"):
        svc.jurors_add_staff(actor=None, hearing=hearing, names=["替补甲"])
    # Once a seat is given up, the person may take another.
    svc.juror_remove(actor=None, juror=spare)
    svc.jurors_add_staff(actor=None, hearing=hearing, names=["替补甲"])
    assert Juror.objects.filter(hearing=hearing, name="替补甲").count() == 1
