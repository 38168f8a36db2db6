"""How a part B page shows a refused form again: what the person typed, each error beside
its field. The flash message above the page still says the refusal as it always has.

- A page that answers its own POST (the unit's declaration, preferences, proposals) renders
  the bound form again; :func:`act_on_form` puts the rules' refusal beside its field.
- A POST that redirects to its page (post/redirect/get: answers, reasons, the orgdept's
  forms) keeps the form in the session with :func:`act_keeping` or :func:`keep`; the page,
  built with :class:`KeptForms`, binds it once more. One form is kept at a time, until the
  next page of part B that shows forms takes it.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import QueryDict

from cadrex.rules import RuleViolation
from cadrex.web import act

SESSION_KEY = "exchange_kept_form"


def _add_refusal(form: forms.Form, violation: RuleViolation) -> None:
    """The rules' message beside the field it names (a form of one field: beside that
    field), else above the form."""
    field = violation.field if violation.field in form.fields else None
    if field is None and len(form.fields) == 1:
        field = next(iter(form.fields))
    form.add_error(field, violation.message)


def act_on_form(request, form: forms.Form, call: Callable[[], object], done: str) -> bool:
    """``web.act`` for a page that renders ``form`` again when the service refuses."""

    def run():
        try:
            return call()
        except RuleViolation as violation:
            _add_refusal(form, violation)
            raise

    return act(request, run, done)


def keep(request, name: str, form: forms.Form, violation: RuleViolation | None = None) -> None:
    """Keep ``form`` as it was posted, under ``name``, for the page the POST redirects to."""
    data = form.data
    request.session[SESSION_KEY] = {
        "name": name,
        "data": {key: data.getlist(key) for key in form.fields if key in data},
        "refusal": [violation.field, violation.message] if violation else None,
    }


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
            _add_refusal(form, RuleViolation("", kept["refusal"][1], field=kept["refusal"][0]))
        return form
