"""A1 declaring openings and A2 publishing them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.competition.models import DeclarationStatus, Opening, OpeningDeclaration, OpeningStatus
from cadrex.competition.registration import services
from cadrex.registry.models import MiddleLevelPost
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only, opening_data, refreeze
from tests.competition.controls import messages_of, unlabelled


@pytest.fixture
def eight(world, campaign):
    """D01 with 8 middle-level cadres, the declaration window open."""
    for i in range(7):
        cadre = add_cadre(world["units"]["D01"], 700 + i * 2)
        MiddleLevelPost.objects.create(
            cadre=cadre, unit=world["units"]["D01"], section=f"科{i}", level="deputy"
        )
    refreeze(campaign)
    open_only(campaign, Step.DECLARE_OPENINGS)
    return world["units"]["D01"]


def test_a1_a_unit_with_eight_middle_level_cadres_cannot_submit_zero_openings(eight, campaign):
    with pytest.raises(RuleViolation) as caught:
        services.declaration_submit(actor=None, campaign=campaign, unit=eight)
    assert caught.value.rule == "A1"
    assert "现有中层干部8名" in caught.value.message and "至少须推出1个" in caught.value.message
    assert not OpeningDeclaration.objects.filter(unit=eight, status="submitted").exists()
    assert not Event.objects.filter(action="declaration_submit").exists()


def test_a1_the_leaders_page_refuses_it_too_and_says_why(client, eight, world):
    client.force_login(world["users"]["leader"])
    response = client.post(reverse("competition:declaration_submit"), follow=True)
    body = response.content.decode()
    assert "至少须推出1个竞岗职位，现推出0个" in body and "规则 A1" in body
    assert not OpeningDeclaration.objects.filter(unit=eight, status="submitted").exists()


def test_a1_with_one_opening_the_unit_may_submit(eight, campaign, world):
    services.opening_add(actor=None, campaign=campaign, unit=eight, data=opening_data())
    declaration = services.declaration_submit(
        actor=world["users"]["leader"], campaign=campaign, unit=eight
    )
    assert declaration.status == DeclarationStatus.SUBMITTED
    assert declaration.headcount == 8


def test_a1_a_town_must_offer_even_with_few_middle_level_cadres(world, campaign):
    open_only(campaign, Step.DECLARE_OPENINGS)
    with pytest.raises(RuleViolation, match="为镇（街道）"):
        services.declaration_submit(actor=None, campaign=campaign, unit=world["units"]["T01"])


def test_a1_a_small_department_may_offer_none(world, campaign):
    open_only(campaign, Step.DECLARE_OPENINGS)
    declaration = services.declaration_submit(
        actor=None, campaign=campaign, unit=world["units"]["D02"]
    )
    assert declaration.status == DeclarationStatus.SUBMITTED and declaration.openings.count() == 0


def test_a1_a_submitted_declaration_is_locked_until_the_office_returns_it(eight, campaign, world):
    opening = services.opening_add(actor=None, campaign=campaign, unit=eight, data=opening_data())
    services.declaration_submit(actor=None, campaign=campaign, unit=eight)
    with pytest.raises(RuleViolation, match="已报送"):
        services.opening_delete(actor=None, opening=opening)
    declaration = OpeningDeclaration.objects.get(unit=eight)
    with pytest.raises(RuleViolation, match="退回原因"):
        services.declaration_return(
            actor=world["users"]["office"], declaration=declaration, reason=" "
        )
    services.declaration_return(
        actor=world["users"]["office"], declaration=declaration, reason="职责写得不清楚"
    )
    services.opening_update(actor=None, opening=opening, data=opening_data(duties="负责文电、会务"))
    assert Opening.objects.get(pk=opening.pk).duties == "负责文电、会务"


def test_s3_declaring_outside_the_window_says_when_it_closed(eight, campaign):
    open_only(campaign, Step.REGISTRATION)
    with pytest.raises(RuleViolation) as caught:
        services.opening_add(actor=None, campaign=campaign, unit=eight, data=opening_data())
    assert (
        caught.value.rule == "S3"
        and "已于" in caught.value.message
        and "截止" in caught.value.message
    )
    assert not Opening.objects.exists()


def test_a2_publication_waits_for_every_unit_that_must_offer(eight, campaign, world):
    services.opening_add(actor=None, campaign=campaign, unit=eight, data=opening_data())
    services.declaration_submit(actor=None, campaign=campaign, unit=eight)
    open_only(campaign, Step.PUBLISH_OPENINGS)
    with pytest.raises(RuleViolation) as caught:
        services.openings_publish(actor=None, campaign=campaign)
    assert caught.value.rule == "A2" and "东湖街道" in caught.value.message
    assert not Opening.objects.filter(status=OpeningStatus.PUBLISHED).exists()


def test_a2_the_office_publishes_all_openings_at_once_and_only_once(part_a):
    campaign = part_a["campaign"]
    assert set(Opening.objects.values_list("status", flat=True)) == {"published"}
    assert campaign.openings_published_at is not None
    open_only(campaign, Step.PUBLISH_OPENINGS)
    with pytest.raises(RuleViolation, match="不能重复公布"):
        services.openings_publish(actor=None, campaign=campaign)


def test_a2_the_public_notice_shows_the_openings_without_login(client, part_a):
    body = client.get(reverse("notices:openings")).content.decode()
    assert "办公室副主任" in body and "党政办公室副主任" in body and "市财政局" in body


def test_the_openings_table_downloads_as_xlsx(client, part_a):
    import io

    from openpyxl import load_workbook

    client.force_login(part_a["users"]["office"])
    ws = load_workbook(io.BytesIO(client.get(reverse("competition:openings_xlsx")).content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "跨单位竞岗中层职位表"
    assert rows[1][:3] == ("序号", "单位", "职位名称")
    assert {r[2] for r in rows[2:]} == {"办公室副主任", "党政办公室副主任"}
    assert next(r for r in rows[2:] if r[1] == "市财政局")[9] == 8  # headcount before the campaign


# ------------------------------------------------------------------ the pages' forms


def test_a1_the_declaration_page_labels_its_controls_and_refuses_zero_seats(client, eight, world):
    client.force_login(world["users"]["operator"])
    url = reverse("competition:declaration")
    assert unlabelled(client.get(url).content.decode()) == []
    page = client.post(url, opening_data(seats="0", post_name="财务科副科长"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.errors["seats"] == ["职数至少为1个。"]  # the A1 rule's own words
    assert form["post_name"].value() == "财务科副科长"
    assert not Opening.objects.filter(unit=eight).exists()


def test_a1_a_return_without_a_reason_comes_back_beside_its_field(as_user, eight, campaign):
    services.opening_add(actor=None, campaign=campaign, unit=eight, data=opening_data())
    services.declaration_submit(actor=None, campaign=campaign, unit=eight)
    declaration = OpeningDeclaration.objects.get(unit=eight)
    office = as_user("office")
    assert unlabelled(office.get(reverse("competition:office_declarations")).content.decode()) == []
    url = reverse("competition:declaration_return", args=[declaration.pk])
    events = Event.objects.count()
    page = office.post(url, {"reason": "  "})
    assert page.status_code == 200
    assert "退回时须填写退回原因。（规则 A1）" in messages_of(page)
    row = next(r for r in page.context["rows"] if r["declaration"] == declaration)
    assert row["form"].errors["reason"] == ["退回时须填写退回原因。"]
    page = office.post(url, {"reason": "长" * 501})
    assert page.status_code == 200 and "退回原因最多 500 个字。" in messages_of(page)
    row = next(r for r in page.context["rows"] if r["declaration"] == declaration)
    assert row["form"]["reason"].value() == "长" * 501
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED and Event.objects.count() == events
    done = office.post(url, {"reason": "职责写得不清楚"})
    assert done.status_code == 302 and "已退回市财政局的申报。" in messages_of(done)
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.RETURNED
