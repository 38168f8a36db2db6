"""The functional core: every rule of ``spec/RULES.md`` as plain Python.

No Django, no I/O, no clock: frozen dataclasses (or plain values) in, values or a
:class:`RuleViolation` out. Time is always passed in.
"""

from cadrex.rules.errors import RuleViolation

__all__ = ["RuleViolation"]
