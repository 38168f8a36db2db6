"""A8 the speaking order drawn by lot, shown wherever contestants are listed (“第N位”, or
未抽签 before the draw); A2 an opening's duties and conditions on its own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.competition.hearing import services as svc
from cadrex.competition.registration import screening, services
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only


@pytest.fixture
def scheduled(part_a, clock):
    """D01's hearing scheduled, its three contestants published, no lots drawn yet."""
    campaign = part_a["campaign"]
    people = [add_cadre(part_a["units"]["D02"], 500 + i * 2, name=f"竞岗人{i}") for i in range(3)]
    for person in people:
        a = services.application_submit(
            actor=None, cadre=person, opening=part_a["d01"], recusal_confirmed=True
        )
        services.application_consent(actor=None, application=a, agree=True)
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    screening.shortlist_record(actor=None, opening=part_a["d01"])
    screening.contestants_publish(actor=None, campaign=campaign)
    opening = part_a["d01"]
    opening.refresh_from_db()
    hearing = svc.hearing_schedule(
        actor=None, opening=opening, scheduled_at=clock.now, room="三楼会议室"
    )
    return {**part_a, "hearing": hearing, "people": people}


def test_a8_before_the_draw_the_contestants_are_listed_as_not_drawn(scheduled, as_user):
    hearing = scheduled["hearing"]
    office = as_user("office")
    setup = office.get(reverse("competition:hearing_setup", args=[hearing.pk])).content.decode()
    for person in scheduled["people"]:
        assert person.name in setup
    assert setup.count('data-testid="speaking-order">未抽签') == 3
    chair = office.get(reverse("competition:hearing_chair", args=[hearing.pk])).content.decode()
    assert 'data-testid="not-drawn"' in chair and "未抽签" in chair
    listing = office.get(reverse("competition:hearings")).content.decode()
    assert "演说顺序：未抽签" in listing


def test_a8_after_the_draw_every_list_shows_the_place_drawn(scheduled, as_user):
    hearing = scheduled["hearing"]
    drawn = svc.hearing_draw_lots(actor=None, hearing=hearing)
    office = as_user("office")
    setup = office.get(reverse("competition:hearing_setup", args=[hearing.pk])).content.decode()
    assert "未抽签" not in setup and "抽签顺序" in setup
    chair = office.get(reverse("competition:hearing_chair", args=[hearing.pk])).content.decode()
    for c in drawn:
        name = c.application.cadre.name
        assert f'data-testid="speaking-order">第{c.order}位</td>\n        <td>{name}' in setup
        assert f'data-testid="speaking-order">第{c.order}位</span> {name}' in chair
    listing = office.get(reverse("competition:hearings")).content.decode()
    assert "演说顺序：已抽签" in listing


def test_a8_the_jurors_phone_names_the_contestant_by_place(ready):
    from django.test import Client

    from cadrex.competition.hearing import scoring

    first = min(ready["contestants"], key=lambda c: c.order)
    scoring.scoring_open(actor=None, contestant=first)
    phone = Client()
    page = phone.get(reverse("juror_page", args=[ready["leaders"][0].token])).content.decode()
    assert (
        f'data-testid="speaking-order">第{first.order}位</span> {first.application.cadre.name}'
        in (page)
    )


def test_a9_the_decision_ranking_has_a_speaking_order_column(scored, as_user):
    page = as_user("office").get(reverse("competition:decision", args=[scored["d01"].pk]))
    html = page.content.decode()
    assert "<th>抽签顺序</th>" in html
    for c in scored["contestants"]:
        assert f"<td>第{c.order}位</td>" in html


def test_a2_the_openings_list_and_the_form_show_duties_and_conditions(part_a, as_user):
    cadre = as_user("cadre")
    listing = cadre.get(reverse("competition:openings")).content.decode()
    assert "岗位职责" in listing and "协助主任工作" in listing and "本科以上" in listing
    form = cadre.get(reverse("competition:apply", args=[part_a["d01"].pk])).content.decode()
    assert '<dd class="registration-preline" data-testid="duties">协助主任工作</dd>' in form
    assert '<dd class="registration-preline" data-testid="conditions">本科以上</dd>' in form
