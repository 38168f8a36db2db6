"""How part A's pages answer a form they cannot take: the page again, the form as typed,
each refusal beside its field and (as always) above the page.

- A form Django refuses (a bad date, a text too long): :func:`flash_errors`.
- A service the rules refuse: :func:`act_on_form` (``web.act``: the success message too)
  or :func:`attempt` (no success message, for pages whose result speaks for itself).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages

from cadrex.rules import RuleViolation
from cadrex.web import act, refuse


def beside(form: forms.Form, violation: RuleViolation) -> None:
    """The rules' message beside the field it names, else above the form."""
    field = violation.field if violation.field in form.fields else None
    form.add_error(field, violation.message)


def flash_errors(request, form: forms.Form) -> None:
    """A refused form's messages above the page too: a form in a long table may be far down."""
    for message in dict.fromkeys(m for errors in form.errors.values() for m in errors):
        messages.error(request, message)


def act_on_form(request, form: forms.Form, call: Callable[[], object], done: str) -> bool:
    """``web.act`` for a page that shows ``form`` again when the service refuses."""

    def run():
        try:
            return call()
        except RuleViolation as violation:
            beside(form, violation)
            raise

    return act(request, run, done)


def attempt(request, form: forms.Form, call: Callable[[], object]) -> bool:
    """One service call for ``form`` with no success message: True when it went through;
    a refusal is shown above the page (``web.refuse``) and beside its field."""
    try:
        call()
    except RuleViolation as violation:
        refuse(request, violation)
        beside(form, violation)
        return False
    return True
