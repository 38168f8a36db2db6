"""What every view says when the rules core refuses an action."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages

from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.rules import RuleViolation

# Those who work the campaign read the rule's ID beside a refusal (it is where they look the
# rule up); a cadre, a juror or the public read the message alone.
RULE_READERS = {Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES}


def refusal_text(user, violation: RuleViolation) -> str:
    """The rule's Chinese message, with its ID for those who work the campaign."""
    if violation.rule and getattr(user, "role", None) in RULE_READERS:
        return f"{violation.message}（规则 {violation.rule}）"
    return violation.message


def refuse(request, violation: RuleViolation) -> None:
    """Show the rule's refusal; the service has already changed nothing."""
    messages.error(request, refusal_text(request.user, violation))


def act(request, call: Callable[[], object], done: str) -> bool:
    """Run one service call for a view: on success show ``done``; on a refusal show the
    rule's message (the service's transaction has rolled back). True when it went through."""
    try:
        call()
    except RuleViolation as violation:
        refuse(request, violation)
        return False
    messages.success(request, done)
    return True


MAX_ID = 2**63 - 1  # the largest key any of our databases stores


def as_id(raw) -> int | None:
    """A record id typed or posted: ASCII digits only ("²" and "１" are digits to Python but
    not to int() or to a database), within the database's range; else None (→ 404 / a
    message, never a 500)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def as_ids(raws) -> list[int]:
    return [value for value in map(as_id, raws) if value is not None]
