"""How a page answers a form it cannot take: the form again as typed, each refusal beside its
field and (as always) the flash message above the page. One module for parts A and B.

- A page that answers its own POST renders the bound form again: :func:`act_on_form`
  (``web.act``: the success message too) or :func:`attempt` (no success message, for pages
  whose result speaks for itself); a form Django refuses (a bad date, a text too long) is
  said above the page as well with :func:`flash_errors`.
- A POST that redirects to its page (post/redirect/get: status codes and messages are those
  scripts have always seen) keeps the form in the session with :func:`act_keeping` or
  :func:`keep`; the page, built with :class:`KeptForms`, binds it once more. One form is kept
  at a time per session key, until the next page under that key takes it.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import QueryDict

from cadrex.rules import RuleViolation
from cadrex.web import act, refuse


def beside(form: forms.Form, violation: RuleViolation, *, lone_field: bool = False) -> None:
    """The rules' message beside the field it names, else above the form. With
    ``lone_field``, a form of one field shows an unplaced message beside that field."""
    field = violation.field if violation.field in form.fields else None
    if field is None and lone_field and len(form.fields) == 1:
        field = next(iter(form.fields))
    form.add_error(field, violation.message)


def flash_errors(request, form: forms.Form) -> None:
    """A refused form's messages above the page too: a form in a long table may be far down."""
    for message in dict.fromkeys(m for errors in form.errors.values() for m in errors):
        messages.error(request, message)


def act_on_form(
    request,
    form: forms.Form,
    call: Callable[[], object],
    done: str,
    *,
    lone_field: bool = False,
) -> bool:
    """``web.act`` for a page that shows ``form`` again when the service refuses."""

    def run():
        try:
            return call()
        except RuleViolation as violation:
            beside(form, violation, lone_field=lone_field)
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


class Keeper:
    """Refused forms kept in the session under one key (a part of the campaign has its own):
    ``keeper.keep(...)`` after a refusal, ``keeper.page(request)`` on the page that shows it."""

    def __init__(self, key: str, *, lone_field: bool = False):
        self.key, self.lone_field = key, lone_field

    def keep(
        self, request, name: str, form: forms.Form, violation: RuleViolation | None = None
    ) -> None:
        """Keep ``form`` as it was posted, under ``name``, for the page the POST redirects to."""
        data = form.data
        request.session[self.key] = {
            "name": name,
            "data": {field: data.getlist(field) for field in form.fields if field in data},
            "refusal": [violation.field, violation.message] if violation else None,
        }

    def act_keeping(
        self, request, name: str, form: forms.Form, call: Callable[[], object], done: str
    ) -> bool:
        """``web.act`` for a form whose POST redirects: a refused form is kept for the page."""

        def run():
            try:
                return call()
            except RuleViolation as violation:
                self.keep(request, name, form, violation)
                raise

        return act(request, run, done)

    def refuse_form(self, request, name: str, form: forms.Form, rule: str) -> None:
        """A form whose shape is wrong: its first error is said as the rule's refusal
        ("message（规则 A10）"), and the form is kept with every error beside its field."""
        field, errors = next(iter(form.errors.items()))
        refuse(request, RuleViolation(rule, errors[0], field=field))
        self.keep(request, name, form)

    def page(self, request) -> KeptForms:
        """The forms of the page the POST redirected to (takes the kept form, if any)."""
        return KeptForms(request.session.pop(self.key, None), lone_field=self.lone_field)


class KeptForms:
    """The forms of one page: the one kept by the last refused POST comes back bound."""

    def __init__(self, kept: dict | None, *, lone_field: bool = False):
        self.kept, self.lone_field = kept, lone_field

    def form(self, name: str, form_class: type[forms.Form], **kwargs) -> forms.Form:
        kept = self.kept
        if not kept or kept.get("name") != name:
            return form_class(**kwargs)
        data = QueryDict(mutable=True)
        for field, values in kept["data"].items():
            data.setlist(field, values)
        kwargs.pop("initial", None)
        form = form_class(data, **kwargs)
        form.is_valid()  # the shape errors again, beside their fields
        if kept["refusal"]:
            field, message = kept["refusal"]
            violation = RuleViolation("", message, field=field)
            beside(form, violation, lone_field=self.lone_field)
        return form
