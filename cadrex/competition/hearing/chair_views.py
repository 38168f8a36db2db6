"""A8 the chair's live page: open and close each contestant's scoring, the office's paper
sheets and voided sheets, the results and the score summary."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.competition.hearing import paperwork, scoring, selectors
from cadrex.competition.hearing.access import access_hearing
from cadrex.competition.hearing.forms import (
    ContestantForm,
    PaperForm,
    VoidForm,
)
from cadrex.competition.hearing.models import (
    Hearing,
    HearingContestant,
    Juror,
    Jury,
    Score,
    ScoringState,
)
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import PDF, XLSX, download
from cadrex.documents.score_summary import score_summary_pdf, score_summary_xlsx
from cadrex.kept_forms import act_on_form, flash_errors
from cadrex.rules import RuleViolation
from cadrex.web import act, refuse

# ------------------------------------------------------------------ the chair


def _void_form(data=None) -> VoidForm:
    return VoidForm(data, auto_id="void_%s")


def _paper_form(data=None) -> PaperForm:
    return PaperForm(data, auto_id="paper_%s")


def _chair_context(hearing: Hearing, void_form=None, paper_form=None) -> dict:
    rows = []
    contestants = list(
        hearing.contestants.select_related("application__cadre__unit", "application__home_unit")
    )
    panels = selectors.panels(hearing, contestants)  # every row's panel and scores: 3 queries
    scores = selectors.live_scores_of(contestants)
    for contestant in contestants:
        panel = panels[contestant.pk]
        leaders, staff = scores[contestant.pk]
        done = {s.juror_id for s in leaders + staff}
        row = {
            "c": contestant,
            "leaders": [(j, j.pk in done) for j in panel.leaders],
            "leaders_missing": sum(1 for j in panel.leaders if j.pk not in done),
            "staff_done": sum(1 for j in panel.staff if j.pk in done),
            "staff_total": len(panel.staff),
            "scored": leaders + staff,  # names only on the page: no score shows before close
        }
        if contestant.scoring == ScoringState.CLOSED:
            row["detail"] = paperwork.score_line(contestant, leaders + staff)
        rows.append(row)
    open_row = next((r for r in rows if r["c"].scoring == ScoringState.OPEN), None)
    context = {"hearing": hearing, "rows": rows, "open": open_row}
    if open_row is not None:  # the office's two forms for the contestant being scored
        void_form = void_form or _void_form()
        void_form.offer(open_row["scored"])
        paper_form = paper_form or _paper_form()
        paper_form.offer(
            [j for j, done in open_row["leaders"] if not done]
            + [j for j in hearing.jurors.all() if j.jury == Jury.STAFF]
        )
        context.update(void_form=void_form, paper_form=paper_form)
    return context


def _chair_page(request, hearing: Hearing, **forms):
    """The live page, or (for its own polling) the progress part alone."""
    template = "competition/hearing_chair.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, _chair_context(hearing, **forms))


def _hold(form, typed: str) -> None:
    """The page polls every 2 s while no form has the focus: a refused form takes the focus
    (its first field in error, else ``typed``, the field the office typed in) so what they
    typed stays until they move on."""
    name = next((n for n in form.errors if n in form.fields), typed)
    form.fields[name].widget.attrs["autofocus"] = True


@role_required(Role.OFFICE, Role.UNIT_LEADER)
def hearing_chair(request, pk: int):
    return _chair_page(request, access_hearing(request.user, pk, chair=True))


def _chair_action(request, pk: int, action):
    hearing = access_hearing(request.user, pk, chair=True)
    form = ContestantForm(request.POST)
    form.is_valid()  # an id that is none, or of another hearing, is not found (404)
    contestant = get_object_or_404(
        HearingContestant, pk=form.cleaned_data.get("contestant"), hearing=hearing
    )
    try:
        action(contestant)
    except RuleViolation as violation:
        refuse(request, violation)
    return redirect("competition:hearing_chair", pk=hearing.pk)


@require_POST
@role_required(Role.OFFICE, Role.UNIT_LEADER)
def scoring_open(request, pk: int):
    return _chair_action(
        request, pk, lambda c: scoring.scoring_open(actor=request.user, contestant=c)
    )


@require_POST
@role_required(Role.OFFICE, Role.UNIT_LEADER)
def scoring_close(request, pk: int):
    return _chair_action(
        request, pk, lambda c: scoring.scoring_close(actor=request.user, contestant=c)
    )


def _chair_answer(request, hearing: Hearing, name: str, form, call, done: str, typed: str):
    """A chair form's answer: back to the live page when it went through, else the page
    again with the form as typed."""
    if not form.is_valid():
        flash_errors(request, form)
    elif act_on_form(request, form, call, done):
        return redirect("competition:hearing_chair", pk=hearing.pk)
    _hold(form, typed)
    return _chair_page(request, hearing, **{name: form})


@require_POST
@role_required(Role.OFFICE)
def score_void(request, pk: int):
    hearing = access_hearing(request.user, pk)
    form = _void_form(request.POST)
    form.is_valid()  # an id that is none, or of another hearing, is not found (404)
    score = get_object_or_404(Score, pk=form.cleaned_data.get("score"), contestant__hearing=hearing)
    return _chair_answer(
        request,
        hearing,
        "void_form",
        form,
        lambda: scoring.score_void(
            actor=request.user, score=score, reason=form.cleaned_data["reason"]
        ),
        f"已作废{score.juror.name}的评分。",
        typed="reason",
    )


@require_POST
@role_required(Role.OFFICE)
def score_paper(request, pk: int):
    """Paper fallback: the office types in a juror's sheet, marked as such."""
    hearing = access_hearing(request.user, pk)
    form = _paper_form(request.POST)
    form.is_valid()  # an id that is none, or of another hearing, is not found (404)
    juror = get_object_or_404(Juror, pk=form.cleaned_data.get("juror"), hearing=hearing)
    return _chair_answer(
        request,
        hearing,
        "paper_form",
        form,
        lambda: scoring.score_submit(
            juror=juror,
            contestant_id=form.contestant_id(),
            value=form.cleaned_data["value"],
            paper=True,
            actor=request.user,
        ),
        f"已录入{juror.name}的纸质评分表。",
        typed="value",
    )


@require_POST
@role_required(Role.OFFICE)
def results_publish(request, pk: int):
    hearing = access_hearing(request.user, pk)
    act(
        request,
        lambda: scoring.results_publish(actor=request.user, hearing=hearing),
        "竞岗结果已公布。",
    )
    return redirect("competition:hearing_chair", pk=hearing.pk)


@role_required(Role.OFFICE, Role.ORGDEPT, Role.UNIT_LEADER)
def score_summary(request, pk: int, fmt: str):
    hearing = access_hearing(request.user, pk, chair=True, read=True)
    name = f"竞岗得分汇总表_{hearing.opening.unit.name}{hearing.opening.post_name}"
    summary = paperwork.score_summary(hearing)
    if fmt == "xlsx":
        return download(score_summary_xlsx(summary), f"{name}.xlsx", XLSX)
    try:
        return download(score_summary_pdf(summary), f"{name}.pdf", PDF, inline=True)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("competition:hearing_chair", pk=hearing.pk)
