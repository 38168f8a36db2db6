"""A10 the committee's ballot on the decision page: a round opened at a meeting, its paper
ballots typed in and counted, a secret round counted. Each reads its form, calls the
service (``ballot``: the quorum and the count are ``rules.ballot``'s), and comes back to the
page; a refused form comes back as it was typed (``kept_forms``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import paperwork
from cadrex.competition.decision.ballot_forms import (
    BallotChoiceForm,
    BallotCountForm,
    BallotOpenForm,
    BallotPapersForm,
    named_candidates,
)
from cadrex.competition.decision.kept_forms import KEEPER, kept_name, submit
from cadrex.competition.decision.models import BallotRound, BallotStatus
from cadrex.competition.registration.access import access_opening
from cadrex.competition.registration.models import Opening
from cadrex.rules import RuleViolation
from cadrex.web import refuse


def _opening(request, pk: int) -> Opening:
    return access_opening(request.user, pk, campaign=current_campaign_or_404())


@require_POST
@role_required(*UNIT_ROLES)
def ballot_open(request, pk: int):
    """A10: a round at a meeting. Without quorum it is recorded and decides nothing: that
    is an outcome to report, not a refusal (the next meeting is the next round)."""
    opening = _opening(request, pk)
    form = BallotOpenForm(request.POST)
    if not form.is_valid():
        KEEPER.refuse_form(request, kept_name(opening, "ballot_open"), form, "A10")
        return redirect("competition:decision", pk=opening.pk)
    try:
        ballot = ballots.ballot_open(actor=request.user, opening=opening, **form.meeting())
    except RuleViolation as violation:
        KEEPER.keep(request, kept_name(opening, "ballot_open"), form, violation)
        refuse(request, violation)
    else:
        if ballot.status == BallotStatus.NO_QUORUM:
            messages.warning(
                request,
                f"应到会{ballot.expected}人，实到会{ballot.present}人，不足三分之二。"
                f"第{ballot.round}轮已记录为“到会不足三分之二，未进行票决”，不作决定；"
                "请另行召开会议重新票决。",
            )
        else:
            messages.success(request, "已开始本轮票决。")
    return redirect("competition:decision", pk=opening.pk)


def _posted_round(request, opening: Opening) -> BallotRound:
    """The round a form names (``ballot``), of this opening, or 404."""
    form = BallotChoiceForm(request.POST)
    form.is_valid()
    return get_object_or_404(BallotRound, pk=form.cleaned_data.get("ballot"), opening=opening)


@require_POST
@role_required(*UNIT_ROLES)
def ballot_papers(request, pk: int):
    opening = _opening(request, pk)
    ballot = _posted_round(request, opening)
    named = named_candidates(ballot.candidates, paperwork.ballot_lines(ballot))
    form = BallotPapersForm(request.POST, present=ballot.present, candidates=named)

    return submit(
        request,
        opening,
        f"ballot_papers_{ballot.pk}",
        form,
        rule="A10",
        call=lambda _data: ballots.ballot_enter_and_count(
            actor=request.user, ballot=ballot, papers=form.papers()
        ),
        done="选票已录入并计票。",
    )


@require_POST
@role_required(*UNIT_ROLES)
def ballot_count(request, pk: int):
    opening = _opening(request, pk)
    ballot = _posted_round(request, opening)
    return submit(
        request,
        opening,
        f"ballot_count_{ballot.pk}",
        BallotCountForm(request.POST),
        rule="A10",
        call=lambda data: ballots.ballot_count(
            actor=request.user,
            ballot=ballot,
            confirm_unvoted=data["confirm_unvoted"],
            unvoted_note=data["unvoted_note"],
        ),
        done="已计票。",
    )
