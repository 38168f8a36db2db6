"""C1 organisation: the leading group (领导小组) and its office (领导小组办公室, in the
organisation department), each unit's responsible leader (第一责任人) and task team (工作专班).

Which positions each body has, one head each, the texts a record cannot lack, and that a
vertically managed unit takes no part. The records live in ``cadrex.organisation``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from cadrex.rules.errors import RuleViolation

BODY_LABELS: dict[str, str] = {"leading_group": "领导小组", "office": "领导小组办公室"}
POSITION_LABELS: dict[str, str] = {
    "leader": "组长",
    "deputy_leader": "副组长",
    "director": "主任",
    "deputy_director": "副主任",
    "member": "成员",
}
# The positions each body has, in the sequence a list prints them; the first heads the body.
BODY_POSITIONS: dict[str, tuple[str, ...]] = {
    "leading_group": ("leader", "deputy_leader", "member"),
    "office": ("director", "deputy_director", "member"),
}
HEADS = ("leader", "director")

# What each text is called when it is missing (the forms ask for them too; scripts and the
# demo call the services directly).
REQUIRED: dict[str, str] = {"name": "姓名", "post": "职务", "duty": "工作职责"}


def visible(text: str) -> str:
    """The text without invisible format characters (zero-width spaces and joiners, a
    byte-order mark) and outer white space: what a reader of the list actually sees."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def required_texts(values: Mapping[str, Any]) -> dict[str, Any]:
    """C1: texts stripped of what cannot be seen; a missing name, post or duty refused,
    naming the field (a name of zero-width spaces alone is missing too)."""
    values = {k: visible(v) if isinstance(v, str) else v for k, v in values.items()}
    for field, label in REQUIRED.items():
        if field in values and not values[field]:
            raise RuleViolation("C1", f"请填写{label}。", field=field)
    return values


def check_position(body: str, position: str, *, head: str | None = None) -> None:
    """C1: a position of its body (组长/副组长/成员; 主任/副主任/成员), one head each.
    ``head``: the name of whoever else already heads the body (None: nobody)."""
    if position not in BODY_POSITIONS.get(body, ()):
        names = "、".join(POSITION_LABELS[p] for p in BODY_POSITIONS[body])
        raise RuleViolation("C1", f"{BODY_LABELS[body]}的职务只能是{names}。", field="position")
    if position in HEADS and head is not None:
        raise RuleViolation(
            "C1",
            f"{BODY_LABELS[body]}已有{POSITION_LABELS[position]}（{head}），"
            "请先修改或移除后再设置。",
            field="position",
        )


def check_office_seat(seat: str) -> None:
    """C1: the leading group's office sits somewhere (the organisation department)."""
    if not seat:
        raise RuleViolation("C1", "请填写办公室所在单位（如市委组织部）。", field="seat")


def check_takes_part(unit: str, *, vertically_managed: bool) -> None:
    """C1 (S1): a vertically managed unit takes no part, so it names no task team."""
    if vertically_managed:
        raise RuleViolation(
            "C1", f"{unit}为垂直管理部门，不参加本次竞岗交流工作，无需确定工作专班。"
        )
