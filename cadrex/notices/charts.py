"""Tiny inline SVG charts: no script, no library, readable on any phone."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def sparkline(points: list[int | None], width: int = 140, height: int = 32) -> SafeString:
    """A polyline of counts by day; days without a figure are skipped."""
    known = [(i, p) for i, p in enumerate(points) if p is not None]
    if not known:
        return mark_safe("")
    top = max(p for _, p in known) or 1
    step = width / max(len(points) - 1, 1)
    coords = " ".join(f"{i * step:.1f},{height - 3 - p / top * (height - 6):.1f}" for i, p in known)
    last_x, last_y = coords.split(" ")[-1].split(",")
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="每日报名人数变化">'
        '<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.5" fill="#b3261e"/></svg>',
        width,
        height,
        width,
        height,
        coords,
        last_x,
        last_y,
    )
