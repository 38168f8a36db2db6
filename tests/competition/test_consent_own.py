"""A3 a leader's own application: another of the unit's leaders decides on it
(``check_consent_not_own``), so it is left out of that leader's consents page, home to-do
count and consent-needed notice; the unit's other leaders still see it and are told. When
nobody else leads the unit, the office is told instead."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.competition.registration import services
from cadrex.competition.registration.selectors import pending_consents, registration_todos
from cadrex.notifications.models import Kind, Notification
from cadrex.notifications.services import notifications_dispatch

pytestmark = pytest.mark.django_db


def _apply(cadre, opening):
    return services.application_submit(
        actor=None, cadre=cadre, opening=opening, recusal_confirmed=True
    )


def _dispatch_all():
    more = True
    while more:
        _, more = notifications_dispatch()


def _todo(user, campaign) -> int:
    found = []
    registration_todos(user, campaign, lambda n, text, url: found.append((n, text)))
    return sum(n for n, text in found if text == "份本单位干部报名待您表态")


@pytest.fixture
def d02(part_a):
    """D02's leader 乙二 (also a cadre of D02, ADR 0014), who applies to D01."""
    yi = part_a["cadres"]["乙二"]
    own = User.objects.create(
        username="yi_leader", role=Role.UNIT_LEADER, unit=yi.unit, cadre=yi, is_active=True
    )
    return {**part_a, "own": own, "mine": _apply(yi, part_a["d01"])}


def test_a3_a_leader_does_not_see_their_own_application_to_consent(d02, client):
    campaign, own = d02["campaign"], d02["own"]
    other = User.objects.create(username="leader_d02", role=Role.UNIT_LEADER, unit=own.unit)
    theirs = _apply(d02["cadres"]["乙一"], d02["d01"])
    assert list(pending_consents(own.unit, campaign, leader=own)) == [theirs]
    assert set(pending_consents(own.unit, campaign, leader=other)) == {theirs, d02["mine"]}
    assert (_todo(own, campaign), _todo(other, campaign)) == (1, 2)
    client.force_login(own)
    page = client.get(reverse("competition:consents"))
    assert [a.pk for a in page.context["pending"]] == [theirs.pk]
    client.force_login(other)
    page = client.get(reverse("competition:consents"))
    assert {a.pk for a in page.context["pending"]} == {theirs.pk, d02["mine"].pk}


def test_a3_the_consent_notice_goes_to_the_other_leaders_not_the_applicant(d02):
    own = d02["own"]
    other = User.objects.create(username="leader_d02", role=Role.UNIT_LEADER, unit=own.unit)
    _dispatch_all()
    asked = Notification.objects.filter(kind=Kind.CONSENT_NEEDED)
    assert list(asked.values_list("recipient_id", flat=True)) == [other.pk]
    assert "乙二报名竞岗" in asked.get().body


def test_a3_a_sole_leader_applying_the_office_is_told_and_nothing_breaks(d02, client, world):
    own = d02["own"]
    _dispatch_all()
    asked = Notification.objects.filter(kind=Kind.CONSENT_NEEDED)
    office = world["users"]["office"]
    assert list(asked.values_list("recipient_id", flat=True)) == [office.pk]
    told = asked.get()
    assert "单位无其他领导" in told.title and "不能对本人的报名表态" in told.body
    assert told.link == reverse("competition:review")
    assert _todo(own, d02["campaign"]) == 0
    client.force_login(own)
    page = client.get(reverse("competition:consents"))
    assert page.status_code == 200 and page.context["pending"] == []


def test_a3_a_unit_without_a_leader_account_the_office_is_told_so(part_a, world):
    """T01 has no leader login at all: the office hears that, not that the applicant leads it."""
    bing = world["cadres"]["丙一"]  # of T01
    _apply(bing, part_a["d01"])
    _dispatch_all()
    told = Notification.objects.get(kind=Kind.CONSENT_NEEDED)
    assert told.recipient == world["users"]["office"]
    assert "单位无领导账号" in told.title and "尚无主要领导账号" in told.body
    assert "本人" not in told.body
