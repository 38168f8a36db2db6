"""One cell of a roster sheet → its stored value, or a ValueError with the Chinese reason."""

from __future__ import annotations

import re
from datetime import date, datetime

from cadrex.registry import idnumber
from cadrex.registry.checks import text_problem, unit_code_problem
from cadrex.registry.models import APPRAISAL_GRADES
from cadrex.registry.roster.columns import Column
from cadrex.registry.roster.sheet_rows import Formula

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})日?)?月?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})?$"),
)


def parse_date(value) -> date:
    """Dates as people type them: 2015.07, 2015-07-01, 2015/7/1, 2015年7月, 201507, or a
    real date cell. A month without a day means its first day (as the forms print yyyy.MM)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        # Excel turns a typed 2015.10 into the number 2015.1: only two decimals are safe.
        text = f"{value:.2f}"
        if float(text) != value:
            raise ValueError("日期格式有歧义，请写成 2015.07 或 2015-07-01")
        value = text
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            year, month, day = int(m[1]), int(m[2]), int(m[3] or 1)
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise ValueError(f"无法识别的日期“{text}”，请写成 2015.07 或 2015-07-01")


def parse_appraisals(value) -> dict[str, str]:
    """``2023:称职;2024:优秀`` (Chinese or ASCII separators, or ``2023年：称职``)."""
    result: dict[str, str] = {}
    for part in re.split(r"[;；,，、\s]+", str(value).strip()):
        if not part:
            continue
        m = re.match(r"^(\d{4})年?[:：]?(.+)$", part)
        if not m or m[2] not in APPRAISAL_GRADES:
            raise ValueError(
                f"“{part}”格式不对，应写成“2023:称职;2024:优秀”，等次为{'、'.join(APPRAISAL_GRADES)}"
            )
        result[m[1]] = m[2]
    return dict(sorted(result.items()))


_TRUE = {"是", "y", "yes", "true", "1", "√"}
_FALSE = {"否", "n", "no", "false", "0", ""}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"应填“是”或“否”，而不是“{value}”")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_cell(column: Column, raw):
    """One cell → stored value, or ValueError with the Chinese reason."""
    # A formula is refused by name: its cached result (or nothing, where no program has
    # calculated it) is not what the office typed. Text that merely starts with "=" is
    # kept as typed and always written back as text (issue 2's round trip).
    if isinstance(raw, Formula):
        raise ValueError(f"单元格是公式（{raw[:30]}），请改为直接填写内容")
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        if column.required:
            raise ValueError("必填项为空")
        return {"date": None, "bool": False, "appraisals": {}}.get(column.kind, "")
    if column.kind == "date":
        return parse_date(raw)
    if column.kind == "bool":
        return parse_bool(raw)
    if column.kind == "appraisals":
        return parse_appraisals(raw)
    text = cell_text(raw)
    if column.kind == "idnumber":
        text = idnumber.normalise(text)
        if "*" in text:
            raise ValueError(
                f"身份证号“{text}”已隐去部分数字（按权限遮盖的导出件），不能用于导入，请填写完整号码"
            )
        reason = idnumber.problem(text)
        if reason:
            raise ValueError(f"{reason}（{text}）")
        return text
    if column.kind == "choice":
        for value, label in column.choices:
            if text in (value, label):
                return value
        allowed = "、".join(label for _, label in column.choices)
        raise ValueError(f"“{text}”不是可选值（可选：{allowed}）")
    if len(text) > column.max_length:
        raise ValueError(f"内容过长（最多 {column.max_length} 字）")
    reason = unit_code_problem(text) if column.kind == "code" else text_problem(text)
    if reason:
        raise ValueError(reason)
    return text
