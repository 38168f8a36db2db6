"""Every action a service records is a member of ``Action``: read from the source of all of
cadrex/ (subpackages too), and refused at run time when it is not."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cadrex.audit.actions import ACTION_LABELS, OTHER_ACTIONS, RETIRED_ACTIONS, Action
from cadrex.audit.models import Event
from cadrex.audit.services import UnknownAction, event_record
from cadrex.rules.transitions import MACHINES

ROOT = Path(__file__).resolve().parents[2] / "cadrex"
# The one helper that records a move of a transition table: its action is ``move.name``.
MOVE_NAME = "move.name"


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _recording_calls() -> list[tuple[str, int, ast.expr | None]]:
    """(file, line, the ``action=`` argument) of every ``event_record(...)`` call."""
    calls = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) == "event_record":
                action = next((k.value for k in node.keywords if k.arg == "action"), None)
                calls.append((where, node.lineno, action))
    return calls


def _action_of(argument: ast.expr | None) -> str | None:
    """The action an argument names: a literal, ``Action.MEMBER`` or ``move.name``."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if (
        isinstance(argument, ast.Attribute)
        and isinstance(argument.value, ast.Name)
        and argument.value.id == "Action"
    ):
        member = getattr(Action, argument.attr, None)
        return member.value if member is not None else f"Action.{argument.attr}"
    if argument is not None and ast.unparse(argument) == MOVE_NAME:
        return MOVE_NAME
    return None


def test_every_action_a_service_records_is_a_member_of_the_enum():
    calls = _recording_calls()
    # The walk reaches every app and every subpackage (competition's stages among them).
    files = {where for where, _, _ in calls}
    assert len(calls) >= 40 and any(where.count("/") >= 3 for where in files), files
    unreadable = [
        f"{w}:{n} {ast.unparse(a) if a else '(none)'}" for w, n, a in calls if not _action_of(a)
    ]
    assert unreadable == [], "name the action with a literal or Action.MEMBER"
    recorded = {_action_of(a) for _, _, a in calls} - {MOVE_NAME}
    assert recorded - set(ACTION_LABELS) == set()
    # Everything the enum names apart from the moves is recorded somewhere.
    assert set(OTHER_ACTIONS) - recorded == set()


def test_every_move_of_every_transition_table_is_a_member():
    """``move.name`` is always an action: the helper only records moves of a table."""
    moves = {name for machine in MACHINES for name in machine.moves}
    assert moves and moves <= set(ACTION_LABELS)
    assert all(Action(name).label == ACTION_LABELS[name] for name in moves)


def test_only_the_audit_service_writes_events():
    writers = []
    for path in ROOT.rglob("*.py"):
        if path.parts[-2] == "audit" or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "Event.objects.create" in source or "Event.objects.bulk_create" in source:
            writers.append(str(path))
    assert writers == []


def test_every_action_has_a_chinese_name_and_retired_ones_are_not_members():
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in ACTION_LABELS.values())
    assert set(RETIRED_ACTIONS).isdisjoint(ACTION_LABELS)


@pytest.mark.django_db
def test_an_unknown_action_is_refused_and_nothing_is_written():
    for action in ("unit_rename", "application_review", "", "Application_Submit"):
        with pytest.raises(UnknownAction):
            event_record(actor=None, action=action, object_type="unit", object_id="1")
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_member_records_by_its_value():
    event = event_record(actor=None, action=Action.JUROR_BIND, object_type="juror", object_id="3")
    assert Event.objects.get(pk=event.pk).action == "juror_bind"
    assert event.action_label == "评委打开评分链接（绑定设备）"
