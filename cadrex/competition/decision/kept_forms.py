"""The decision page's refused forms, kept in the session for the page a POST redirects to
(``cadrex.kept_forms``): what the committee or the unit typed, each error beside its field.
A kept form carries its opening's id, so another opening's page never shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.shortcuts import redirect

from cadrex.competition.registration.models import Opening
from cadrex.kept_forms import Keeper

KEEPER = Keeper("decision_kept_form")


def kept_name(opening: Opening, name: str) -> str:
    """A kept form belongs to one opening's page: another opening's page never shows it."""
    return f"{opening.pk}:{name}"


class PageForms:
    """The forms of one opening's decision page, each fresh or (the one a refused POST
    kept) as it was typed: ``forms("ballot_open", BallotOpenForm, initial=…)``."""

    def __init__(self, request, opening: Opening):
        self.kept, self.opening = KEEPER.page(request), opening

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
        KEEPER.act_keeping(request, kept, form, lambda: call(form.cleaned_data), done)
    else:
        KEEPER.refuse_form(request, kept, form, rule)
    return redirect("competition:decision", pk=opening.pk)
