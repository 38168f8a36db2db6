"""The door to a notification: only its recipient. Anyone else gets 404 (we do not confirm
that someone else's notification exists)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from cadrex.notifications.models import Notification

NOT_FOUND = "没有找到该消息，或您无权查看。"


def access_notification(user, notification_id) -> Notification:
    if not getattr(user, "is_authenticated", False):
        raise Http404(NOT_FOUND)
    try:
        return Notification.objects.get(pk=notification_id, recipient=user)
    except (Notification.DoesNotExist, ValidationError, ValueError):
        raise Http404(NOT_FOUND) from None
