"""The one exception the functional core raises."""

from __future__ import annotations


class RuleViolation(Exception):
    """A rule of ``spec/RULES.md`` (or a policy constraint) is broken.

    ``rule`` is the rule ID (``"A3"``, ``"B4"``, ``"POLICY"`` …); ``message`` is the Chinese
    sentence shown to the person, naming what is wrong; ``field`` optionally names the input
    field at fault so a form can attach the message to it.
    """

    def __init__(self, rule: str, message: str, *, field: str | None = None) -> None:
        super().__init__(f"[{rule}] {message}")
        self.rule = rule
        self.message = message
        self.field = field
