"""A6 the office's review page: each status filter finds exactly its applications, an empty
filter says so; A7 the unit's page counts everyone who passed review; openings with the
same name are told apart by their unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.competition.models import ApplicationStatus
from cadrex.competition.registration import screening, services
from cadrex.competition.registration.selectors import openings_with_applications
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only, opening_data

S = ApplicationStatus
EMPTY = "没有符合该条件的报名。"


def submit(cadre, opening):
    return services.application_submit(
        actor=None, cadre=cadre, opening=opening, recusal_confirmed=True
    )


def consent(application, agree=True, note=""):
    return services.application_consent(actor=None, application=application, agree=agree, note=note)


@pytest.fixture
def one_per_state(part_a):
    """During registration, one application in each state a clerk filters by."""
    d02 = part_a["units"]["D02"]
    d01, t01 = part_a["d01"], part_a["t01"]
    people = [add_cadre(d02, 800 + i * 2, name=f"状态人{i}") for i in range(5)]
    pending = submit(people[0], d01)
    declined = consent(submit(people[1], d01), agree=False, note="工作需要，暂不同意")
    moving = consent(submit(people[2], d01))
    switched_to = services.application_switch(
        actor=None, application=moving, to=t01, recusal_confirmed=True
    )
    withdrawn = services.application_withdraw(actor=None, application=submit(people[3], d01))
    submitted = consent(submit(people[4], d01))
    moving.refresh_from_db()
    return {
        **part_a,
        "pending": pending,
        "declined": declined,
        "switched": moving,
        "switched_to": switched_to,
        "withdrawn": withdrawn,
        "submitted": submitted,
    }


def listed(client, status):
    page = client.get(reverse("competition:review"), {"status": status})
    assert page.status_code == 200
    return page, [a.pk for a in page.context["applications"]]


def test_a6_each_review_filter_lists_exactly_the_application_in_that_state(one_per_state, as_user):
    world = one_per_state
    office = as_user("office")
    expected = {
        S.PENDING_CONSENT: world["pending"],  # 待所在单位同意
        S.DECLINED: world["declined"],  # 所在单位不同意
        S.SWITCHED: world["switched"],  # 已改报
        S.WITHDRAWN: world["withdrawn"],  # 已撤回
    }
    for status, application in expected.items():
        application.refresh_from_db()
        assert application.status == status
        page, pks = listed(office, status)
        assert pks == [application.pk], status
        assert page.context["total"] == 1
        assert EMPTY not in page.content.decode()
    # The switch's new application and the consented one wait for review (active, submitted).
    _, waiting = listed(office, S.SUBMITTED)
    assert sorted(waiting) == sorted([world["switched_to"].pk, world["submitted"].pk])
    # Nothing has lapsed yet: the empty filter says so.
    page, pks = listed(office, S.LAPSED)
    assert pks == [] and EMPTY in page.content.decode()
    # The filter names the states in Chinese.
    body = page.content.decode()
    for label in ("所在单位不同意", "已改报", "未报送", "已撤回", "待所在单位同意"):
        assert label in body


def test_a6_after_the_close_the_never_consented_one_is_listed_as_not_sent(one_per_state, as_user):
    world = one_per_state
    campaign = world["campaign"]
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    office = as_user("office")
    _, pks = listed(office, S.LAPSED)  # 未报送
    assert pks == [world["pending"].pk]
    page, pks = listed(office, S.PENDING_CONSENT)
    assert pks == [] and EMPTY in page.content.decode()
    for status in (S.DECLINED, S.SWITCHED, S.WITHDRAWN):
        assert listed(office, status)[1] == [world[status.value].pk]


def test_a6_a_made_up_filter_lists_nothing_and_says_so(one_per_state, as_user):
    page, pks = listed(as_user("office"), "abc")
    assert pks == [] and EMPTY in page.content.decode()


def test_a7_the_unit_page_counts_contestants_and_not_shortlisted_as_passed_review(part_a, as_user):
    campaign, d01 = part_a["campaign"], part_a["d01"]
    d02 = part_a["units"]["D02"]
    for i in range(3):
        consent(submit(add_cadre(d02, 600 + i * 2, name=f"通过人{i}"), d01))
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    screening.shortlist_record(actor=None, opening=d01)  # all three become contestants
    row = next(o for o in openings_with_applications(campaign, d01.unit) if o.pk == d01.pk)
    assert row.qualified == 3
    page = as_user("operator").get(reverse("competition:unit_applications"))
    assert "资格审查通过 3 人" in page.content.decode()
    office = as_user("office").get(reverse("competition:office_shortlists"))
    assert next(o for o in office.context["openings"] if o.pk == d01.pk).qualified == 3


def test_openings_with_the_same_name_show_their_unit_on_the_office_pages(part_a, as_user):
    """D01 and T01 both offer 办公室副主任 here; each row names its unit."""
    campaign = part_a["campaign"]
    t01 = part_a["t01"]
    t01.post_name = opening_data()["post_name"]
    t01.save(update_fields=["post_name"])
    d02 = part_a["units"]["D02"]
    consent(submit(add_cadre(d02, 610, name="报名人甲"), part_a["d01"]))
    consent(submit(add_cadre(d02, 612, name="报名人乙"), t01))
    office = as_user("office")
    review = office.get(reverse("competition:review")).content.decode()
    assert "市财政局 办公室副主任" in review and "东湖街道 办公室副主任" in review
    open_only(campaign, Step.SHORTLIST)
    shortlists = office.get(reverse("competition:office_shortlists")).content.decode()
    assert "市财政局" in shortlists and "东湖街道" in shortlists


def test_a3_after_registration_an_unconsented_application_is_not_counted_as_standing(
    as_user, one_per_state
):
    """Registration over, review under way: the application its home unit never consented
    to no longer stands (the close records it 未报送); the page says so and still lists it
    under 待所在单位同意."""
    office = as_user("office")
    page, during = listed(office, "")
    assert one_per_state["pending"].pk in during and page.context["lapsing"] == 0
    open_only(one_per_state["campaign"], Step.QUALIFICATION_REVIEW)
    page, standing = listed(office, "")
    assert one_per_state["pending"].pk not in standing
    assert page.context["total"] == len(standing) and page.context["lapsing"] == 1
    assert "另有 1 份报名，所在单位未在报名期内同意" in page.content.decode()
    _, waiting = listed(office, S.PENDING_CONSENT)
    assert waiting == [one_per_state["pending"].pk]
