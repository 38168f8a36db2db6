"""Every write of the notifications: create (with one delivery per channel), dispatch the
audit log, mark read, set one's contacts.

Notifications are a projection of the audit log (ADR 0013): creating one records no audit
event (the event it answers is already there), nor does reading it. A person's contacts are
personal data: changing them is one event, ``contact_update``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cadrex.accounts.models import User
from cadrex.audit.models import Event
from cadrex.audit.services import event_record
from cadrex.notifications.models import (
    Channel,
    Contact,
    Cursor,
    Delivery,
    DeliveryStatus,
    Notification,
)
from cadrex.notifications.recipients import HANDLERS, Notice, notices_for

BATCH = 500  # events read per pass; a longer backlog queues another pass
# The last events before the cursor are read again (their notifications exist, so nothing
# is told twice): on PostgreSQL an event may commit after a later-numbered one. Bounded in
# age and number, so that a burst (the demo's seeding) costs a few passes little.
OVERLAP = timedelta(minutes=10)
OVERLAP_EVENTS = 200


def sms_enabled() -> bool:
    return bool(getattr(settings, "CADREX_SMS_URL", ""))


def email_enabled() -> bool:
    return bool(getattr(settings, "CADREX_EMAIL_ENABLED", False))


def _addresses(user_ids: set[int]) -> dict[int, dict[str, str]]:
    """user id → {channel: address} for the channels that are on and the person has."""
    emails = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "email"))
    contacts = {c.user_id: c for c in Contact.objects.filter(user_id__in=user_ids)}
    found: dict[int, dict[str, str]] = {}
    for user_id in user_ids:
        contact = contacts.get(user_id)
        channels = {}
        email = (contact.email if contact else "") or emails.get(user_id, "")
        if email and email_enabled():
            channels[Channel.EMAIL] = email
        if contact and contact.mobile and sms_enabled():
            channels[Channel.SMS] = contact.mobile
        found[user_id] = channels
    return found


def notifications_create(
    keyed: Sequence[tuple[str, Notice]], *, now: datetime | None = None
) -> list[Notification]:
    """Store each notice not stored before (by its dedupe key), with one delivery per channel
    the person can be reached on, and queue the deliveries. The caller holds the transaction.
    Returns the notifications created now."""
    from cadrex.notifications.tasks import deliver  # the task module imports this one

    keyed = list({key: notice for key, notice in keyed}.items())
    if not keyed:
        return []
    moment = now or timezone.now()
    seen = set(
        Notification.objects.filter(dedupe_key__in=[k for k, _ in keyed]).values_list(
            "dedupe_key", flat=True
        )
    )
    fresh = [(k, n) for k, n in keyed if k not in seen]
    if not fresh:
        return []
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=n.user_id,
                kind=n.kind,
                title=n.title[:200],
                body=n.body,
                link=n.link[:300],
                created_at=moment,
                dedupe_key=k[:200],
            )
            for k, n in fresh
        ],
        ignore_conflicts=True,
    )
    created = list(Notification.objects.filter(dedupe_key__in=[k[:200] for k, _ in fresh]))
    addresses = _addresses({n.recipient_id for n in created})
    Delivery.objects.bulk_create(
        [
            Delivery(notification=n, channel=channel, address=address)
            for n in created
            for channel, address in addresses[n.recipient_id].items()
        ],
        ignore_conflicts=True,
    )
    queued = Delivery.objects.filter(
        notification__in=created, status=DeliveryStatus.QUEUED, attempts=0
    ).values_list("pk", flat=True)
    # Enqueued in this transaction: the task rows commit with the deliveries or not at all.
    for delivery_id in queued:
        deliver.enqueue(delivery_id)
    return created


@transaction.atomic
def notifications_dispatch(*, now: datetime | None = None) -> tuple[int, bool]:
    """One pass over the audit log after the cursor: tell each person what concerns them.
    Returns (notifications created, whether more events wait)."""
    moment = now or timezone.now()
    Cursor.objects.get_or_create(name="audit")
    cursor = Cursor.objects.select_for_update().get(name="audit")  # one dispatcher at a time
    fields = ("id", "action", "object_type", "object_id", "at")
    events = list(
        Event.objects.filter(id__gt=cursor.last_event_id).order_by("id").only(*fields)[:BATCH]
    )
    recent = Event.objects.filter(
        id__lte=cursor.last_event_id,
        id__gt=cursor.last_event_id - OVERLAP_EVENTS,
        at__gte=moment - OVERLAP,
        action__in=list(HANDLERS),
    )
    keyed = []
    for event in [*recent.order_by("id").only(*fields), *events]:
        for notice in notices_for(event):
            keyed.append((f"event:{event.pk}:{notice.user_id}", notice))
    created = notifications_create(keyed, now=moment)
    if events:
        cursor.last_event_id = events[-1].pk
        cursor.save(update_fields=["last_event_id", "updated_at"])
    return len(created), len(events) == BATCH


# ------------------------------------------------------------------ the inbox


def notification_mark_read(*, actor, notification: Notification) -> bool:
    """Mark one of the actor's notifications read (the door checked it is theirs); a second
    click changes nothing. Returns whether it changed."""
    changed = Notification.objects.filter(
        pk=notification.pk, recipient=actor, read_at__isnull=True
    ).update(read_at=timezone.now())
    return bool(changed)


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def contact_update(*, actor, mobile: str, email: str) -> Contact:
    """The actor's own mobile number and email for notifications (one audit event)."""
    contact, _ = Contact.objects.select_for_update().get_or_create(user=actor)
    before = {"mobile": contact.mobile, "email": contact.email}
    contact.mobile, contact.email = mobile.strip(), email.strip()
    contact.full_clean()
    contact.save()
    after = {"mobile": contact.mobile, "email": contact.email}
    if before != after:
        event_record(
            actor=actor,
            action="contact_update",
            obj=contact,
            before=_masked(before),
            after=_masked(after),
        )
    return contact


def _masked(values: dict[str, str]) -> dict[str, str]:
    """The log shows that a number changed, not the whole number (ADR 0007)."""
    mobile, email = values["mobile"], values["email"]
    name, _, domain = email.partition("@")
    return {
        "mobile": f"{mobile[:3]}****{mobile[-4:]}" if mobile else "",
        "email": f"{name[:1]}***@{domain}" if email else "",
    }
