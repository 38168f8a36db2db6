"""What the decision pages read from a POST: a typed date or number, or None — never a
silent default, so the service names the field that is missing."""

from __future__ import annotations

from datetime import date


def posted_date(raw: str | None) -> date | None:
    """A typed date, or None (the service then names the field): never a silent default."""
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def posted_int(raw) -> int | None:
    text = (raw or "").strip() if isinstance(raw, str) else raw
    if isinstance(text, str) and text.isascii() and text.isdigit():
        return int(text)
    return None
