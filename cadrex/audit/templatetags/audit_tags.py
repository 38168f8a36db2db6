"""Showing a log entry's before → after as readable 字段：值 pairs, not a Python dict."""

from __future__ import annotations

from django import template

register = template.Library()


def _plain(value) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k}：{_plain(v)}" for k, v in value.items())
    return str(value)


@register.filter
def readable(value) -> str:
    if value is None:
        return ""
    return _plain(value)
