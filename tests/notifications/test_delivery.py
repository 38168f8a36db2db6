"""A notice reaches the inbox, the SMS gateway and the mailbox exactly once (issue 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from cadrex.competition.registration import services as registration
from cadrex.jobs.worker import run_pending_tasks
from cadrex.notifications import tasks
from cadrex.notifications.models import Channel, Delivery, DeliveryStatus, Kind, Notification
from cadrex.notifications.services import notifications_dispatch
from tests.notifications.conftest import LEADER_MOBILE, MOBILE

pytestmark = pytest.mark.django_db


def _apply_and_consent(part_a):
    application = registration.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )
    registration.application_consent(actor=None, application=application, agree=True)
    return application


def test_a3_consent_notices_reach_inbox_sms_and_email_exactly_once(part_a, channels, gateway):
    application = registration.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )
    tasks.dispatch.enqueue()
    run_pending_tasks()  # the leader is asked while the consent is pending
    registration.application_consent(actor=None, application=application, agree=True)
    # The dispatcher queued twice and every delivery queued twice more: still once each.
    tasks.dispatch.enqueue()
    tasks.dispatch.enqueue()
    run_pending_tasks()
    for delivery in Delivery.objects.all():
        tasks.deliver.enqueue(delivery.pk)
    notifications_dispatch()
    run_pending_tasks()

    cadre, leader = channels["cadre"], channels["leader_d02"]
    told = Notification.objects.filter(recipient=cadre)
    assert [(n.kind, n.title) for n in told] == [(Kind.CONSENT, "所在单位同意您报名")]
    asked = Notification.objects.filter(recipient=leader)
    assert [n.kind for n in asked] == [Kind.CONSENT_NEEDED]
    assert "乙一" in asked[0].body

    sms = sorted(m["body"]["mobile"] for m in gateway.messages)
    assert sms == sorted([MOBILE, LEADER_MOBILE])
    to_cadre = next(m for m in gateway.messages if m["body"]["mobile"] == MOBILE)
    assert to_cadre["body"]["content"].startswith("【青川市委组织部】所在单位同意您报名：")
    assert to_cadre["authorization"] == "Bearer test-key"

    assert sorted(m.to[0] for m in mail.outbox) == ["d02@example.cn", "yiyi@example.cn"]
    assert all(m.subject.startswith("【青川市委组织部】") for m in mail.outbox)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert Delivery.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_writes_events_queues_one_dispatcher_pass(part_a, channels):
    # Real commits here: every service's commit asked for a pass; one waiting pass is enough.
    path = tasks.dispatch.module_path
    run_pending_tasks()
    _apply_and_consent(part_a)
    assert DBTaskResult.objects.ready().filter(task_path=path).count() == 1
    run_pending_tasks()
    assert Notification.objects.filter(recipient=channels["cadre"]).count() == 1


def test_a3_a_consent_given_before_the_dispatcher_ran_asks_nobody(part_a, channels):
    _apply_and_consent(part_a)
    notifications_dispatch()
    assert not Notification.objects.filter(recipient=channels["leader_d02"]).exists()


def test_an_event_that_commits_behind_the_cursor_is_still_told_once(part_a, channels):
    from cadrex.audit.models import Event
    from cadrex.notifications.models import Cursor

    _apply_and_consent(part_a)
    # As if the dispatcher had read past it while its transaction was still open.
    head = Event.objects.order_by("-id")[0].pk
    Cursor.objects.update_or_create(name="audit", defaults={"last_event_id": head})
    notifications_dispatch()
    notifications_dispatch()
    assert Notification.objects.filter(recipient=channels["cadre"]).count() == 1


def test_without_a_gateway_or_smtp_only_the_inbox_is_used(part_a, channels, settings):
    settings.CADREX_SMS_URL = ""
    settings.CADREX_EMAIL_ENABLED = False
    _apply_and_consent(part_a)
    notifications_dispatch()
    assert Notification.objects.filter(recipient=channels["cadre"]).count() == 1
    assert Delivery.objects.count() == 0


def test_a_gateway_failure_is_retried_with_backoff_then_sent(
    part_a, channels, failing_gateway, settings, clock
):
    settings.CADREX_EMAIL_ENABLED = False
    settings.CADREX_NOTIFY_MAX_ATTEMPTS = 4
    server = failing_gateway(fail_first=2)
    _apply_and_consent(part_a)
    notifications_dispatch()
    run_pending_tasks()
    delivery = Delivery.objects.get(notification__recipient=channels["cadre"])
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    assert "HTTP 500" in delivery.last_error
    assert run_pending_tasks() == 0  # the retry waits (run_after)
    clock.shift(timedelta(minutes=2))
    run_pending_tasks()
    clock.shift(timedelta(minutes=6))
    run_pending_tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert [m["body"]["mobile"] for m in server.messages].count(MOBILE) == 1


def test_a_gateway_that_keeps_failing_leaves_the_delivery_failed(
    part_a, channels, failing_gateway, settings, clock
):
    settings.CADREX_EMAIL_ENABLED = False
    settings.CADREX_NOTIFY_MAX_ATTEMPTS = 2
    server = failing_gateway(fail_first=100)
    _apply_and_consent(part_a)
    notifications_dispatch()
    for _ in range(4):
        run_pending_tasks()
        clock.shift(timedelta(hours=1))
    delivery = Delivery.objects.get(notification__recipient=channels["cadre"])
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert delivery.channel == Channel.SMS and server.messages == []
    # A failed delivery is not sent by a stray task either; the inbox still has the notice.
    tasks.deliver.enqueue(delivery.pk)
    run_pending_tasks()
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert Notification.objects.filter(recipient=channels["cadre"]).count() == 1


def test_an_unreachable_gateway_is_a_failure_too(part_a, channels, settings):
    settings.CADREX_EMAIL_ENABLED = False
    settings.CADREX_SMS_URL = "http://127.0.0.1:9/send"  # discard port: nothing listens
    settings.CADREX_SMS_TIMEOUT = 2
    _apply_and_consent(part_a)
    notifications_dispatch()
    run_pending_tasks()
    delivery = Delivery.objects.get(notification__recipient=channels["cadre"])
    assert delivery.status == DeliveryStatus.QUEUED and "无法连接短信网关" in delivery.last_error
