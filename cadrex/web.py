"""What every view says when the rules core refuses an action."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages

from cadrex.rules import RuleViolation


def refuse(request, violation: RuleViolation) -> None:
    """Show the rule's Chinese message and its ID; the service has already changed nothing."""
    messages.error(request, f"{violation.message}（规则 {violation.rule}）")


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
