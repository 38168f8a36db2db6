"""The decision page of one opening and its actions (A8 tie break, A9 vetting, A10 the
committee's ballot, A11 the unit's steps of the appointment): check access, call one
service, come back to the page."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import current_campaign_or_404, step_is_open
from cadrex.competition.decision import appointment as appointments_svc
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import paperwork, selectors
from cadrex.competition.decision import services as svc
from cadrex.competition.decision.forms import posted_date, posted_int
from cadrex.competition.decision.models import (
    VETTING_METHODS,
    Appointment,
    BallotMode,
    BallotRound,
    BallotStatus,
    VettingCandidate,
    VettingOpinion,
)
from cadrex.competition.hearing import scoring as hearing_scoring
from cadrex.competition.registration.access import access_opening
from cadrex.competition.registration.models import Opening, OpeningStatus
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.rules.scoring import tie_that_matters
from cadrex.rules.shortlist import prescreen_order
from cadrex.rules.vetting import vetting_size
from cadrex.web import act, as_ids, refuse


def _appointment(opening: Opening) -> Appointment:
    appointment = Appointment.objects.filter(opening=opening).first()
    if appointment is None:
        raise RuleViolation("A11", "尚未生成任免审批材料。")
    return appointment


@role_required(Role.OFFICE, *UNIT_ROLES)
def decisions(request):
    """Each competed opening and how far it has come from the hearing to the appointment."""
    campaign = current_campaign_or_404()
    openings = Opening.objects.filter(
        campaign=campaign, status=OpeningStatus.PUBLISHED, hearing__isnull=False
    )
    if request.user.role in UNIT_ROLES:
        openings = openings.filter(unit=request.user.unit)
    openings = openings.select_related("unit", "hearing", "appointment").prefetch_related(
        "vetting", "ballots"
    )
    return render(request, "competition/decisions.html", {"openings": openings})


def _ranking_rows(opening: Opening) -> tuple[list, str | None]:
    try:
        ranking = selectors.hearing_ranking(opening)
    except RuleViolation as violation:
        return [], violation.message
    entries = {
        str(c.application_id): c
        for c in opening.hearing.contestants.select_related("application__cadre__unit")
    }
    return [{"row": r, "c": entries[r.key]} for r in ranking], None


def _tie_to_break(opening: Opening, ranking: list[dict]) -> dict | None:
    """A8: a shared rank among the first vetting places, which the office may resolve; it
    must, before the vetting, when it straddles the cut (``rules.scoring.tie_that_matters``)."""
    if not ranking or opening.vetting.exists():
        return None
    rows = [r["row"] for r in ranking]
    cut = vetting_size(len(rows), opening.seats, opening.campaign.policy)
    shared = sorted({r.rank for r in rows if r.tied and r.rank <= cut})
    if not shared:
        return None
    at = shared[0]
    return {
        "rank": at,
        "blocking": tie_that_matters(rows, cut) == at,
        "rows": [r for r in ranking if r["row"].rank == at],
    }


@require_POST
@role_required(Role.OFFICE)
def tie_break(request, pk: int):
    """A8: the office orders the contestants sharing a rank, with a written reason."""
    opening = access_opening(request.user, pk, campaign=current_campaign_or_404())
    hearing = getattr(opening, "hearing", None)
    if hearing is None:
        raise Http404("该职位没有公开竞岗。")
    keys = [str(k) for k in as_ids(request.POST.getlist("tied"))]
    names = dict(
        hearing.contestants.filter(application_id__in=[int(k) for k in keys]).values_list(
            "application_id", "application__cadre__name"
        )
    )
    places = [(k, names.get(int(k), k), request.POST.get(f"place_{k}", "")) for k in keys]
    act(
        request,
        lambda: hearing_scoring.tie_break(
            actor=request.user,
            hearing=hearing,
            at=posted_int(request.POST.get("rank")) or 0,
            order=prescreen_order(places, rule="A8", complete=True),
            reason=request.POST.get("reason", ""),
        ),
        "已确定并列名次，并记录理由。",
    )
    return redirect("competition:decision", pk=opening.pk)


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def decision(request, pk: int):
    campaign = current_campaign_or_404()
    opening = access_opening(request.user, pk, campaign=campaign, read=True)
    ranking, not_ready = _ranking_rows(opening)
    ballots = list(opening.ballots.order_by("round"))
    names = paperwork.candidate_names(ballots)
    for ballot in ballots:
        ballot.lines = paperwork.ballot_lines(ballot, names)
        if ballot.mode == BallotMode.SECRET and ballot.status == BallotStatus.OPEN:
            ballot.roll = list(ballot.voters.all())
            ballot.cast = sum(int(n) for n in ballot.box.values())
            # The terminal link is for the room's device and the unit that set the meeting
            # up; it votes for nobody without the supervisor's PIN (ADR 0008).
            if request.user.role in UNIT_ROLES:
                url = request.build_absolute_uri(
                    reverse("ballot_page", args=[ballot.terminal_token])
                )
                ballot.terminal = {
                    "url": url,
                    "qr": mark_safe(segno.make(url).svg_inline(scale=3)),
                    "claimed": bool(ballot.terminal_device),
                }
    return render(
        request,
        "competition/decision.html",
        {
            "opening": opening,
            "ranking": ranking,
            "not_ready": not_ready,
            "vetting": list(opening.vetting.select_related("application__cadre__unit")),
            "methods": VETTING_METHODS,
            "opinions": [(v, label) for v, label in VettingOpinion.choices if v],
            "ballots": ballots,
            "modes": BallotMode.choices,
            "appointment": getattr(opening, "appointment", None),
            "policy": campaign.policy,
            "today": timezone.localdate(),
            "paper_rows": range(
                max((b.present for b in ballots if b.status == BallotStatus.OPEN), default=0)
            ),
            "tie": _tie_to_break(opening, ranking),
            # A10: once a round has elected, no new round is offered (it would be refused).
            "decided": any(b.status == BallotStatus.DECIDED for b in ballots),
            "ballot_open_now": step_is_open(campaign, Step.BALLOT),
        },
    )


def _act(request, pk: int, action, *, done: str = "已保存。"):
    opening = access_opening(request.user, pk, campaign=current_campaign_or_404())
    try:
        action(opening)
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, done)
    return redirect("competition:decision", pk=opening.pk)


@require_POST
@role_required(*UNIT_ROLES)
def vetting_fix(request, pk: int):
    chosen = as_ids(request.POST.getlist("chosen")) or None
    return _act(
        request,
        pk,
        lambda o: svc.vetting_fix(
            actor=request.user, opening=o, chosen=chosen, reason=request.POST.get("reason", "")
        ),
        done="已确定考察对象。",
    )


@require_POST
@role_required(*UNIT_ROLES)
def vetting_record(request, pk: int):
    def act(opening):
        candidate = get_object_or_404(
            VettingCandidate, pk=posted_int(request.POST.get("candidate")), opening=opening
        )
        svc.vetting_record(
            actor=request.user,
            candidate=candidate,
            methods=request.POST.getlist("methods"),
            findings=request.POST.get("findings", ""),
            opinion=request.POST.get("opinion", ""),
            vetted_on=posted_date(request.POST.get("vetted_on")),
        )

    return _act(request, pk, act, done="已记录考察情况。")


@require_POST
@role_required(*UNIT_ROLES)
def ballot_open(request, pk: int):
    post = request.POST

    def act(opening):
        ballot = ballots.ballot_open(
            actor=request.user,
            opening=opening,
            held_on=posted_date(post.get("held_on")),
            committee=post.get("committee", ""),
            expected=posted_int(post.get("expected")),
            present=posted_int(post.get("present")),
            mode=post.get("mode", ""),
            members=post.get("members", ""),
            on_leave=post.get("on_leave", ""),
            supervisor=post.get("supervisor", ""),
            counter=post.get("counter", ""),
            voters=[line for line in post.get("voters", "").splitlines() if line.strip()],
        )
        if ballot.status == BallotStatus.NO_QUORUM:  # A10: recorded, decides nothing
            raise _NoQuorum(ballot)

    opening = access_opening(request.user, pk, campaign=current_campaign_or_404())
    try:
        act(opening)
    except _NoQuorum as recorded:
        b = recorded.ballot
        messages.warning(
            request,
            f"应到会{b.expected}人，实到会{b.present}人，不足三分之二。第{b.round}轮已记录为"
            "“到会不足三分之二，未进行票决”，不作决定；请另行召开会议重新票决。",
        )
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, "已开始本轮票决。")
    return redirect("competition:decision", pk=opening.pk)


class _NoQuorum(Exception):  # noqa: N818 — not an error: the outcome to report
    def __init__(self, ballot):
        self.ballot = ballot


@require_POST
@role_required(*UNIT_ROLES)
def ballot_papers(request, pk: int):
    def act(opening):
        ballot = get_object_or_404(
            BallotRound, pk=posted_int(request.POST.get("ballot")), opening=opening
        )
        papers = []
        for i in range(ballot.present):
            marks = {c: request.POST.get(f"p{i}_{c}", "") for c in ballot.candidates}
            if request.POST.get(f"p{i}_returned") == "on":
                papers.append({c: m for c, m in marks.items() if m})
        ballots.ballot_enter_papers(actor=request.user, ballot=ballot, papers=papers)
        ballots.ballot_count(actor=request.user, ballot=ballot)

    return _act(request, pk, act, done="选票已录入并计票。")


@require_POST
@role_required(*UNIT_ROLES)
def ballot_count(request, pk: int):
    def act(opening):
        ballot = get_object_or_404(
            BallotRound, pk=posted_int(request.POST.get("ballot")), opening=opening
        )
        ballots.ballot_count(
            actor=request.user,
            ballot=ballot,
            confirm_unvoted=request.POST.get("confirm_unvoted") == "on",
            unvoted_note=request.POST.get("unvoted_note", ""),
        )

    return _act(request, pk, act, done="已计票。")


@require_POST
@role_required(*UNIT_ROLES)
def appointment_prepare(request, pk: int):
    return _act(
        request,
        pk,
        lambda o: appointments_svc.appointment_prepare(
            actor=request.user,
            opening=o,
            reason=request.POST.get("reason", ""),
            proposed_post=request.POST.get("proposed_post", ""),
        ),
        done="已生成任免审批材料。",
    )


@require_POST
@role_required(Role.UNIT_LEADER)
def appointment_submit(request, pk: int):
    return _act(
        request,
        pk,
        lambda o: appointments_svc.appointment_submit(
            actor=request.user, appointment=_appointment(o)
        ),
        done="已报市委组织部审核。",
    )


@require_POST
@role_required(*UNIT_ROLES)
def appointment_publicise(request, pk: int):
    start, end = posted_date(request.POST.get("start")), posted_date(request.POST.get("end"))
    return _act(
        request,
        pk,
        lambda o: appointments_svc.appointment_publicise(
            actor=request.user, appointment=_appointment(o), start=start, end=end
        ),
        done="已发布任前公示。",
    )


@require_POST
@role_required(*UNIT_ROLES)
def appointment_publish(request, pk: int):
    on = posted_date(request.POST.get("on"))
    return _act(
        request,
        pk,
        lambda o: appointments_svc.appointment_publish(
            actor=request.user, appointment=_appointment(o), on=on
        ),
        done="已发文任职，干部名册已更新。",
    )
