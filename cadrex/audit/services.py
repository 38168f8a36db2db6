"""Writing the log. Every service calls ``event_record`` once, inside its own transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from cadrex.audit.actions import ACTION_LABELS
from cadrex.audit.models import Event, person_name

# Called once after each transaction that appended events commits (the notifications'
# dispatcher registers itself from its AppConfig.ready: this leaf imports no app).
_COMMITTED_HOOKS: list[Callable[[], None]] = []


def after_events_committed(callback: Callable[[], None]) -> None:
    """Register ``callback`` to run after every commit that appended events (once each)."""
    if callback not in _COMMITTED_HOOKS:
        _COMMITTED_HOOKS.append(callback)


def _run_committed_hooks() -> None:
    for callback in _COMMITTED_HOOKS:
        callback()


def _hooks_on_commit() -> None:
    """Schedule the hooks once per transaction, however many events it appends."""
    if not _COMMITTED_HOOKS:
        return
    connection = transaction.get_connection()
    if any(entry[1] is _run_committed_hooks for entry in connection.run_on_commit):
        return
    transaction.on_commit(_run_committed_hooks, robust=True)


class UnknownAction(ValueError):
    """A service recorded an action ``cadrex.audit.actions.Action`` does not name."""


def _plain(value: Any) -> Any:
    """JSON-safe copy (dates, Decimals → strings) so the log never fails to store."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def event_build(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> Event:
    """One event, not yet saved. ``action`` must be a member of ``Action`` (its value); the
    actor is recorded with the name people know them by, ``None`` reads as 系统."""
    action = str(action)
    if action not in ACTION_LABELS:
        raise UnknownAction(f"操作“{action}”不在操作日志的操作表（cadrex.audit.actions）中。")
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    actor_label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = person_name(actor)[:150]
    elif actor is None:
        actor_label = "系统"
    return Event(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=_plain(before),
        after=_plain(after),
        note=note,
    )


def event_record(**fields: Any) -> Event:
    """Append one event (the fields of ``event_build``)."""
    event = event_build(**fields)
    event.save()
    _hooks_on_commit()
    return event


def events_record_many(events: list[Event]) -> None:
    """Append events built by ``event_build`` in one batch of INSERTs (the demo's bulk steps:
    the same rows ``event_record`` would have written one by one)."""
    Event.objects.bulk_create(events, batch_size=500)
    _hooks_on_commit()
