"""Template context: the header's unread count (one query, only when a page shows it)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from cadrex.notifications.selectors import unread_count


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user))}
