"""A6 qualification review and cancellation, A7 the shortlist and its publication."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.competition.models import Application, ApplicationStatus, OpeningStatus
from cadrex.competition.registration import screening, services
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only
from tests.competition.controls import messages_of, unlabelled

S = ApplicationStatus


def consented(cadre, opening):
    application = services.application_submit(
        actor=None, cadre=cadre, opening=opening, recusal_confirmed=True
    )
    return services.application_consent(actor=None, application=application, agree=True)


@pytest.fixture
def crowd(part_a):
    """12 applicants from D02 to D01's opening, 1 from D02 to T01's."""
    d02 = part_a["units"]["D02"]
    people = [add_cadre(d02, 900 + i * 2, name=f"申请人{i:02d}") for i in range(13)]
    apps = [consented(p, part_a["d01"]) for p in people[:12]]
    lone = consented(people[12], part_a["t01"])
    open_only(part_a["campaign"], Step.QUALIFICATION_REVIEW)
    return {**part_a, "apps": apps, "lone": lone}


def test_a6_unqualified_needs_a_reason_the_applicant_sees(crowd, client):
    application = crowd["apps"][0]
    with pytest.raises(RuleViolation, match="须填写原因"):
        screening.application_review(actor=None, application=application, qualified=False)
    screening.application_review(
        actor=None, application=application, qualified=False, note="任现职不满2年"
    )
    application.refresh_from_db()
    assert application.status == S.UNQUALIFIED and application.review_note == "任现职不满2年"


def test_a6_review_cannot_close_while_applications_wait(crowd):
    with pytest.raises(RuleViolation, match="还有13份报名未审查"):
        screening.review_close(actor=None, campaign=crowd["campaign"])


def test_a6_an_opening_with_fewer_than_two_qualified_is_cancelled_and_its_applicant_may_switch(
    crowd,
):
    campaign = crowd["campaign"]
    screening.review_qualify_all(actor=None, campaign=campaign)
    cancelled = screening.review_close(actor=None, campaign=campaign)
    assert [o.pk for o in cancelled] == [crowd["t01"].pk]
    crowd["t01"].refresh_from_db()
    assert (
        crowd["t01"].status == OpeningStatus.CANCELLED
        and "少于2名" in crowd["t01"].cancelled_reason
    )
    lone = Application.objects.get(pk=crowd["lone"].pk)
    assert lone.status == S.OPENING_CANCELLED and lone.active
    # The lone applicant switches in the re-application window (A6) to D01's opening.
    open_only(campaign, Step.REAPPLICATION)
    new = services.application_switch(
        actor=None, application=lone, to=crowd["d01"], recusal_confirmed=True
    )
    assert new.status == S.SUBMITTED and new.opening == crowd["d01"]


def test_a6_nobody_may_switch_to_a_cancelled_opening(crowd):
    campaign = crowd["campaign"]
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.REAPPLICATION)
    other = add_cadre(crowd["units"]["D02"], 990, name="后来者")
    with pytest.raises(RuleViolation):
        services.application_switch(
            actor=None, application=crowd["apps"][0], to=crowd["t01"], recusal_confirmed=True
        )
    assert other.applications.count() == 0


def _closed_review(crowd):
    campaign = crowd["campaign"]
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    crowd["d01"].refresh_from_db()
    return campaign


def test_a7_more_than_ten_needs_a_prescreen_and_takes_exactly_ten(crowd):
    _closed_review(crowd)
    with pytest.raises(RuleViolation, match="须经初步比选确定10名|初步比选方式"):
        screening.shortlist_record(actor=None, opening=crowd["d01"])
    order = [a.pk for a in reversed(crowd["apps"])]
    chosen = screening.shortlist_record(
        actor=None, opening=crowd["d01"], method="面谈", order=order
    )
    assert [a.pk for a in chosen] == order[:10]
    statuses = dict(Application.objects.filter(opening=crowd["d01"]).values_list("pk", "status"))
    assert [statuses[pk] for pk in order] == [S.CONTESTANT] * 10 + [S.NOT_SHORTLISTED] * 2


def test_a7_a_prescreen_naming_someone_twice_is_refused(crowd):
    _closed_review(crowd)
    order = [crowd["apps"][0].pk] * 2 + [a.pk for a in crowd["apps"][1:]]
    with pytest.raises(RuleViolation, match="重复"):
        screening.shortlist_record(actor=None, opening=crowd["d01"], method="面谈", order=order)
    assert not Application.objects.filter(status=S.CONTESTANT).exists()


def test_a7_ten_or_fewer_are_all_contestants(part_a):
    d02 = part_a["units"]["D02"]
    apps = [consented(add_cadre(d02, 800 + i * 2), part_a["d01"]) for i in range(3)]
    campaign = part_a["campaign"]
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=campaign)
    screening.review_close(actor=None, campaign=campaign)
    open_only(campaign, Step.SHORTLIST)
    chosen = screening.shortlist_record(actor=None, opening=part_a["d01"])
    assert {a.pk for a in chosen} == {a.pk for a in apps}


def test_a7_the_shortlist_page_takes_ranks_and_the_public_sees_the_contestants(crowd, client):
    campaign = _closed_review(crowd)
    client.force_login(crowd["users"]["operator"])  # of D01
    ranks = {f"rank_{a.pk}": str(i + 1) for i, a in enumerate(crowd["apps"])}
    response = client.post(
        reverse("competition:shortlist", args=[crowd["d01"].pk]),
        {"method": "查阅档案", **ranks},
        follow=True,
    )
    assert "已确定 10 名竞岗对象" in response.content.decode()
    client.force_login(crowd["users"]["office"])
    client.post(reverse("competition:contestants_publish"))
    public = client.get(reverse("notices:contestants")).content.decode()
    assert "申请人00" in public and "申请人09" in public and "申请人10" not in public
    assert crowd["apps"][0].cadre.id_number not in public
    campaign.refresh_from_db()


def test_a7_contestants_cannot_be_published_while_an_opening_has_no_list(crowd):
    campaign = _closed_review(crowd)
    with pytest.raises(RuleViolation, match="尚未确定竞岗对象"):
        screening.contestants_publish(actor=None, campaign=campaign)


def test_an_operator_sees_only_applications_to_their_own_openings(crowd, client):
    client.force_login(crowd["users"]["other_operator"])  # D02 offers nothing
    page = client.get(reverse("competition:unit_applications"))
    assert list(page.context["openings"]) == []
    assert client.get(reverse("competition:shortlist", args=[crowd["d01"].pk])).status_code == 404


def test_a3_an_application_never_consented_to_lapses_when_review_closes(part_a):
    campaign = part_a["campaign"]
    waiting = services.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    screening.review_close(actor=None, campaign=campaign)
    waiting.refresh_from_db()
    assert waiting.status == S.LAPSED and not waiting.active
    assert waiting.get_status_display() == "所在单位未在报名期内同意，未报送"


# ------------------------------------------------------------------ the pages' forms


def test_a6_an_unqualified_without_a_reason_comes_back_beside_its_field(crowd, as_user):
    office = as_user("office")
    assert unlabelled(office.get(reverse("competition:review")).content.decode()) == []
    application = crowd["apps"][0]
    url = reverse("competition:review_decide", args=[application.pk])
    page = office.post(url, {"qualified": "no", "note": "", "back": "submitted"})
    assert page.status_code == 200
    assert any("资格审查不通过时须填写原因" in m for m in messages_of(page))
    row = next(a for a in page.context["applications"] if a.pk == application.pk)
    assert row.review_form["qualified"].value() == "no" and "note" in row.review_form.errors
    page = office.post(url, {"qualified": "maybe", "note": "任职年限不足", "back": "x&y=1"})
    assert page.status_code == 200 and "请选择符合条件或不符合条件。" in messages_of(page)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    done = office.post(url, {"qualified": "yes", "back": "x&y=1"})
    assert done.status_code == 302 and done["Location"].endswith("?status=submitted")
    application.refresh_from_db()
    assert application.status == S.QUALIFIED


def test_a7_refused_places_come_back_as_typed(crowd, as_user):
    _closed_review(crowd)
    url = reverse("competition:shortlist", args=[crowd["d01"].pk])
    operator = as_user("operator")
    assert unlabelled(operator.get(url).content.decode()) == []
    places = {f"rank_{a.pk}": str(i) for i, a in enumerate(crowd["apps"], start=1)}
    places[f"rank_{crowd['apps'][3].pk}"] = "abc"
    page = operator.post(url, {"method": "面谈", **places})
    assert page.status_code == 200
    assert any("不是正整数" in m for m in messages_of(page))
    form = page.context["form"]
    box = f"rank_{crowd['apps'][3].pk}"
    assert form[box].value() == "abc" and "不是正整数" in form.errors[box][0]  # beside the box
    assert form["method"].value() == "面谈" and not form.non_field_errors()
    places[box] = "4"
    page = operator.post(url, {"method": "", **places})
    assert page.context["form"].errors["method"] == [
        "报名人数超过竞岗对象人数上限，须写明初步比选方式。"
    ]
    assert not Application.objects.filter(status=S.CONTESTANT).exists()


def test_a6_the_review_filters_find_ended_applications_and_the_bulk_button_needs_pending(
    part_a, as_user
):
    campaign = part_a["campaign"]
    waiting = services.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    office = as_user("office")
    url = reverse("competition:review")
    page = office.get(url, {"status": S.PENDING_CONSENT})
    assert [a.pk for a in page.context["applications"]] == [waiting.pk]
    assert reverse("competition:review_qualify_all") not in page.content.decode()  # 0 pending
    screening.review_close(actor=None, campaign=campaign)  # never consented: lapses
    lapsed = office.get(url, {"status": S.LAPSED})
    assert [a.pk for a in lapsed.context["applications"]] == [waiting.pk]
    assert lapsed.context["total"] == 1
    assert list(office.get(url, {"status": S.WITHDRAWN}).context["applications"]) == []
    assert "没有符合该条件的报名。" in office.get(url, {"status": S.WITHDRAWN}).content.decode()
