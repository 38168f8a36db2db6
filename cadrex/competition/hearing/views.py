"""A8 pages: the office sets up a hearing, the chair follows it live, jurors score on phones."""

from __future__ import annotations

from datetime import datetime

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.competition.hearing import paperwork, scoring, selectors, services
from cadrex.competition.hearing.access import access_hearing
from cadrex.competition.hearing.models import (
    Hearing,
    HearingContestant,
    Juror,
    Jury,
    Score,
    ScoringState,
)
from cadrex.competition.registration.models import Opening, OpeningStatus
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import PDF, XLSX, download
from cadrex.documents.score_summary import score_summary_pdf, score_summary_xlsx
from cadrex.rules import RuleViolation
from cadrex.web import act, as_id, refuse

JUROR_COOKIE = "cadrex_juror_{}"


@role_required(Role.OFFICE, Role.UNIT_LEADER)
def hearings(request):
    """The office: every opening whose contestants are published; a leader: their own."""
    campaign = current_campaign_or_404()
    openings = Opening.objects.filter(
        campaign=campaign, status=OpeningStatus.PUBLISHED, contestants_published_at__isnull=False
    ).select_related("unit", "hearing")
    if request.user.role == Role.UNIT_LEADER:
        openings = openings.filter(unit=request.user.unit)
    return render(request, "competition/hearings.html", {"openings": openings})


@require_POST
@role_required(Role.OFFICE)
def hearing_schedule(request, pk: int):
    opening = get_object_or_404(Opening, pk=pk, campaign=current_campaign_or_404())
    try:
        when = timezone.make_aware(
            datetime.strptime(request.POST.get("scheduled_at", ""), "%Y-%m-%dT%H:%M")
        )
    except ValueError:
        messages.error(request, "请填写正确的竞岗时间。")
        return redirect("competition:hearings")
    try:
        hearing = services.hearing_schedule(
            actor=request.user,
            opening=opening,
            scheduled_at=when,
            room=request.POST.get("room", ""),
        )
    except RuleViolation as violation:
        refuse(request, violation)
        return redirect("competition:hearings")
    return redirect("competition:hearing_setup", pk=hearing.pk)


def _qr(url: str) -> str:
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, dark="#1d2733"))


@role_required(Role.OFFICE)
def hearing_setup(request, pk: int):
    hearing = access_hearing(request.user, pk)
    jurors = list(hearing.jurors.all())
    base = request.build_absolute_uri("/")[:-1]
    links = [{"juror": j, "url": f"{base}{reverse('juror_page', args=[j.token])}"} for j in jurors]
    show_qr = request.GET.get("qr") == "1"
    for link in links:
        link["qr"] = _qr(link["url"]) if show_qr else ""
    panel_problem = None
    try:
        selectors.check_panel(hearing)
    except RuleViolation as violation:
        panel_problem = violation.message
    contestants = list(
        hearing.contestants.select_related("application__cadre__unit").prefetch_related(
            "recusals__juror", "recusals__substitute"
        )
    )
    return render(
        request,
        "competition/hearing_setup.html",
        {
            "hearing": hearing,
            "links": links,
            "show_qr": show_qr,
            "panel_problem": panel_problem,
            "contestants": contestants,
            "leaders": [j for j in jurors if j.jury == Jury.LEADER],
            "staff_count": sum(1 for j in jurors if j.jury == Jury.STAFF),
            "seated_leaders": sum(1 for j in jurors if j.jury == Jury.LEADER and not j.substitute),
            "policy": hearing.opening.campaign.policy,
        },
    )


def _setup_action(request, pk: int, action) -> object:
    hearing = access_hearing(request.user, pk)
    try:
        action(hearing)
    except RuleViolation as violation:
        refuse(request, violation)
    return redirect("competition:hearing_setup", pk=hearing.pk)


@require_POST
@role_required(Role.OFFICE)
def hearing_draw_lots(request, pk: int):
    return _setup_action(
        request, pk, lambda h: services.hearing_draw_lots(actor=request.user, hearing=h)
    )


@require_POST
@role_required(Role.OFFICE)
def juror_add(request, pk: int):
    post = request.POST
    return _setup_action(
        request,
        pk,
        lambda h: services.juror_add(
            actor=request.user,
            hearing=h,
            jury=post.get("jury", ""),
            name=post.get("name", ""),
            affiliation=post.get("affiliation", ""),
            office_assigned=post.get("office_assigned") == "on",
            substitute=post.get("substitute") == "on",
        ),
    )


@require_POST
@role_required(Role.OFFICE)
def jurors_add_staff(request, pk: int):
    names = request.POST.get("names", "").splitlines()
    return _setup_action(
        request, pk, lambda h: services.jurors_add_staff(actor=request.user, hearing=h, names=names)
    )


@require_POST
@role_required(Role.OFFICE)
def juror_remove(request, pk: int, juror: int):
    return _setup_action(
        request,
        pk,
        lambda h: services.juror_remove(
            actor=request.user, juror=get_object_or_404(Juror, pk=juror, hearing=h)
        ),
    )


@require_POST
@role_required(Role.OFFICE)
def juror_release(request, pk: int, juror: int):
    return _setup_action(
        request,
        pk,
        lambda h: services.juror_release(
            actor=request.user, juror=get_object_or_404(Juror, pk=juror, hearing=h)
        ),
    )


@require_POST
@role_required(Role.OFFICE)
def recusal_declare(request, pk: int):
    def act(hearing):
        juror = get_object_or_404(Juror, pk=as_id(request.POST.get("juror")), hearing=hearing)
        contestant = get_object_or_404(
            HearingContestant, pk=as_id(request.POST.get("contestant")), hearing=hearing
        )
        sub_pk = as_id(request.POST.get("substitute"))
        substitute = Juror.objects.filter(pk=sub_pk, hearing=hearing).first() if sub_pk else None
        services.recusal_declare(
            actor=request.user,
            juror=juror,
            contestant=contestant,
            reason=request.POST.get("reason", ""),
            substitute=substitute,
        )

    return _setup_action(request, pk, act)


# ------------------------------------------------------------------ the chair


def _chair_context(hearing: Hearing) -> dict:
    rows = []
    for contestant in hearing.contestants.select_related("application__cadre__unit"):
        panel = selectors.panel_for(contestant)
        leaders, staff = selectors.live_scores(contestant)
        done = {s.juror_id for s in leaders + staff}
        row = {
            "c": contestant,
            "leaders": [(j, j.pk in done) for j in panel.leaders],
            "staff_done": sum(1 for j in panel.staff if j.pk in done),
            "staff_total": len(panel.staff),
            "scored": leaders + staff,  # names only on the page: no score shows before close
        }
        if contestant.scoring == ScoringState.CLOSED:
            row["detail"] = paperwork.score_line(contestant)
        rows.append(row)
    return {
        "hearing": hearing,
        "rows": rows,
        "open": next((r for r in rows if r["c"].scoring == ScoringState.OPEN), None),
    }


@role_required(Role.OFFICE, Role.UNIT_LEADER)
def hearing_chair(request, pk: int):
    hearing = access_hearing(request.user, pk, chair=True)
    template = (
        "competition/_chair_progress.html" if request.htmx else "competition/hearing_chair.html"
    )
    return render(request, template, _chair_context(hearing))


def _chair_action(request, pk: int, action):
    hearing = access_hearing(request.user, pk, chair=True)
    contestant = get_object_or_404(
        HearingContestant, pk=as_id(request.POST.get("contestant")), hearing=hearing
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


@require_POST
@role_required(Role.OFFICE)
def score_void(request, pk: int):
    hearing = access_hearing(request.user, pk)
    score = get_object_or_404(
        Score, pk=as_id(request.POST.get("score")), contestant__hearing=hearing
    )
    act(
        request,
        lambda: scoring.score_void(
            actor=request.user, score=score, reason=request.POST.get("reason", "")
        ),
        f"已作废{score.juror.name}的评分。",
    )
    return redirect("competition:hearing_chair", pk=hearing.pk)


@require_POST
@role_required(Role.OFFICE)
def score_paper(request, pk: int):
    """Paper fallback: the office types in a juror's sheet, marked as such."""
    hearing = access_hearing(request.user, pk)
    juror = get_object_or_404(Juror, pk=as_id(request.POST.get("juror")), hearing=hearing)
    act(
        request,
        lambda: scoring.score_submit(
            juror=juror,
            contestant_id=as_id(request.POST.get("contestant")) or 0,
            value=request.POST.get("value", "").strip(),
            paper=True,
            actor=request.user,
        ),
        f"已录入{juror.name}的纸质评分表。",
    )
    return redirect("competition:hearing_chair", pk=hearing.pk)


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


# ------------------------------------------------------------------ the juror's phone


def _juror_or_refusal(request, token: str):
    """The juror behind a link bound to this device, or the page saying why not."""
    juror = Juror.objects.select_related("hearing__opening__unit").filter(token=token).first()
    if juror is None:
        return None, None, "评分链接无效。请核对链接，或联系现场工作人员。"
    secret = request.COOKIES.get(JUROR_COOKIE.format(juror.pk))
    try:
        juror, new_secret = services.juror_claim(juror=juror, secret=secret)
    except RuleViolation as violation:
        return juror, None, violation.message
    return juror, new_secret, None


def _juror_context(juror: Juror, just_scored: Score | None = None) -> dict:
    hearing = juror.hearing
    mine = just_scored
    eligible = just_scored is not None
    current = (
        just_scored.contestant
        if just_scored
        else (
            hearing.contestants.filter(scoring=ScoringState.OPEN)
            .select_related("application__cadre")
            .first()
        )
    )
    if current is not None and just_scored is None:
        eligible = selectors.scores_contestant(juror, current)
        mine = Score.objects.filter(contestant=current, juror=juror, voided=False).first()
    return {
        "juror": juror,
        "hearing": hearing,
        "current": current,
        "mine": mine,
        "eligible": eligible,
        "policy": hearing.opening.campaign.policy,
        "finished": current is None and _all_scored(hearing),
    }


def _all_scored(hearing: Hearing) -> bool:
    if hearing.status == "finished":
        return True
    return (
        hearing.contestants.exists()
        and not hearing.contestants.exclude(scoring=ScoringState.CLOSED).exists()
    )


def _with_cookie(response, juror: Juror, secret: str | None):
    if secret:
        response.set_cookie(
            JUROR_COOKIE.format(juror.pk),
            secret,
            max_age=7 * 24 * 3600,
            httponly=True,
            samesite="Strict",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@ensure_csrf_cookie  # the form may appear later by polling; the phone needs the token now
def juror_page(request, token: str):
    """The phone page: one contestant at a time, a score in range, confirm, submit."""
    juror, secret, refusal = _juror_or_refusal(request, token)
    if refusal:
        return render(request, "competition/juror_refused.html", {"message": refusal}, status=403)
    score, error = _juror_submit(request, juror) if request.method == "POST" else (None, None)
    context = {**_juror_context(juror, score), "error": error}
    template = "competition/_juror_panel.html" if request.htmx else "competition/juror.html"
    return _with_cookie(render(request, template, context), juror, secret)


def _juror_submit(request, juror: Juror) -> tuple[Score | None, str | None]:
    contestant_id = as_id(request.POST.get("contestant")) or 0
    try:
        score = scoring.score_submit(
            juror=juror, contestant_id=contestant_id, value=request.POST.get("value", "").strip()
        )
    except RuleViolation as violation:
        return None, violation.message
    return score, None
