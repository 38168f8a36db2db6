"""The decision page of one opening and its actions (A8 tie break, A9 vetting, A10 the
committee's ballot, A11 the unit's steps of the appointment): check access, read the form,
call one service, come back to the page. A refused form comes back as it was typed
(``kept_forms``), each error beside its field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import segno
from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.selectors import current_campaign_or_404, step_is_open
from cadrex.competition.decision import appointment as appointments_svc
from cadrex.competition.decision import paperwork, selectors
from cadrex.competition.decision import services as svc
from cadrex.competition.decision.ballot_forms import (
    BallotChoiceForm,
    BallotCountForm,
    BallotOpenForm,
    BallotPapersForm,
    named_candidates,
)
from cadrex.competition.decision.decision_forms import (
    AppointmentPrepareForm,
    PubliciseForm,
    PublishForm,
    TieBreakForm,
    VettingFixForm,
    VettingRecordForm,
)
from cadrex.competition.decision.kept_forms import PageForms, submit
from cadrex.competition.decision.models import (
    VETTING_METHODS,
    Appointment,
    BallotMode,
    BallotRound,
    BallotStatus,
    VettingCandidate,
)
from cadrex.competition.hearing import scoring as hearing_scoring
from cadrex.competition.registration.access import access_opening
from cadrex.competition.registration.models import Opening, OpeningStatus
from cadrex.rules import RuleViolation
from cadrex.rules.appointment import publicity_end
from cadrex.rules.ballot import committee_title
from cadrex.rules.schedule import Step
from cadrex.rules.shortlist import prescreen_order
from cadrex.rules.vetting import vetting_tie
from cadrex.web import act


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
        for c in opening.hearing.contestants.select_related(
            "application__cadre__unit", "application__home_unit"
        )
    }
    return [{"row": r, "c": entries[r.key]} for r in ranking], None


def _tie_to_break(opening: Opening, ranking: list[dict]) -> dict | None:
    """A8: a shared rank among the first vetting places, which the office may resolve; it
    must, before the vetting, when it straddles the cut (``rules.vetting.vetting_tie``)."""
    if not ranking or opening.vetting.exists():
        return None
    tie = vetting_tie(
        [r["row"] for r in ranking], seats=opening.seats, policy=opening.campaign.policy
    )
    if tie is None:
        return None
    return {
        "rank": tie.rank,
        "blocking": tie.blocking,
        "rows": [r for r in ranking if r["row"].rank == tie.rank],
    }


# ------------------------------------------------------------------ the page


def _ballot_forms(request, form, ballot: BallotRound) -> None:
    """A10: the forms of an open round: its papers, or its secret count and terminal."""
    if ballot.mode == BallotMode.COUNTED:
        ballot.papers_form = form(
            f"ballot_papers_{ballot.pk}",
            BallotPapersForm,
            present=ballot.present,
            candidates=named_candidates(ballot.candidates, ballot.lines),
            initial={"ballot": ballot.pk},
        )
        return
    ballot.roll = list(ballot.voters.all())
    ballot.cast = sum(int(n) for n in ballot.box.values())
    ballot.count_form = form(
        f"ballot_count_{ballot.pk}",
        BallotCountForm,
        auto_id=f"%s_{ballot.pk}",
        initial={"ballot": ballot.pk},
    )
    # The terminal link is for the room's device and the unit that set the meeting up; it
    # votes for nobody without the supervisor's PIN (ADR 0008).
    if request.user.role in UNIT_ROLES:
        url = request.build_absolute_uri(reverse("ballot_page", args=[ballot.terminal_token]))
        ballot.terminal = {
            "url": url,
            "qr": mark_safe(segno.make(url).svg_inline(scale=3)),
            "claimed": bool(ballot.terminal_device),
            "form": BallotChoiceForm(auto_id=False, initial={"ballot": ballot.pk}),
        }


def _ballot_rounds(request, opening: Opening, form) -> list[BallotRound]:
    rounds = list(opening.ballots.order_by("round"))
    names = paperwork.candidate_names(rounds)
    for ballot in rounds:
        ballot.lines = paperwork.ballot_lines(ballot, names)
        if ballot.status == BallotStatus.OPEN:
            _ballot_forms(request, form, ballot)
    return rounds


def _vetting_rows(opening: Opening, form, today) -> list[VettingCandidate]:
    rows = list(
        opening.vetting.select_related("application__cadre__unit", "application__home_unit")
    )
    for row in rows:
        if not row.opinion:
            row.form = form(
                f"vetting_record_{row.pk}",
                VettingRecordForm,
                auto_id=f"id_%s_{row.pk}",
                initial={"candidate": row.pk, "vetted_on": today},
            )
    return rows


def _tie_form(tie: dict | None, form) -> None:
    if tie is None:
        return
    names = {int(r["row"].key): r["c"].application.cadre.name for r in tie["rows"]}
    tie["form"] = form(
        "tie_break",
        TieBreakForm,
        names=names,
        initial={"rank": tie["rank"], "tied": list(names)},
    )


def _appointment_forms(opening: Opening, appointment, form, today, policy) -> dict:
    """A11: the unit's forms for the appointment's next step."""
    prepared = (
        {"proposed_post": appointment.proposed_post, "reason": appointment.reason}
        if appointment
        else {}
    )
    return {
        "prepare_form": form(
            "appointment_prepare",
            AppointmentPrepareForm,
            default_post=f"{opening.unit.name}{opening.post_name}",
            initial=prepared,
        ),
        "publicise_form": form(
            "appointment_publicise",
            PubliciseForm,
            today=today,
            working_days=policy.publicity_working_days,
            # A11: the end a publicity starting today would have, on the holiday calendar.
            default_end=publicity_end(today, policy=policy, calendar=work_calendar()),
            initial={"start": today},
        ),
        "publish_form": form("appointment_publish", PublishForm, initial={"on": today}),
    }


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def decision(request, pk: int):
    campaign = current_campaign_or_404()
    opening = access_opening(request.user, pk, campaign=campaign, read=True)
    form, today = PageForms(request, opening), timezone.localdate()
    ranking, not_ready = _ranking_rows(opening)
    rounds = _ballot_rounds(request, opening, form)
    tie = _tie_to_break(opening, ranking)
    _tie_form(tie, form)
    appointment = getattr(opening, "appointment", None)
    return render(
        request,
        "competition/decision.html",
        {
            "opening": opening,
            "ranking": ranking,
            "not_ready": not_ready,
            "fix_form": form("vetting_fix", VettingFixForm),
            "vetting": _vetting_rows(opening, form, today),
            "methods": VETTING_METHODS,
            "ballots": rounds,
            "open_form": form(
                "ballot_open",
                BallotOpenForm,
                initial={"committee": _committee(opening.unit), "held_on": today},
            ),
            "appointment": appointment,
            "policy": campaign.policy,
            "tie": tie,
            # A10: once a round has elected, no new round is offered (it would be refused).
            "decided": any(b.status == BallotStatus.DECIDED for b in rounds),
            "ballot_open_now": step_is_open(campaign, Step.BALLOT),
            **_appointment_forms(opening, appointment, form, today, campaign.policy),
        },
    )


# ------------------------------------------------------------------ the actions


def _committee(unit) -> str:
    return f"{unit.name}{committee_title(unit.kind, unit.name)}"


def _opening(request, pk: int) -> Opening:
    return access_opening(request.user, pk, campaign=current_campaign_or_404())


@require_POST
@role_required(Role.OFFICE)
def tie_break(request, pk: int):
    """A8: the office orders the contestants sharing a rank, with a written reason."""
    opening = _opening(request, pk)
    hearing = getattr(opening, "hearing", None)
    if hearing is None:
        raise Http404("该职位没有公开竞岗。")
    names = dict(hearing.contestants.values_list("application_id", "application__cadre__name"))
    form = TieBreakForm(request.POST, names=names)
    return submit(
        request,
        opening,
        "tie_break",
        form,
        rule="A8",
        call=lambda data: hearing_scoring.tie_break(
            actor=request.user,
            hearing=hearing,
            at=data["rank"] or 0,
            order=prescreen_order(form.places(), rule="A8", complete=True),
            reason=data["reason"],
        ),
        done="已确定并列名次，并记录理由。",
    )


@require_POST
@role_required(*UNIT_ROLES)
def vetting_record(request, pk: int):
    opening = _opening(request, pk)
    form = VettingRecordForm(request.POST)
    form.is_valid()  # the id first: another opening's candidate is not found (404)
    candidate = get_object_or_404(
        VettingCandidate, pk=form.cleaned_data.get("candidate"), opening=opening
    )
    return submit(
        request,
        opening,
        f"vetting_record_{candidate.pk}",
        form,
        rule="A9",
        call=lambda data: svc.vetting_record(
            actor=request.user,
            candidate=candidate,
            methods=data["methods"],
            findings=data["findings"],
            opinion=data["opinion"],
            vetted_on=data["vetted_on"],
        ),
        done="已记录考察情况。",
    )


@require_POST
@role_required(Role.UNIT_LEADER)
def appointment_submit(request, pk: int):
    opening = _opening(request, pk)
    act(
        request,
        lambda: appointments_svc.appointment_submit(
            actor=request.user, appointment=_appointment(opening)
        ),
        "已报市委组织部审核。",
    )
    return redirect("competition:decision", pk=opening.pk)


@dataclass(frozen=True)
class FormStep:
    """One step of the decision page that is a form → one service → back to the page."""

    form: type[forms.Form]
    rule: str
    done: str
    call: Callable[[object, Opening, dict], object]  # (request, opening, cleaned data)


# The unit's steps that need nothing but the posted form (D1: one shape, one table).
FORM_STEPS = {
    "vetting_fix": FormStep(
        VettingFixForm,
        "A9",
        "已确定考察对象。",
        lambda request, opening, data: svc.vetting_fix(
            actor=request.user,
            opening=opening,
            chosen=data["chosen"] or None,
            reason=data["reason"],
        ),
    ),
    "appointment_prepare": FormStep(
        AppointmentPrepareForm,
        "A11",
        "已生成任免审批材料。",
        lambda request, opening, data: appointments_svc.appointment_prepare(
            actor=request.user,
            opening=opening,
            reason=data["reason"],
            proposed_post=data["proposed_post"],
        ),
    ),
    "appointment_publicise": FormStep(
        PubliciseForm,
        "A11",
        "已发布任前公示。",
        lambda request, opening, data: appointments_svc.appointment_publicise(
            actor=request.user,
            appointment=_appointment(opening),
            start=data["start"],
            end=data["end"],
        ),
    ),
    "appointment_publish": FormStep(
        PublishForm,
        "A11",
        "已发文任职，干部名册已更新。",
        lambda request, opening, data: appointments_svc.appointment_publish(
            actor=request.user, appointment=_appointment(opening), on=data["on"]
        ),
    ),
}


def _form_step_view(name: str):
    """The view of ``FORM_STEPS[name]``: POST only, for the unit's operators and leaders."""
    step = FORM_STEPS[name]

    @require_POST
    @role_required(*UNIT_ROLES)
    def view(request, pk: int):
        opening = _opening(request, pk)
        return submit(
            request,
            opening,
            name,
            step.form(request.POST),
            rule=step.rule,
            call=lambda data: step.call(request, opening, data),
            done=step.done,
        )

    view.__name__ = view.__qualname__ = name
    return view


vetting_fix = _form_step_view("vetting_fix")
appointment_prepare = _form_step_view("appointment_prepare")
appointment_publicise = _form_step_view("appointment_publicise")
appointment_publish = _form_step_view("appointment_publish")
