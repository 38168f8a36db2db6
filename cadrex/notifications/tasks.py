"""The notifications' background tasks (django-tasks, ADR 0010 and 0013).

``dispatch`` reads the audit log after its cursor and creates notifications; ``deliver``
sends one delivery. A delivery is claimed by a guarded UPDATE (queued → sending) before it is
sent, so a task that runs twice, or two workers, send it once; a failure goes back to queued
with a later ``run_after`` until ``CADREX_NOTIFY_MAX_ATTEMPTS``, then stays failed.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from cadrex.notifications.channels import SENDERS, SendError
from cadrex.notifications.models import Delivery, DeliveryStatus
from cadrex.notifications.services import notifications_dispatch

logger = logging.getLogger(__name__)

# Which delivery status may follow which (each move one guarded UPDATE below).
MOVES = {
    DeliveryStatus.QUEUED: {DeliveryStatus.SENDING},
    DeliveryStatus.SENDING: {DeliveryStatus.SENT, DeliveryStatus.QUEUED, DeliveryStatus.FAILED},
    DeliveryStatus.SENT: set(),
    DeliveryStatus.FAILED: set(),
}
# Waits before the 2nd, 3rd, 4th … attempt.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))


def max_attempts() -> int:
    return max(1, int(getattr(settings, "CADREX_NOTIFY_MAX_ATTEMPTS", 4)))


@task()
def dispatch() -> int:
    created, more = notifications_dispatch()
    if more:
        dispatch.enqueue()
    return created


@task()
def deliver(delivery_id: int) -> str:
    return delivery_send(delivery_id)


def delivery_send(delivery_id: int) -> str:
    """Send one delivery if it is still queued; "sent", "retry", "failed" or "skipped"."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"  # sent, failed for good, or another worker holds it
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    try:
        SENDERS[delivery.channel](delivery)
    except SendError as error:
        return _failed(delivery, str(error))
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def _failed(delivery: Delivery, error: str) -> str:
    logger.warning("notification delivery %s failed: %s", delivery.pk, error)
    final = delivery.attempts >= max_attempts()
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.FAILED if final else DeliveryStatus.QUEUED,
        last_error=error[:500],
        updated_at=timezone.now(),
    )
    if final:
        return "failed"
    wait = BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
    deliver.using(run_after=timezone.now() + wait).enqueue(delivery.pk)
    return "retry"


def dispatch_soon() -> None:
    """After a commit that wrote audit events: queue a dispatcher pass, unless one is queued
    and not yet started (it will read these events too)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().filter(task_path=dispatch.module_path)
    if waiting.exists():
        return
    dispatch.enqueue()
