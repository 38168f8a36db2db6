"""What every view says when the rules core refuses an action."""

from __future__ import annotations

from django.contrib import messages

from cadrex.rules import RuleViolation


def refuse(request, violation: RuleViolation) -> None:
    """Show the rule's Chinese message and its ID; the service has already changed nothing."""
    messages.error(request, f"{violation.message}（规则 {violation.rule}）")
