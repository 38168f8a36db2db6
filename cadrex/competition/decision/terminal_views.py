"""A10 the secret ballot's voting terminal (ADR 0008): one page on the room's device, no
login. The supervisor claims it with a PIN, hands out one ballot per member present, and
each member marks theirs; nothing on it ever shows who marked what. The page answers its own
POST: after a refusal it shows the step again as it was sent (never a PIN)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.competition.decision import secret_ballot as svc
from cadrex.competition.decision.ballot_forms import (
    BallotCastForm,
    BallotChoiceForm,
    BallotIssueForm,
    TerminalClaimForm,
    TerminalStepForm,
    named_candidates,
)
from cadrex.competition.decision.models import BallotMode, BallotRound
from cadrex.competition.decision.paperwork import ballot_lines
from cadrex.competition.registration.access import access_opening
from cadrex.rules import RuleViolation
from cadrex.web import act

COOKIE = "cadrex_terminal_{}"


def _secret(request, ballot: BallotRound | None) -> str | None:
    return request.COOKIES.get(COOKIE.format(ballot.pk)) if ballot else None


STEPS = {"unclaimed": ("claim",), "ours": ("issue", "cast")}


def _form(ballot: BallotRound, step: str | None, data=None) -> forms.Form | None:
    """The form of one step, bound to ``data`` (what was sent) if given."""
    if step == "claim":
        return TerminalClaimForm(data, auto_id="%s")
    if step == "issue":
        return BallotIssueForm(data, auto_id="%s", waiting=ballot.voters.filter(voted=False))
    if step == "cast":
        named = named_candidates(ballot.candidates, ballot_lines(ballot))
        return BallotCastForm(data, auto_id="%s", candidates=named)
    return None


def _step(request, state: str) -> str | None:
    """Which form was sent: the claim, or the step the page named (``step``)."""
    if state == "unclaimed":
        return "claim"
    form = TerminalStepForm(request.POST)
    if not form.is_valid():
        return None  # a step the page never sends: nothing to do, as before
    return form.cleaned_data["step"] or None


@ensure_csrf_cookie
def terminal(request, token: str):
    ballot, state = svc.terminal_state(token, None)
    secret = _secret(request, ballot)
    ballot, state = svc.terminal_state(token, secret)
    error, new_secret, spoil, refused = None, None, False, None
    if request.method == "POST" and state in ("unclaimed", "ours"):
        step = _step(request, state)
        sent = _form(ballot, step, request.POST) if step in STEPS[state] else None
        try:
            new_secret = _act(sent, token, secret, step)
        except RuleViolation as violation:
            error, spoil = violation.message, violation.field == "confirm_spoil"
            refused = (step, sent, violation)
        ballot, state = svc.terminal_state(token, new_secret or secret)
    if state == "invalid":
        return render(
            request,
            "competition/juror_refused.html",
            {"message": "投票终端链接无效，或本轮票决已经结束。"},
            status=404,
        )
    context = {"ballot": ballot, "state": state, "error": error, "spoil": spoil}
    context.update(_page_forms(ballot, state, refused))
    response = render(request, "competition/ballot_terminal.html", context, status=_status(state))
    if new_secret:
        response.set_cookie(
            COOKIE.format(ballot.pk),
            new_secret,
            max_age=24 * 3600,
            httponly=True,
            samesite="Strict",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _page_forms(ballot: BallotRound | None, state: str, refused) -> dict:
    """The forms the page shows: fresh, except the one just refused, which comes back as it
    was sent (the member's marks, the member picked; a PIN never), its error beside the
    field it names."""
    shown = {step: _form(ballot, step) for step in STEPS.get(state, ())}
    if refused and refused[0] in shown:
        step, sent, violation = refused
        if violation.field in sent.fields and violation.field not in sent.errors:
            sent.add_error(violation.field, violation.message)  # else: the alert says it
        shown[step] = sent
    context = {f"{step}_form": form for step, form in shown.items()}
    if state == "ours":
        cast = context["cast_form"]
        context["candidates"] = [
            (key, name, cast[f"m_{key}"].value()) for key, name in cast.candidates
        ]
        context["waiting"] = ballot.voters.filter(voted=False)
        context["cast"] = sum(int(n) for n in ballot.box.values())
    return context


def _status(state: str) -> int:
    return 403 if state == "theirs" else 200


def _act(form: forms.Form | None, token: str, secret: str | None, step: str | None):
    """One step of the terminal through its service; returns a new device secret (claim)."""
    if form is None:
        return None  # no step the page knows: nothing to do
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise RuleViolation("A10", errors[0], field=name)
    data = form.cleaned_data
    if step == "claim":
        return svc.terminal_claim(token=token, pin=data["pin"], pin_again=data["pin_again"])
    if step == "issue":
        svc.ballot_issue(token=token, secret=secret, voter_id=data["voter"], pin=data["pin"])
    else:
        svc.ballot_cast(
            token=token, secret=secret, marks=form.marks(), confirm_spoil=data["confirm_spoil"]
        )
    return None


@require_POST
@role_required(*UNIT_ROLES)
def terminal_reset(request, pk: int):
    opening = access_opening(request.user, pk, campaign=current_campaign_or_404())
    form = BallotChoiceForm(request.POST)
    form.is_valid()
    ballot = opening.ballots.filter(pk=form.cleaned_data.get("ballot"), mode=BallotMode.SECRET)
    ballot = ballot.first()
    if ballot is None:
        messages.error(request, "没有该轮现场电子票决。")
    else:
        act(
            request,
            lambda: svc.terminal_reset(actor=request.user, ballot=ballot),
            "已重置投票终端：请在会场设备上打开新的终端链接，由监票人重新设置密码。",
        )
    return redirect("competition:decision", pk=opening.pk)
