"""A8 pages: the office schedules and sets up a hearing, jurors score on their phones. The
chair's live page is in ``chair_views``."""

from __future__ import annotations

import segno
from django.conf import settings
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.competition.hearing import scoring, selectors, services
from cadrex.competition.hearing.access import access_hearing
from cadrex.competition.hearing.forms import (
    JurorForm,
    LeaderCadresForm,
    RecusalForm,
    ScheduleForm,
    ScoreForm,
    StaffJurorsForm,
)
from cadrex.competition.hearing.models import (
    Hearing,
    HearingContestant,
    Juror,
    Jury,
    Score,
    ScoringState,
)
from cadrex.competition.hearing.phone import juror_for_link
from cadrex.competition.registration.forms import row_form
from cadrex.competition.registration.models import Opening, OpeningStatus
from cadrex.kept_forms import attempt, flash_errors
from cadrex.rules import RuleViolation
from cadrex.web import refuse

JUROR_COOKIE = "cadrex_juror_{}"
# How a score's POST went, for the phone's outbox (juror-offline.js): landed now, landed
# before (the same submission key again), refused because the contestant's scoring closed,
# or refused for another reason (the page says why). The outbox drops the item on any.
OUTCOME_HEADER = "X-Score-Outcome"


def _schedule_form(opening: Opening, data=None) -> ScheduleForm:
    labels = {"scheduled_at": "竞岗时间", "room": f"{opening.post_name}的竞岗地点"}
    return row_form(ScheduleForm, opening.pk, labels, data=data)


def _hearings_page(request, bound: ScheduleForm | None = None, pk: int | None = None):
    """The list; after a refused schedule, that row's form as typed (``bound``, for ``pk``)."""
    campaign = current_campaign_or_404()
    openings = Opening.objects.filter(
        campaign=campaign, status=OpeningStatus.PUBLISHED, contestants_published_at__isnull=False
    ).select_related("unit", "hearing")
    if request.user.role == Role.UNIT_LEADER:
        openings = openings.filter(unit=request.user.unit)
    openings = list(openings)
    for opening in openings if request.user.role == Role.OFFICE else ():
        mine = bound is not None and opening.pk == pk
        opening.schedule_form = bound if mine else _schedule_form(opening)
    return render(request, "competition/hearings.html", {"openings": openings})


@role_required(Role.OFFICE, Role.UNIT_LEADER)
def hearings(request):
    """The office: every opening whose contestants are published; a leader: their own."""
    return _hearings_page(request)


@require_POST
@role_required(Role.OFFICE)
def hearing_schedule(request, pk: int):
    opening = get_object_or_404(Opening, pk=pk, campaign=current_campaign_or_404())
    form = _schedule_form(opening, request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    elif attempt(
        request,
        form,
        lambda: services.hearing_schedule(
            actor=request.user,
            opening=opening,
            scheduled_at=form.cleaned_data["scheduled_at"],
            room=form.cleaned_data["room"],
        ),
    ):
        return redirect("competition:hearing_setup", pk=Hearing.objects.get(opening=opening).pk)
    return _hearings_page(request, form, opening.pk)


def _qr(url: str) -> str:
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, dark="#1d2733"))


def _recusal_form(hearing: Hearing, data=None) -> RecusalForm:
    """The recusal form offering this hearing's jurors, contestants and substitute leaders."""
    jurors = list(hearing.jurors.all())
    return RecusalForm(
        data,
        jurors=jurors,
        contestants=hearing.contestants.select_related("application__cadre"),
        substitutes=[j for j in jurors if j.jury == Jury.LEADER and j.substitute],
    )


def _setup_page(request, hearing: Hearing, **bound):
    """The set-up page; a refused form comes back as typed (``bound``: its name → the form)."""
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
        hearing.contestants.select_related(
            "application__cadre__unit", "application__home_unit"
        ).prefetch_related("recusals__juror", "recusals__substitute")
    )
    # Before the draw the contestants are listed without a place: 未抽签.
    undrawn = [] if hearing.lots_drawn_at else selectors.undrawn_contestants(hearing)
    query = request.GET.get("q", "").strip()[:50]
    candidates = selectors.leader_candidates(hearing, query)
    forms = {
        "roster_form": LeaderCadresForm(),
        "juror_form": JurorForm(),
        "staff_form": StaffJurorsForm(),
        "recusal_form": _recusal_form(hearing) if contestants else None,
        **bound,
    }
    return render(
        request,
        "competition/hearing_setup.html",
        {
            "hearing": hearing,
            "links": links,
            "show_qr": show_qr,
            "panel_problem": panel_problem,
            "contestants": contestants,
            "undrawn": undrawn,
            "candidates": candidates,
            "query": query,
            "staff_count": sum(1 for j in jurors if j.jury == Jury.STAFF),
            "seated_leaders": sum(1 for j in jurors if j.jury == Jury.LEADER and not j.substitute),
            "policy": hearing.opening.campaign.policy,
            **forms,
        },
    )


@role_required(Role.OFFICE)
def hearing_setup(request, pk: int):
    return _setup_page(request, access_hearing(request.user, pk))


def _setup_answer(request, hearing: Hearing, name: str, form, call):
    """A set-up form's answer: back to the page when it went through (the page shows the
    change), else the page again with the form as typed."""
    if not form.is_valid():
        flash_errors(request, form)
    elif attempt(request, form, call):
        return redirect("competition:hearing_setup", pk=hearing.pk)
    return _setup_page(request, hearing, **{name: form})


def _setup_action(request, pk: int, action) -> object:
    """A set-up button without fields: do it, or say why not."""
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
    """A leader juror typed in by name, or (``from_roster``) those ticked from the unit's
    cadres — one door for both, so the permissions stay those of adding a juror."""
    hearing = access_hearing(request.user, pk)
    roster_form = LeaderCadresForm(request.POST)
    if roster_form.is_valid() and roster_form.cleaned_data["from_roster"]:
        return _setup_answer(
            request,
            hearing,
            "roster_form",
            roster_form,
            lambda: services.jurors_add_cadres(
                actor=request.user, hearing=hearing, cadre_ids=roster_form.cadre_ids()
            ),
        )
    form = JurorForm(request.POST)
    return _setup_answer(
        request,
        hearing,
        "juror_form",
        form,
        lambda: services.juror_add(actor=request.user, hearing=hearing, **form.cleaned_data),
    )


@require_POST
@role_required(Role.OFFICE)
def jurors_add_staff(request, pk: int):
    hearing = access_hearing(request.user, pk)
    form = StaffJurorsForm(request.POST)
    return _setup_answer(
        request,
        hearing,
        "staff_form",
        form,
        lambda: services.jurors_add_staff(
            actor=request.user, hearing=hearing, names=form.name_lines()
        ),
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
    hearing = access_hearing(request.user, pk)
    form = _recusal_form(hearing, request.POST)
    form.is_valid()  # an id that is none, or of another hearing, is not found (404)
    ids = form.cleaned_data
    juror = get_object_or_404(Juror, pk=ids.get("juror"), hearing=hearing)
    contestant = get_object_or_404(HearingContestant, pk=ids.get("contestant"), hearing=hearing)
    substitute = Juror.objects.filter(pk=ids.get("substitute") or 0, hearing=hearing).first()
    return _setup_answer(
        request,
        hearing,
        "recusal_form",
        form,
        lambda: services.recusal_declare(
            actor=request.user,
            juror=juror,
            contestant=contestant,
            reason=form.cleaned_data["reason"],
            substitute=substitute,
        ),
    )


# ------------------------------------------------------------------ the juror's phone


def _juror_or_refusal(request, token: str):
    """The juror behind a link bound to this device, or the page saying why not. One query:
    the juror, the hearing, its opening, unit and campaign (the policy), and for a score
    the head of the juror's chain, which the new entry follows."""
    juror = juror_for_link(token, with_head=request.method == "POST")
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
        "policy": scoring.policy_for(hearing),
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


def juror_page(request, token: str):
    """The phone page: one contestant at a time, a score in range, confirm, submit."""
    if request.method != "POST":
        # The form may appear later by polling: the phone needs the CSRF token now (as
        # ensure_csrf_cookie gives it). A POST came with it; a score's answer is lighter so.
        get_token(request)
    juror, secret, refusal = _juror_or_refusal(request, token)
    if refusal:
        page = render(request, "competition/juror_refused.html", {"message": refusal}, status=403)
        if request.method == "POST":
            page[OUTCOME_HEADER] = "refused"
        return page
    sheet = scoring.policy_for(juror.hearing).score_items  # the item sheet, if any
    data = request.POST if request.method == "POST" else None
    form = ScoreForm(data, auto_id="%s", sheet=sheet)
    score, error, field, outcome = (
        _juror_submit(form, juror) if form.is_bound else (None, None, None, None)
    )
    replayed = score is not None and score.replayed
    if replayed and score.voided:
        score = None  # it landed, then the office voided it: the page as it stands now
    context = _juror_context(juror, score)
    current = context["current"]
    if score is None and (not error or current is None or form.contestant_id() != current.pk):
        form = ScoreForm(auto_id="%s", sheet=sheet)  # typed stays only for the same contestant
        field = None
    rows = form.item_rows(field)
    context.update(
        error=error,
        form=form,
        sheet_rows=rows,
        # A refusal about one item is said beside its box, not above the sheet.
        error_beside=any(r["refused"] for r in rows),
        mine_items=_mine_items(context["mine"], sheet),
        replayed=replayed,
    )
    template = "competition/juror.html#panel" if request.htmx else "competition/juror.html"
    response = render(request, template, context)
    if outcome:
        response[OUTCOME_HEADER] = outcome
    return _with_cookie(response, juror, secret)


def _juror_submit(form: ScoreForm, juror: Juror):
    """(score, refusal, the box it is about, outcome): the score, or the refusal. With an
    item sheet the phone sends the items only; the server checks each against its maximum
    and adds them up. A submission key that already landed gives that score back (200, as
    when it landed): the phone's retry after a lost answer is not an error."""
    if not form.is_valid():
        return None, next(m for errors in form.errors.values() for m in errors), None, "refused"
    given = {"items": form.items()} if form.sheet else {"value": form.typed()}
    try:
        score = scoring.score_submit(
            juror=juror, contestant_id=form.contestant_id(), key=form.submission_key(), **given
        )
    except scoring.ScoringClosed as violation:
        return None, violation.message, violation.field, "closed"
    except RuleViolation as violation:
        return None, violation.message, violation.field, "refused"
    return score, None, None, "duplicate" if score.replayed else "accepted"


def _mine_items(mine: Score | None, sheet) -> list[tuple[str, str]]:
    """The items of the juror's score beside their names, when it was given by the sheet."""
    if mine is None or not mine.items or len(mine.items) != len(sheet):
        return []
    return list(zip(sheet.names, mine.items, strict=True))
