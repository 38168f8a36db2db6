"""Reads of a person's notifications (never a write)."""

from __future__ import annotations

from django.db.models import QuerySet

from cadrex.notifications.models import Contact, Notification

PAGE = 50


def inbox(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def contact_of(user) -> Contact | None:
    return Contact.objects.filter(user=user).first()
