"""How the decision page acts on its forms and shows a refused one again: what the
committee or the unit typed, each error beside its field. The flash message above the page
still says the refusal as it always has, and the POST still redirects to the page
(post/redirect/get: status codes and messages are those scripts have always seen).

A refused POST keeps its form in the session (:func:`keep`, :func:`act_keeping`); the page,
built with :class:`KeptForms`, binds it once more. One form is kept at a time, under a name
that carries the opening, until the next decision page takes it. (The same pattern as
``cadrex.exchange.kept_forms``; the two parts may not import each other.)
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import QueryDict
from django.shortcuts import redirect

from cadrex.competition.registration.models import Opening
from cadrex.rules import RuleViolation
from cadrex.web import act, refuse

SESSION_KEY = "decision_kept_form"


def _add_refusal(form: forms.Form, field: str | None, message: str) -> None:
    """The rules' message beside the field it names, else above the form."""
    form.add_error(field if field in form.fields else None, message)


def keep(request, name: str, form: forms.Form, violation: RuleViolation | None = None) -> None:
    """Keep ``form`` as it was posted, under ``name``, for the page the POST redirects to."""
    data = form.data
    request.session[SESSION_KEY] = {
        "name": name,
        "data": {key: data.getlist(key) for key in form.fields if key in data},
        "refusal": [violation.field, violation.message] if violation else None,
    }


def refuse_form(request, name: str, form: forms.Form, rule: str) -> None:
    """A form whose shape is wrong: its first error is said as the rule's refusal
    ("message（规则 A10）"), and the form is kept with every error beside its field."""
    field, errors = next(iter(form.errors.items()))
    refuse(request, RuleViolation(rule, errors[0], field=field))
    keep(request, name, form)


def act_keeping(
    request, name: str, form: forms.Form, call: Callable[[], object], done: str
) -> bool:
    """``web.act`` for a form whose POST redirects: a refused form is kept for the page."""

    def run():
        try:
            return call()
        except RuleViolation as violation:
            keep(request, name, form, violation)
            raise

    return act(request, run, done)


class KeptForms:
    """The forms of one page: the one kept by the last refused POST comes back bound."""

    def __init__(self, request):
        self.kept = request.session.pop(SESSION_KEY, None)

    def form(self, name: str, form_class: type[forms.Form], **kwargs) -> forms.Form:
        kept = self.kept
        if not kept or kept.get("name") != name:
            return form_class(**kwargs)
        data = QueryDict(mutable=True)
        for key, values in kept["data"].items():
            data.setlist(key, values)
        kwargs.pop("initial", None)
        form = form_class(data, **kwargs)
        form.is_valid()  # the shape errors again, beside their fields
        if kept["refusal"]:
            _add_refusal(form, *kept["refusal"])
        return form


def kept_name(opening: Opening, name: str) -> str:
    """A kept form belongs to one opening's page: another opening's page never shows it."""
    return f"{opening.pk}:{name}"


class PageForms:
    """The forms of one opening's decision page, each fresh or (the one a refused POST
    kept) as it was typed: ``forms("ballot_open", BallotOpenForm, initial=…)``."""

    def __init__(self, request, opening: Opening):
        self.kept, self.opening = KeptForms(request), opening

    def __call__(self, name: str, form_class: type[forms.Form], **kwargs) -> forms.Form:
        return self.kept.form(kept_name(self.opening, name), form_class, **kwargs)


def submit(
    request,
    opening: Opening,
    name: str,
    form: forms.Form,
    *,
    rule: str,
    call: Callable[[dict], object],
    done: str,
):
    """A form of the decision page → one service → back to the page. A form of the wrong
    shape is refused as ``rule``'s refusal; either way a refused form is kept as typed."""
    kept = kept_name(opening, name)
    if form.is_valid():
        act_keeping(request, kept, form, lambda: call(form.cleaned_data), done)
    else:
        refuse_form(request, kept, form, rule)
    return redirect("competition:decision", pk=opening.pk)
