"""A8 the leader jury: the unit's leaders, picked from its cadres, and outside jurors the
office invites — every juror by their real name, never a stand-in such as “外邀评委1”."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as svc
from cadrex.competition.models import Juror
from cadrex.registry.models import Cadre
from cadrex.rules import RuleViolation
from cadrex.rules.scoring import check_juror_name
from tests.competition.controls import messages_of, unlabelled


@pytest.mark.parametrize(
    "name", ["外邀评委1", "外邀评委 2", "评委3", "领导评委4", "群众代表5", "外邀评委１２"]
)
def test_a8_a_stand_in_is_no_juror_name(name):
    with pytest.raises(RuleViolation, match="占位名称") as refused:
        check_juror_name(name)
    assert refused.value.field == "name"


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "请填写评委姓名。"), ("  ", "请填写评委姓名。"), ("张\x00三", "控制字符")],
)
def test_a8_an_empty_name_or_a_nul_byte_is_refused(name, message):
    with pytest.raises(RuleViolation, match=message):
        check_juror_name(name)


@pytest.mark.parametrize("name", ["王外邀", "评委会", "李评委", "代表3", "领导0"])
def test_a8_real_names_pass(name):
    assert check_juror_name(f" {name} ") == name


def test_a8_the_services_refuse_a_stand_in_and_change_nothing(ready):
    hearing = ready["hearing"]
    svc.juror_remove(actor=None, juror=ready["leaders"][6])
    before = Juror.objects.count()
    with pytest.raises(RuleViolation, match="占位名称"):
        svc.juror_add(actor=None, hearing=hearing, jury="leader", name="外邀评委1")
    with pytest.raises(RuleViolation, match="第2行的评委姓名含有不可见的控制字符"):
        svc.jurors_add_staff(actor=None, hearing=hearing, names=["群众甲", "群\x00乙"])
    with pytest.raises(RuleViolation, match="第3行.*占位名称"):
        svc.jurors_add_staff(actor=None, hearing=hearing, names=["群众甲", "", "群众代表1"])
    assert Juror.objects.count() == before


def test_a8_an_empty_staff_submission_is_refused_with_a_message(ready, as_user):
    hearing = ready["hearing"]
    before = Juror.objects.count()
    page = as_user("office").post(
        reverse("competition:jurors_add_staff", args=[hearing.pk]), {"names": " \n \n"}
    )
    assert page.status_code == 200
    assert "请填写群众评委的姓名" in page.context["staff_form"].errors["names"][0]
    assert any("请填写群众评委的姓名" in m for m in messages_of(page))
    assert Juror.objects.count() == before


def test_a8_the_setup_page_proposes_the_units_post_holders(ready, as_user):
    hearing = ready["hearing"]
    office = as_user("office")
    page = office.get(reverse("competition:hearing_setup", args=[hearing.pk]))
    html = page.content.decode()
    assert unlabelled(html) == []
    candidates = page.context["candidates"]
    # The chief first, then the deputies; only D01's cadres, no contestant.
    assert candidates[0].name == "甲一"
    assert {c.unit.code for c in candidates} == {"D01"}
    contestants = {c.application.cadre_id for c in ready["contestants"]}
    assert not contestants & {c.pk for c in candidates}
    assert f'name="cadres" value="{candidates[0].pk}"' in html
    found = office.get(reverse("competition:hearing_setup", args=[hearing.pk]), {"q": "甲二"})
    assert [c.name for c in found.context["candidates"]] == ["甲二"]


def test_a8_leader_jurors_are_added_from_the_units_cadres(ready, as_user):
    hearing = ready["hearing"]
    for juror in ready["leaders"][4:]:
        svc.juror_remove(actor=None, juror=juror)
    chief = Cadre.objects.get(name="甲一")
    office = as_user("office")
    url = reverse("competition:juror_add", args=[hearing.pk])
    answer = office.post(url, {"from_roster": "1", "cadres": [chief.pk]})
    assert answer.status_code == 302
    juror = Juror.objects.get(hearing=hearing, name="甲一")
    assert juror.jury == "leader" and not juror.office_assigned
    assert juror.affiliation == f"市财政局{chief.current_post}"
    assert "甲一" not in {c.name for c in hearing_selectors.leader_candidates(hearing)}
    # Someone of another unit is not the unit's leader: refused, nothing added.
    other = Cadre.objects.get(name="乙二")
    before = Juror.objects.count()
    page = office.post(url, {"from_roster": "1", "cadres": [other.pk]})
    assert page.status_code == 200 and any("只能从本单位干部中选择" in m for m in messages_of(page))
    page = office.post(url, {"from_roster": "1"})
    assert any("请勾选" in m for m in messages_of(page))
    assert Juror.objects.count() == before


def test_a8_an_outside_juror_is_typed_by_name_and_a_stand_in_refused_beside_the_box(ready, as_user):
    hearing = ready["hearing"]
    svc.juror_remove(actor=None, juror=ready["leaders"][6])
    office = as_user("office")
    url = reverse("competition:juror_add", args=[hearing.pk])
    page = office.post(
        url,
        {
            "jury": "leader",
            "name": "外邀评委1",
            "affiliation": "市委组织部",
            "office_assigned": "on",
        },
    )
    assert page.status_code == 200 and "占位名称" in page.context["juror_form"].errors["name"][0]
    assert not Juror.objects.filter(name="外邀评委1").exists()
    answer = office.post(
        url,
        {
            "jury": "leader",
            "name": "周明",
            "affiliation": "市委组织部干部一科科长",
            "office_assigned": "on",
        },
    )
    assert answer.status_code == 302
    juror = Juror.objects.get(name="周明")
    assert juror.office_assigned and juror.affiliation == "市委组织部干部一科科长"


def test_a8_the_demo_seats_no_stand_in():
    from pathlib import Path

    import cadrex.demo.part_a_hearing as demo

    assert "外邀评委" not in Path(demo.__file__).read_text(encoding="utf-8").replace(
        "“外邀评委1”", ""
    )


def test_a8_an_outside_juror_is_said_with_their_unit_and_post(ready, as_user):
    hearing = ready["hearing"]
    svc.juror_remove(actor=None, juror=ready["leaders"][6])
    office = as_user("office")
    url = reverse("competition:juror_add", args=[hearing.pk])
    before = Juror.objects.count()
    page = office.post(url, {"jury": "leader", "name": "王五", "affiliation": "  "})
    assert page.status_code == 200
    assert page.context["juror_form"].errors["affiliation"] == [
        "请填写评委的单位及职务（如：市财政局办公室主任）。"
    ]
    assert Juror.objects.count() == before


def test_a8_a_roster_juror_with_a_login_gets_the_seat_among_their_roles(ready, as_user):
    """ADR 0014: a leader juror picked from the roster who has a login sees the seat as their
    juror role; one without a login keeps the link only."""
    from cadrex.accounts.models import Role, User

    hearing = ready["hearing"]
    for juror in ready["leaders"][5:]:
        svc.juror_remove(actor=None, juror=juror)
    chief, second = Cadre.objects.get(name="甲一"), Cadre.objects.get(name="甲二")
    login = User.objects.create_user(
        "jia_yi", password="x", role=Role.UNIT_LEADER, unit=chief.unit, cadre=chief
    )
    svc.jurors_add_cadres(actor=None, hearing=hearing, cadre_ids=[chief.pk, second.pk])
    assert Juror.objects.get(hearing=hearing, name="甲一").user == login
    assert Juror.objects.get(hearing=hearing, name="甲二").user is None
