"""After the committee's decision: the appointment package's forms (A9–A11), the
orgdept's review and the probation (A11), headcounts and the unit's own adjustment (A12),
talks with unsuccessful contestants (C4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.headcount import current_headcount, frozen_headcount, headcount_rows
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.competition.decision import appointment as appointments_svc
from cadrex.competition.decision import paperwork, selectors
from cadrex.competition.decision import services as svc
from cadrex.competition.decision.appointment_forms import (
    AdjustmentForm,
    AppointmentReviewForm,
    FormDetailsForm,
    ProbationConclusionForm,
    StageForm,
    TalkForm,
)
from cadrex.competition.decision.kept_forms import KEEPER
from cadrex.competition.decision.models import (
    Adjustment,
    Appointment,
    AppointmentStatus,
    BallotRound,
    Probation,
)
from cadrex.competition.registration.access import access_opening
from cadrex.documents.appointment_form import (
    appointment_form_docx,
    appointment_form_lrmx,
    appointment_form_pdf,
)
from cadrex.documents.ballot_summary import ballot_summary_pdf, ballot_summary_xlsx
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import DOCX, PDF, XLSX, download
from cadrex.documents.vetting_record import vetting_record_pdf as vetting_record_pdf_render
from cadrex.registry.models import Cadre


def _appointment_of(request, pk: int) -> Appointment:
    """The unit's own appointment, or any for the office and the orgdept reviewer."""
    qs = Appointment.objects.select_related(
        "opening__unit", "opening__campaign", "application__cadre__unit"
    )
    if request.user.role in UNIT_ROLES:
        qs = qs.filter(opening__unit_id=request.user.unit_id)
    return get_object_or_404(qs, pk=pk)


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def appointment_form(request, pk: int, fmt: str):
    appointment = _appointment_of(request, pk)
    name = f"干部任免审批表_{appointment.application.cadre.name}"
    # ADR 0007: the office and the orgdept that approves it read the full ID number.
    full = request.user.role in (Role.OFFICE, Role.ORGDEPT)
    form = paperwork.approval_form(appointment, full_id=full)
    if fmt == "docx":
        return download(appointment_form_docx(form), f"{name}.docx", DOCX)
    if fmt == "lrmx":
        return download(appointment_form_lrmx(form), f"{name}.lrmx", "application/xml")
    try:
        content = appointment_form_pdf(form)
        return download(content, f"{name}.pdf", PDF, inline=True)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("home")


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def ballot_summary(request, pk: int, fmt: str):
    qs = BallotRound.objects.select_related("opening__unit")
    if request.user.role in UNIT_ROLES:
        qs = qs.filter(opening__unit_id=request.user.unit_id)
    ballot = get_object_or_404(qs, pk=pk)
    name = f"票决情况汇总表_{ballot.opening.unit.name}{ballot.opening.post_name}_第{ballot.round}轮"
    summary = paperwork.ballot_summary(ballot)
    if fmt == "xlsx":
        return download(ballot_summary_xlsx(summary), f"{name}.xlsx", XLSX)
    try:
        return download(ballot_summary_pdf(summary), f"{name}.pdf", PDF, inline=True)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("home")


# ------------------------------------------------------------------ the forms


def _submit(request, name: str, form: StageForm, *, call: Callable[[dict], object], done, to):
    """A form → one service → back to the page ``to`` (post/redirect/get: the status codes
    and messages scripts have always seen). A refused form, of the wrong shape or refused by
    the rules, is kept under ``name``: the page shows it again as typed."""
    if form.is_valid():
        KEEPER.act_keeping(request, name, form, lambda: call(form.cleaned_data), done)
    else:
        KEEPER.refuse_form(request, name, form, form.rule)
    return redirect(to)


def _name_of(appointment: Appointment) -> str:
    return appointment.application.cadre.name


# ------------------------------------------------------------------ the unit's form details


def _details_initial(appointment: Appointment) -> dict:
    initial = {"resume": appointment.resume or appointment.application.cadre.resume}
    for i, m in enumerate(appointment.family.all()):
        for key in ("relation", "name", "born", "politics", "work"):
            initial[f"m{i}_{key}"] = getattr(m, key)
    return initial


@role_required(*UNIT_ROLES)
def appointment_details(request, pk: int):
    """A11: the appointing unit's 简历 and family members for its approval form; editable
    while the package is being prepared or has been returned."""
    appointment = _appointment_of(request, pk)
    here = reverse("competition:appointment_details", args=[appointment.pk])
    name = f"details:{appointment.pk}"
    if request.method == "POST":
        return _submit(
            request,
            name,
            FormDetailsForm(request.POST),
            call=lambda data: appointments_svc.appointment_form_details_update(
                actor=request.user, appointment=appointment, **data
            ),
            done="已保存简历和家庭成员，将印在《干部任免审批表》上。",
            to=here,
        )
    form = KEEPER.page(request).form(name, FormDetailsForm, initial=_details_initial(appointment))
    return render(
        request,
        "competition/appointment_details.html",
        {
            "appointment": appointment,
            "form": form,
            "editable": appointment.status in appointments_svc.EDITABLE,
        },
    )


# ------------------------------------------------------------------ orgdept


@role_required(Role.ORGDEPT, Role.OFFICE)
def appointments(request):
    campaign = current_campaign_or_404()
    rows = list(
        Appointment.objects.filter(opening__campaign=campaign)
        .select_related("opening__unit", "opening__hearing", "application__cadre__unit")
        .prefetch_related("opening__ballots")  # one query for every row's last round
        .order_by("status", "opening__unit__code")
    )
    for a in rows:  # the round whose summary the row links to (ordered by round)
        a.last_ballot = ([None, *a.opening.ballots.all()])[-1]
    probations = list(
        Probation.objects.filter(appointment__opening__campaign=campaign).select_related(
            "appointment__application__cadre", "appointment__opening__unit"
        )
    )
    if request.user.is_orgdept:  # a form in each row waiting for the orgdept's word
        kept = KEEPER.page(request)
        for a in rows:
            if a.status == AppointmentStatus.SUBMITTED:
                a.form = kept.form(f"review:{a.pk}", AppointmentReviewForm, who=_name_of(a))
        for p in probations:
            if not p.outcome:
                p.form = kept.form(
                    f"probation:{p.pk}", ProbationConclusionForm, who=_name_of(p.appointment)
                )
    soon = timezone.localdate() + timedelta(days=30)
    return render(
        request,
        "competition/appointments.html",
        {
            "appointments": rows,
            "ending": [p for p in probations if not p.outcome and p.end <= soon],
            "probations": probations,
            "soon": soon,
        },
    )


@require_POST
@role_required(Role.ORGDEPT)
def appointment_review(request, pk: int):
    appointment = get_object_or_404(Appointment, pk=pk, opening__campaign=current_campaign_or_404())
    form = AppointmentReviewForm(request.POST)
    who = appointment.application.cadre.name
    approved = form.is_valid() and form.cleaned_data["approve"]
    return _submit(
        request,
        f"review:{appointment.pk}",
        form,
        call=lambda data: appointments_svc.appointment_review(
            actor=request.user, appointment=appointment, **data
        ),
        done=(
            f"已审核通过{who}的任职材料，单位可发布任前公示。"
            if approved
            else f"已退回{who}的任职材料，单位可修改后重新报送。"
        ),
        to="competition:appointments",
    )


@require_POST
@role_required(Role.ORGDEPT)
def probation_conclude(request, pk: int):
    probation = get_object_or_404(
        Probation, pk=pk, appointment__opening__campaign=current_campaign_or_404()
    )
    return _submit(
        request,
        f"probation:{probation.pk}",
        ProbationConclusionForm(request.POST),
        call=lambda data: appointments_svc.probation_conclude(
            actor=request.user, probation=probation, **data
        ),
        done="已记录试用期结论。",
        to="competition:appointments",
    )


# ------------------------------------------------------------------ A12, C4


@role_required(Role.OFFICE, Role.ORGDEPT)
def headcounts(request):
    rows = headcount_rows(current_campaign_or_404())
    return render(
        request,
        "competition/headcounts.html",
        {"rows": rows, "over": [r for r in rows if r["over"]]},
    )


@role_required(*UNIT_ROLES)
def adjustments(request):
    campaign = current_campaign_or_404()
    unit = request.user.unit
    cadres = Cadre.objects.filter(unit=unit).select_related("middle_level_post").order_by("name")
    if request.method == "POST":
        return _submit(
            request,
            "adjustment",
            AdjustmentForm(request.POST, cadres=cadres),
            call=lambda data: svc.adjustment_record(
                actor=request.user, campaign=campaign, unit=unit, **data
            ),
            done="已记录本单位调整。",
            to="competition:adjustments",
        )
    before, current = frozen_headcount(campaign, unit), current_headcount(unit)
    return render(
        request,
        "competition/adjustments.html",
        {
            "unit": unit,
            "before": before,
            "current": current,
            "over": max(0, current - before),
            "history": Adjustment.objects.filter(campaign=campaign, unit=unit).select_related(
                "cadre"
            ),
            "form": KEEPER.page(request).form("adjustment", AdjustmentForm, cadres=cadres),
        },
    )


@role_required(*UNIT_ROLES)
def talks(request):
    """C4: everyone not appointed with their talks so far; another talk can be added to any
    of them (those not yet talked to come first, and are the home page's to-do)."""
    campaign = current_campaign_or_404()
    listed = selectors.contestants_not_appointed(request.user.unit, campaign)
    if request.method == "POST":
        form = TalkForm(request.POST, listed=listed)
        return _submit(
            request,
            f"talk:{form.row()}",
            form,
            call=lambda data: svc.talk_record(
                actor=request.user,
                application=data["contestant"].application,
                talked_on=data["talked_on"],
                by=data["by"],
                note=data["note"],
            ),
            done="已记录谈心谈话。",
            to="competition:talks",
        )
    rows = selectors.talk_rows(request.user.unit, campaign)
    kept, today = KEEPER.page(request), timezone.localdate()
    for c in rows:
        c.form = kept.form(
            f"talk:{c.pk}",
            TalkForm,
            listed=listed,
            who=c.application.cadre.name,
            initial={"contestant": c.pk, "talked_on": today},
        )
    pending = [c for c in rows if not c.talks]
    return render(request, "competition/talks.html", {"people": rows, "pending": pending})


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def vetting_record_pdf(request, pk: int):
    """A9: the vetting record, part of the appointment package."""
    opening = access_opening(request.user, pk, campaign=current_campaign_or_404(), read=True)
    try:
        content = vetting_record_pdf_render(paperwork.vetting_record(opening))
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("competition:decision", pk=opening.pk)
    return download(
        content, f"考察材料_{opening.unit.name}{opening.post_name}.pdf", PDF, inline=True
    )
