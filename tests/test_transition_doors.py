"""One guarded door per change of state: the source code itself is checked.

A status field of a model with a transition table (``cadrex.rules.transitions``) is written
only by ``cadrex/campaigns/transitions.py``. Anywhere else, assigning it, passing it to a
write (``.update(``, ``.create(``, ``update_or_create(``, a model constructor) or to
``bulk_update`` is a door beside the table — this test names the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

from cadrex.rules.transitions import MACHINES

ROOT = Path(__file__).resolve().parent.parent / "cadrex"
DOOR = ROOT / "campaigns" / "transitions.py"
FIELDS = {machine.field for machine in MACHINES}  # status, scoring, outcome, answer
WRITES = {"update", "create", "get_or_create", "update_or_create", "bulk_create"}
MODELS = {
    "Application",
    "Opening",
    "OpeningDeclaration",
    "Hearing",
    "HearingContestant",
    "BallotRound",
    "Appointment",
    "Probation",
    "ExchangeDeclaration",
    "Placement",
    "Standby",
}
# Models whose status has a move table of its own, not ``rules.transitions``: a write rooted
# at one of them (``Job.objects.filter(…).update(status=…)``) is that table's door.
OWN_TABLES = {"Job", "Delivery"}  # cadrex/jobs/services.py, cadrex/notifications/tasks.py MOVES


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or path == DOOR:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _root(node: ast.expr) -> str:
    """The name a call chain starts from (``Job`` for ``Job.objects.filter(…).update``)."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else ""


def _doors(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Attribute) and leaf.attr in FIELDS:
                        found.append((node.lineno, f"assigns .{leaf.attr}"))
        elif isinstance(node, ast.Call):
            name = _callee(node)
            if _root(node.func) in OWN_TABLES:
                continue
            words = {k.arg for k in node.keywords if k.arg}
            if name in WRITES | MODELS and words & FIELDS:
                found.append((node.lineno, f"{name}({', '.join(sorted(words & FIELDS))}=…)"))
            if name in WRITES and "defaults" in words:
                for keyword in node.keywords:
                    if keyword.arg == "defaults" and isinstance(keyword.value, ast.Dict):
                        keys = {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
                        if keys & FIELDS:
                            found.append((node.lineno, f"{name}(defaults={{{keys & FIELDS}}})"))
            if name == "bulk_update":
                for arg in node.args[1:]:
                    for leaf in ast.walk(arg):
                        if isinstance(leaf, ast.Constant) and leaf.value in FIELDS:
                            found.append((node.lineno, f"bulk_update(…{leaf.value}…)"))
    return found


def test_a_status_changes_only_through_its_transition_table():
    offences = [
        f"{path.relative_to(ROOT.parent)}:{line}: {what}"
        for path, tree in _sources()
        for line, what in _doors(tree)
    ]
    assert offences == []


def test_the_door_check_finds_a_door_beside_the_table():
    sneaky = ast.parse(
        "a.status = 'x'\n"
        "Application.objects.filter(pk=1).update(status='qualified')\n"
        "Placement(answer='accepted')\n"
        "Standby.objects.update_or_create(pk=1, defaults={'outcome': 'placed'})\n"
        "Opening.objects.bulk_update(rows, ['status'])\n"
        "Application.objects.filter(status='qualified').count()\n"  # a read: fine
        "Job.objects.filter(pk=1).update(status='running')\n"  # the jobs' own table
        "queryset.update(status='qualified')\n"  # a chain of unknown root: a door
    )
    assert [line for line, _ in _doors(sneaky)] == [1, 2, 3, 4, 5, 8]


def test_the_models_store_exactly_the_states_their_tables_name():
    from cadrex.competition import models as a
    from cadrex.exchange import models as b

    fields = {
        "application": a.Application._meta.get_field("status"),
        "opening": a.Opening._meta.get_field("status"),
        "openingdeclaration": a.OpeningDeclaration._meta.get_field("status"),
        "hearing": a.Hearing._meta.get_field("status"),
        "hearingcontestant": a.HearingContestant._meta.get_field("scoring"),
        "ballotround": a.BallotRound._meta.get_field("status"),
        "appointment": a.Appointment._meta.get_field("status"),
        "probation": a.Probation._meta.get_field("outcome"),
        "exchangedeclaration": b.ExchangeDeclaration._meta.get_field("status"),
        "placement": b.Placement._meta.get_field("answer"),
        "standby": b.Standby._meta.get_field("outcome"),
    }
    for machine in MACHINES:
        field = fields[machine.name]
        assert field.name == machine.field
        assert dict(field.choices) == dict(machine.states), machine.name
