"""A10 the secret ballot's voting terminal (ADR 0008): one page on the room's device, no
login. The supervisor claims it with a PIN, hands out one ballot per member present, and
each member marks theirs; nothing on it ever shows who marked what."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.competition.decision import secret_ballot as svc
from cadrex.competition.decision.models import BallotMode, BallotRound
from cadrex.competition.decision.paperwork import ballot_lines
from cadrex.competition.registration.access import access_opening
from cadrex.rules import RuleViolation
from cadrex.web import act

COOKIE = "cadrex_terminal_{}"


def _secret(request, ballot: BallotRound | None) -> str | None:
    return request.COOKIES.get(COOKIE.format(ballot.pk)) if ballot else None


def _int(raw) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


@ensure_csrf_cookie
def terminal(request, token: str):
    ballot, state = svc.terminal_state(token, None)
    secret = _secret(request, ballot)
    ballot, state = svc.terminal_state(token, secret)
    error, new_secret, spoil = None, None, False
    if request.method == "POST" and state in ("unclaimed", "ours"):
        try:
            new_secret = _act(request, token, secret, state)
        except RuleViolation as violation:
            error, spoil = violation.message, violation.field == "confirm_spoil"
        ballot, state = svc.terminal_state(token, new_secret or secret)
    if state == "invalid":
        return render(
            request,
            "competition/juror_refused.html",
            {"message": "投票终端链接无效，或本轮票决已经结束。"},
            status=404,
        )
    context = {"ballot": ballot, "state": state, "error": error, "spoil": spoil}
    if state == "ours":
        lines = ballot_lines(ballot)
        # After a refusal the member's marks stay as they were (only on this ballot's page).
        kept = request.POST if spoil else {}
        context["candidates"] = [
            (key, line["name"], kept.get(f"m_{key}", "abstain"))
            for key, line in zip(ballot.candidates, lines, strict=True)
        ]
        context["waiting"] = ballot.voters.filter(voted=False)
        context["cast"] = sum(int(n) for n in ballot.box.values())
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


def _status(state: str) -> int:
    return 403 if state == "theirs" else 200


def _act(request, token: str, secret: str | None, state: str) -> str | None:
    post = request.POST
    if state == "unclaimed":
        return svc.terminal_claim(
            token=token, pin=post.get("pin", ""), pin_again=post.get("pin_again", "")
        )
    if post.get("step") == "issue":
        svc.ballot_issue(
            token=token, secret=secret, voter_id=_int(post.get("voter")), pin=post.get("pin", "")
        )
    elif post.get("step") == "cast":
        marks = {str(c): post.get(f"m_{c}", "abstain") for c in svc.candidates_of(token)}
        svc.ballot_cast(
            token=token,
            secret=secret,
            marks=marks,
            confirm_spoil=post.get("confirm_spoil") == "on",
        )
    return None


@require_POST
@role_required(*UNIT_ROLES)
def terminal_reset(request, pk: int):
    opening = access_opening(request.user, pk, campaign=current_campaign_or_404())
    ballot = opening.ballots.filter(pk=_int(request.POST.get("ballot")), mode=BallotMode.SECRET)
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
