"""A6 posts the review leaves thin: the close cancels them itself (one path, no second
button); the office's review page shows which ones will be and which ones were cancelled,
and the applicants read it on their own page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.audit.models import Event
from cadrex.competition.models import ApplicationStatus, OpeningStatus
from cadrex.competition.registration import screening, services
from cadrex.rules.schedule import Step
from tests.competition.conftest import add_cadre, open_only
from tests.competition.controls import messages_of

S = ApplicationStatus


def consented(cadre, opening):
    application = services.application_submit(
        actor=None, cadre=cadre, opening=opening, recusal_confirmed=True
    )
    return services.application_consent(actor=None, application=application, agree=True)


@pytest.fixture
def thin(part_a):
    """D01's opening gets two applicants, T01's one: T01's is thin once reviewed."""
    d02 = part_a["units"]["D02"]
    pair = [
        consented(add_cadre(d02, 640 + i * 2, name=f"双人{i}"), part_a["d01"]) for i in range(2)
    ]
    lone_cadre = add_cadre(d02, 650, name="独报人")
    lone = consented(lone_cadre, part_a["t01"])
    lone_user = User.objects.create(username="lone", role=Role.CADRE, cadre=lone_cadre)
    open_only(part_a["campaign"], Step.QUALIFICATION_REVIEW)
    screening.review_qualify_all(actor=None, campaign=part_a["campaign"])
    return {**part_a, "pair": pair, "lone": lone, "lone_user": lone_user}


def thin_rows(page):
    return [(r["opening"].pk, r["opening"].status) for r in page.context["thin"]]


def test_a6_before_the_close_the_review_page_lists_the_post_the_close_will_cancel(thin, as_user):
    page = as_user("office").get(reverse("competition:review"))
    assert thin_rows(page) == [(thin["t01"].pk, OpeningStatus.PUBLISHED)]
    body = page.content.decode()
    assert "结束资格审查时以下职位将自动不进行竞岗" in body
    assert "东湖街道" in body and "结束审查时将不进行竞岗" in body


def test_a6_closing_the_review_cancels_the_thin_post_and_tells_its_applicant(thin, as_user, client):
    office = as_user("office")
    before = Event.objects.count()
    closed = office.post(reverse("competition:review_close"), follow=True)
    assert "资格审查已结束，1 个职位因符合条件人数不足不进行竞岗。" in messages_of(closed)
    thin["t01"].refresh_from_db()
    thin["d01"].refresh_from_db()
    assert thin["t01"].status == OpeningStatus.CANCELLED
    assert thin["d01"].status == OpeningStatus.PUBLISHED
    # One audit event for the opening, one for its applicant, one for the close.
    actions = list(Event.objects.order_by("id").values_list("action", flat=True))
    assert Event.objects.count() == before + 3
    assert actions[-3:] == ["opening_cancel", "application_opening_cancel", "review_close"]
    # The office's page shows what the close did, with the reason, and says it needs no step.
    assert thin_rows(closed) == [(thin["t01"].pk, OpeningStatus.CANCELLED)]
    body = closed.content.decode()
    assert "已自动决定不进行竞岗（无需另行操作）" in body
    assert "资格审查符合条件人数1名，少于2名" in body and "1 人待改报" in body
    # The applicant reads it on their own page, without the rule's ID.
    client.force_login(thin["lone_user"])
    mine = client.get(reverse("competition:my_applications")).content.decode()
    assert "该职位经资格审查符合条件人数不足，不进行竞岗。" in mine
    # (the page's random CSRF tokens may hold "A6" by chance: they are not text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "", mine)
    assert "A6" not in text
    thin["lone"].refresh_from_db()
    assert thin["lone"].status == S.OPENING_CANCELLED


def test_a6_closing_twice_is_refused_and_changes_nothing(thin, as_user):
    office = as_user("office")
    office.post(reverse("competition:review_close"))
    before = Event.objects.count()
    again = office.post(reverse("competition:review_close"), follow=True)
    assert "资格审查已经结束，不能重复结束。（规则 A6）" in messages_of(again)
    assert Event.objects.count() == before


def test_a6_a_post_with_enough_qualified_is_never_listed_or_cancelled(thin, as_user):
    screening.review_close(actor=None, campaign=thin["campaign"])
    page = as_user("office").get(reverse("competition:review"))
    assert thin["d01"].pk not in [pk for pk, _ in thin_rows(page)]
    thin["d01"].refresh_from_db()
    assert thin["d01"].status == OpeningStatus.PUBLISHED
