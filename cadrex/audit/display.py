"""A log entry as people read it: 字段：旧值 → 新值, in Chinese, never a Python dict.

Services log plain JSON (codes, ids, ISO times). Here each key gets its Chinese name — a
known key of ``cadrex.audit.labels``, the field's ``verbose_name`` on the logged model, a policy
parameter's or a schedule step's name — and each value its reading: a status through the
state labels of the object type's transition table, a coded field through the model's
choices, a time in Beijing to the second, a hash shortened, a list joined with 、, the id
of a record by the record's name (``Names`` fetches a page's records in one query per kind).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from cadrex.audit.labels import (
    FIELD_LABELS,
    KEYED_BY,
    LIST_CHOICES,
    MODEL_FIRST,
    NO_ACCOUNT_ACTORS,
    REFERENCES,
    SECRET_ACTIONS,
    TYPED_REFERENCES,
    WHOLE_VALUE_LABELS,
    WHOLE_VALUE_REFERENCES,
    Ref,
)
from cadrex.audit.models import model_for
from cadrex.rules.policy import CHOICE_LABELS, POLICY_LABELS
from cadrex.rules.schedule import STEP_INFO, Step
from cadrex.rules.transitions import MACHINES, Machine

EMPTY = "—"

_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_HEX_HASH = re.compile(r"^[0-9a-f]{40,128}$")
_STEPS = frozenset(step.value for step in Step)


@dataclass(frozen=True)
class Change:
    """One line of an entry: ``label：before → after`` (``before`` None: only the after)."""

    label: str
    before: str | None
    after: str

    @property
    def text(self) -> str:
        if self.before is None:
            return f"{self.label}：{self.after}"
        return f"{self.label}：{self.before} → {self.after}"


@dataclass(frozen=True)
class Entry:
    """One event as the log page shows it: every part already in words."""

    at: str
    actor: str
    action: str
    note: str
    object_type: str
    object_id: str
    object_label: str
    object_repr: str
    changes: list[Change]

    @property
    def object_query(self) -> str:
        """The page's filter for this entry's object."""
        return urlencode({"object_type": self.object_type, "object_id": self.object_id})


class Names:
    """The records a page of entries names by id, fetched once per kind of record.

    Reading an entry asks ``names(ref, id)``; an id not yet fetched reads as None and is
    remembered, so ``entries`` reads the page once to learn the ids, fetches them (one query
    per kind) and reads it again."""

    def __init__(self) -> None:
        self._wanted: dict[Ref, set[str]] = {}
        self._found: dict[tuple[Ref, str], str] = {}

    def __call__(self, ref: Ref, value: Any) -> str | None:
        key = str(value)
        found = self._found.get((ref, key))
        if found is None:
            self._wanted.setdefault(ref, set()).add(key)
        return found

    def fetch(self) -> None:
        for ref, keys in self._wanted.items():
            model = model_for(ref.model)
            if ref.field == "pk":
                keys = {k for k in keys if k.isascii() and k.isdigit() and len(k) < 19}
            if model is None or not keys:
                continue
            # select_related(): a record's name (its __str__) reads its parents' names too.
            rows = model._default_manager.select_related().filter(**{f"{ref.field}__in": keys})
            for row in rows:
                self._found[(ref, str(getattr(row, ref.field)))] = str(row)
        self._wanted.clear()


@cache
def _machines() -> dict[str, Machine]:
    return {m.name: m for m in MACHINES}


def machine_for(object_type: str) -> Machine | None:
    """The transition table of a logged object type (``machine.name == object_type``)."""
    return _machines().get(object_type)


@cache
def _fields(object_type: str) -> dict[str, Any]:
    model = model_for(object_type)
    if model is None:
        return {}
    return {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def field_label(key: str, object_type: str = "") -> str:
    """The Chinese name of a logged key."""
    field = _fields(object_type).get(key)
    own = str(field.verbose_name) if field is not None else ""
    if key in MODEL_FIRST and _chinese(own):
        return own
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    if _chinese(own):
        return own
    if key in POLICY_LABELS:
        return POLICY_LABELS[key][0]
    if key in _STEPS:
        return STEP_INFO[Step(key)][1]
    return key


def reference_for(key: str, object_type: str = "") -> Ref | None:
    """The kind of record a logged key's value names, if it names one: the tables above,
    else a foreign key of the logged model."""
    ref = TYPED_REFERENCES.get((object_type, key)) or REFERENCES.get(key)
    if ref is not None:
        return ref
    field = _fields(object_type).get(key)
    if field is not None and getattr(field, "many_to_one", False):
        return Ref(field.related_model._meta.model_name)
    return None


def beijing(moment: datetime) -> str:
    """An instant in Beijing time, to the second."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return f"{timezone.localtime(moment, timezone.get_default_timezone()):%Y-%m-%d %H:%M:%S}"


def _iso_moment(text: str) -> str | None:
    if not _ISO_DATETIME.match(text):
        return None
    try:
        return beijing(datetime.fromisoformat(text))
    except ValueError:
        return None


def _is_window(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, str) and _iso_moment(v) for v in value)
    )


def _names_a_record(ref: Ref, value: Any) -> bool:
    if isinstance(value, int):
        return True
    return isinstance(value, str) and (ref.field != "pk" or value.isascii() and value.isdigit())


def _named(ref: Ref, value: Any, names: Names | None) -> str:
    """A record named by its id: its name, else the id as it was logged."""
    if isinstance(value, int) and ref.field != "pk":
        ref = Ref(ref.model)  # a number is the record's own id, never a code
    name = names(ref, value) if names is not None else None
    if name:
        return name
    return f"编号{value}" if ref.field == "pk" else str(value)


def value_text(key: str, value: Any, object_type: str = "", names: Names | None = None) -> str:
    """A logged value as people read it."""
    if value is None or value == "" and not _is_state(key, object_type):
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in _STEPS and _is_window(value):
        return f"{_iso_moment(value[0])} 至 {_iso_moment(value[1])}"
    if isinstance(value, dict):
        keyed_by = KEYED_BY.get((object_type, key))
        return _record_text(value, object_type, names, keyed_by) or EMPTY
    if isinstance(value, list):
        return "、".join(value_text(key, v, object_type, names) for v in value) or EMPTY
    ref = reference_for(key, object_type)
    if ref is not None and _names_a_record(ref, value):
        return _named(ref, value, names)
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    if _is_state(key, object_type):
        return machine_for(object_type).state_label(text)
    if key.endswith(("_sha256", "_hash")) or _HEX_HASH.match(text):
        return f"{text[:8]}…"
    moment = _iso_moment(text)
    if moment:
        return moment
    return _choice_label(key, text, object_type)


def _is_state(key: str, object_type: str) -> bool:
    machine = machine_for(object_type)
    return machine is not None and key == machine.field


def _choice_label(key: str, text: str, object_type: str) -> str:
    field = _fields(object_type).get(key)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if text in choices:
        return str(choices[text])
    if key in POLICY_LABELS:
        return CHOICE_LABELS.get(text, text)
    return LIST_CHOICES.get(key, {}).get(text, text)


def _record_text(
    record: dict, object_type: str, names: Names | None, keyed_by: Ref | None = None
) -> str:
    """A nested record on one line: 字段：值；字段：值 (its keys named records: 姓名：值)."""
    parts = []
    for key, value in record.items():
        text = value_text(str(key), value, object_type, names)
        if isinstance(value, dict) and text != EMPTY:
            text = f"（{text.replace('；', '，')}）"
        if keyed_by is not None:
            label = _named(keyed_by, key, names)
        else:
            label = field_label(str(key), object_type)
        parts.append(f"{label}：{text}")
    return "；".join(parts)


def _whole_value(action: str, value: Any, object_type: str, names: Names | None) -> str:
    ref = WHOLE_VALUE_REFERENCES.get(action)
    if ref is not None and isinstance(value, list):
        texts = (_named(ref, v, names) if _names_a_record(ref, v) else str(v) for v in value)
        return "、".join(texts) or EMPTY
    return value_text("", value, object_type, names)


def changes(
    action: str, object_type: str, before: Any, after: Any, names: Names | None = None
) -> list[Change]:
    """The lines of one entry: each key once, with its value before → after where both
    are known, only the changed keys when the two sides share them."""
    if before is None and after is None:
        return []
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        # A whole list (the preferences, in order): one line under the action's name.
        label = WHOLE_VALUE_LABELS.get(action, "内容")
        if before == after:
            return []
        old = None if before is None else _whole_value(action, before, object_type, names)
        return [Change(label, old, _whole_value(action, after, object_type, names))]
    before, after = before or {}, after or {}
    lines = []
    for key in [*after, *(k for k in before if k not in after)]:
        label = field_label(str(key), object_type)

        def text(value, key=str(key)):
            return value_text(key, value, object_type, names)

        if key in before and key in after:
            if before[key] != after[key]:
                lines.append(Change(label, text(before[key]), text(after[key])))
        elif key in after:
            lines.append(Change(label, None, text(after[key])))
        else:
            lines.append(Change(label, text(before[key]), EMPTY))
    return lines


def event_changes(event, names: Names | None = None) -> list[Change]:
    if event.action in SECRET_ACTIONS:
        return []
    return changes(event.action, event.object_type, event.before, event.after, names)


def actor_text(event) -> str:
    """Who acted: the person's name, the voting terminal, the juror's link, or 系统."""
    if event.action in SECRET_ACTIONS or (
        event.actor_id is None and event.action in NO_ACCOUNT_ACTORS
    ):
        return NO_ACCOUNT_ACTORS[event.action]
    return event.actor_name


def _entry(event, names: Names) -> Entry:
    return Entry(
        at=beijing(event.at),
        actor=actor_text(event),
        action=event.action_label,
        note=SECRET_ACTIONS.get(event.action, event.note),
        object_type=event.object_type,
        object_id=event.object_id,
        object_label=event.object_label,
        object_repr=event.object_repr,
        changes=event_changes(event, names),
    )


def entries(events) -> list[Entry]:
    """A page of events as people read them (records named by id fetched in one go)."""
    events = list(events)
    names = Names()
    for event in events:  # the first reading only learns which records are named
        event_changes(event, names)
    names.fetch()
    return [_entry(event, names) for event in events]
