"""C4 care after the campaign: each contestant not appointed gets a talk (谈心谈话)."""

from __future__ import annotations

from datetime import date

from cadrex.rules.errors import RuleViolation


def check_talk(*, by: str, talked_on: date | None, today: date) -> None:
    """C4: a talk is recorded with who held it and on which day, a day already come."""
    if not (by or "").strip():
        raise RuleViolation("C4", "请填写谈话人。", field="by")
    if talked_on is None:
        raise RuleViolation("C4", "请填写谈话日期。", field="talked_on")
    if talked_on > today:
        raise RuleViolation("C4", "谈话日期不能晚于今天。", field="talked_on")
