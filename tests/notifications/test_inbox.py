"""The inbox: one's own notices only, marking read, the header's unread count, contacts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cadrex.audit.models import Event
from cadrex.notifications.models import Contact, Kind, Notification
from tests.notifications.matrix import MATRIX, PERSONAS, POSTS

pytestmark = pytest.mark.django_db


def _notify(user, n: int, *, prefix: str = "通知"):
    return [
        Notification.objects.create(
            recipient=user,
            kind=Kind.CONSENT,
            title=f"{prefix}{i}",
            body="正文",
            link=reverse("competition:my_applications"),
            created_at=timezone.now(),
            dedupe_key=f"test:{user.pk}:{prefix}:{i}",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pages_answer_each_persona_as_the_matrix_says(client, world, persona):
    if persona != "anon":
        client.force_login(world["users"][persona])
    wrong = {}
    for (name, args), expected in MATRIX.items():
        status = client.get(reverse(name, args=args)).status_code
        if status != expected[PERSONAS.index(persona)]:
            wrong[name] = status
    for (name, args), expected in POSTS.items():
        status = client.post(reverse(name, args=args)).status_code
        if status != expected[PERSONAS.index(persona)]:
            wrong[name] = status
    assert wrong == {}


def test_the_inbox_shows_only_ones_own_notices(as_user, world):
    _notify(world["users"]["cadre"], 2, prefix="给乙一")
    _notify(world["users"]["leader"], 1, prefix="给领导")
    body = as_user("cadre").get(reverse("notifications:inbox")).content.decode()
    assert "给乙一0" in body and "给乙一1" in body and "给领导" not in body


def test_nobody_else_can_mark_someones_notice_read(client, world):
    (notice,) = _notify(world["users"]["cadre"], 1)
    url = reverse("notifications:mark_read", args=[notice.pk])
    for persona in ("office", "leader", "juror"):
        client.force_login(world["users"][persona])
        assert client.post(url).status_code == 404
    client.logout()
    assert client.post(url).status_code == 302  # to login
    notice.refresh_from_db()
    assert notice.read_at is None
    assert client.post(reverse("notifications:mark_read", args=[999999])).status_code == 302


def test_marking_read_is_a_post_and_a_second_click_changes_nothing(as_user, world):
    first, second = _notify(world["users"]["cadre"], 2)
    client = as_user("cadre")
    url = reverse("notifications:mark_read", args=[first.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    first.refresh_from_db()
    read_at = first.read_at
    assert read_at is not None
    client.post(url)
    first.refresh_from_db()
    assert first.read_at == read_at
    second.refresh_from_db()
    assert second.read_at is None
    client.post(reverse("notifications:mark_all_read"))
    second.refresh_from_db()
    assert second.read_at is not None


def test_the_header_shows_the_unread_count(as_user, world):
    _notify(world["users"]["cadre"], 3)
    client = as_user("cadre")
    body = client.get(reverse("home")).content.decode()
    assert "消息（3条未读）" in body
    client.post(reverse("notifications:mark_all_read"))
    body = client.get(reverse("home")).content.decode()
    assert "未读" not in body.split("</header>")[0] and reverse("notifications:inbox") in body


def test_the_inbox_costs_the_same_queries_with_1_or_40_notices(as_user, world):
    client = as_user("cadre")
    _notify(world["users"]["cadre"], 1, prefix="少")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("notifications:inbox")).status_code == 200
    _notify(world["users"]["cadre"], 40, prefix="多")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("notifications:inbox")).status_code == 200
    assert len(few) == len(many)


def test_a_person_sets_their_own_contacts_and_it_is_logged_masked(as_user, world):
    client = as_user("cadre")
    url = reverse("notifications:contact")
    response = client.post(url, {"mobile": "13812345678", "email": "yi@example.cn"})
    assert response.status_code == 302
    contact = Contact.objects.get(user=world["users"]["cadre"])
    assert (contact.mobile, contact.email) == ("13812345678", "yi@example.cn")
    event = Event.objects.get(action="contact_update")
    assert event.after["mobile"] == "138****5678"
    assert event.after["email"] == "y***@example.cn"  # personal data is masked (ADR 0007)


@pytest.mark.parametrize("typed", ["138 1234 5678", "138-1234-5678", "+86 138 1234 5678"])
def test_a_mobile_number_is_taken_as_people_write_it(as_user, world, typed):
    client = as_user("cadre")
    response = client.post(reverse("notifications:contact"), {"mobile": typed, "email": ""})
    assert response.status_code == 302
    assert Contact.objects.get(user=world["users"]["cadre"]).mobile == "13812345678"


@pytest.mark.parametrize(
    "mobile", ["2381234567", "1381234567", "138123456789", "1381234567x", "1" * 30, "=1+1"]
)
def test_a_mobile_number_must_be_11_digits_starting_with_1(as_user, world, mobile):
    client = as_user("cadre")
    response = client.post(reverse("notifications:contact"), {"mobile": mobile, "email": ""})
    assert response.status_code == 200
    assert "手机号码应为以1开头的11位数字。" in response.content.decode()
    assert not Contact.objects.exists() and not Event.objects.filter(action="contact_update")
