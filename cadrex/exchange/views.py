"""Part B pages of the cadre (B1, B3, B7) and of the unit up to the matching (B1–B4): short
views that check access, call one service, render. The office's B1–B2 pages: ``office_views``;
B5–B7 and C3 pages: ``decision_views``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cadrex.accounts.access import ROSTER_WIDE, role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import (
    current_campaign_or_404,
    step_is_open,
    window_for,
)
from cadrex.documents.exchange import (
    candidate_table_xlsx,
    preference_form_xlsx,
    proposal_form_xlsx,
)
from cadrex.documents.responses import XLSX, download
from cadrex.exchange import paperwork, results, rounds, services
from cadrex.exchange import selectors as q
from cadrex.exchange.forms import (
    DeclarationForm,
    PreferencesForm,
    ProposalsForm,
    declaration_initial,
    errors_text,
    preferences_initial,
    proposals_initial,
)
from cadrex.exchange.forms_decision import AnswerForm
from cadrex.exchange.kept_forms import KEEPER, act_on_form
from cadrex.exchange.models import DeclarationStatus
from cadrex.registry.models import Unit
from cadrex.rules import RuleViolation
from cadrex.rules.exchange import check_balance, proposal_limit
from cadrex.rules.matching_rounds import check_round_participant
from cadrex.rules.schedule import STEP_INFO, Step, step_state
from cadrex.web import act, refuse


def window_info(campaign, step: Step) -> dict:
    """A step's window for the page: open or not, and when it opens / closed."""
    window = window_for(campaign, step)
    state = step_state(window.as_rule if window else None, timezone.now())
    return {
        "open": state == "open",
        "state": state,
        "name": STEP_INFO[step][1],
        "start": window.start if window else None,
        "end": window.end if window else None,
    }


# ------------------------------------------------------------------ the cadre


@role_required(Role.CADRE)
def my(request):
    campaign = current_campaign_or_404()
    cadre = request.user.cadre
    candidate = q.candidate_of(campaign, cadre)
    placement = getattr(candidate, "placement", None) if candidate else None
    explanation = None
    for run in reversed(rounds.published_runs(campaign)) if candidate else ():
        explanation = results.run_explanations(run).get(candidate.pk)
        if explanation is not None:  # the last round they took part in
            break
    return render(
        request,
        "exchange/my.html",
        {
            "campaign": campaign,
            "cadre": cadre,
            "problem": q.general_cadre_problem(cadre),
            "signup": q.signup_of(campaign, cadre),
            "candidate": candidate,
            "preferences": q.own_preferences(candidate, campaign) if candidate else [],
            "round_number": q.selection_of(campaign).round,
            "in_round": bool(candidate) and q.in_current_round(candidate, campaign),
            "preference_state": q.preference_state(candidate, campaign) if candidate else "",
            "result": results.own_result_sentence(explanation),
            "placement": placement if placement and placement.decided_at else None,
            "standby": getattr(placement, "standby", None) if placement else None,
            "answer_form": KEEPER.page(request).form("answer", AnswerForm),
            "deadline": q.acceptance_deadline(campaign),
            "signup_window": window_info(campaign, Step.EXCHANGE_SIGNUP),
            "preferences_window": window_info(campaign, Step.PREFERENCES),
            "acceptance_window": window_info(campaign, Step.ACCEPTANCE),
        },
    )


@require_POST
@role_required(Role.CADRE)
def signup(request):
    act(
        request,
        lambda: services.signup_create(
            actor=request.user, campaign=current_campaign_or_404(), cadre=request.user.cadre
        ),
        "您已报名参加一般干部跨单位双向选择，由本单位研究确定交流对象。",
    )
    return redirect("exchange:my")


@require_POST
@role_required(Role.CADRE)
def signup_withdraw(request):
    act(
        request,
        lambda: services.signup_withdraw(
            actor=request.user, campaign=current_campaign_or_404(), cadre=request.user.cadre
        ),
        "已撤回报名。",
    )
    return redirect("exchange:my")


@role_required(Role.CADRE)
def preferences(request):
    campaign = current_campaign_or_404()
    candidate = q.candidate_of(campaign, request.user.cadre)
    if candidate is None:
        messages.error(request, "您不是本次一般干部跨单位双向选择的交流对象，无需填报意向。")
        return redirect("exchange:my")
    facts = rounds.round_facts(campaign)
    try:
        check_round_participant(
            candidate.cadre.name,
            round_number=facts.number,
            taking_part=facts.takes_part(candidate.pk),
        )
    except RuleViolation as violation:
        refuse(request, violation)
        return redirect("exchange:my")
    # B3: units with vacancies (in round 2 and later, those left; ADR 0011), never their own.
    open_codes = [code for code, n in facts.vacancies.items() if n > 0]
    choices = sorted(
        Unit.objects.filter(code__in=open_codes).exclude(pk=candidate.home_unit_id),
        key=lambda u: (u.kind, u.code),
    )
    listed = [p.unit_id for p in candidate.preferences.filter(round=facts.number).order_by("rank")]
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        slots=campaign.policy.max_preferences,
        choices=choices,
        initial=preferences_initial(listed),
    )
    if request.method == "POST":
        if not form.is_valid():
            refuse(request, form.refusal())
        elif act_on_form(
            request,
            form,
            lambda: services.preferences_save(
                actor=request.user, candidate=candidate, unit_ids=form.cleaned_data["units"]
            ),
            "意向已保存。"
            if form.cleaned_data["units"]
            else "已清空意向；不填报意向的将由组织部定向交流。",
        ):
            return redirect("exchange:my")
    return render(
        request,
        "exchange/preferences.html",
        {
            "campaign": campaign,
            "candidate": candidate,
            "choices": choices,
            "form": form,
            "published": bool(q.selection_of(campaign).vacancies_published_at),
            "window": window_info(campaign, Step.PREFERENCES),
            "round_number": facts.number,
        },
    )


@require_POST
@role_required(Role.CADRE)
def answer(request):
    campaign = current_campaign_or_404()
    candidate = q.candidate_of(campaign, request.user.cadre)
    placement = getattr(candidate, "placement", None) if candidate else None
    if placement is None:
        raise Http404("您没有待表态的交流安排。")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        KEEPER.keep(request, "answer", form)
        messages.error(request, errors_text(form))
        return redirect("exchange:my")
    KEEPER.act_keeping(
        request,
        "answer",
        form,
        lambda: services.placement_answer(
            actor=request.user,
            placement=placement,
            accept=form.cleaned_data["accept"],
            note=form.cleaned_data["note"],
        ),
        "已记录您的表态。",
    )
    return redirect("exchange:my")


@role_required(Role.CADRE, *ROSTER_WIDE)
def preferences_xlsx(request):
    """B3 意向表: a candidate their own; the office and orgdept everybody's."""
    campaign = current_campaign_or_404()
    rows = q.candidates(campaign)
    title = "一般干部跨单位双向选择意向表"
    if request.user.role == Role.CADRE:
        rows = rows.filter(cadre=request.user.cadre)
        if not rows:
            raise Http404("您不是本次双向选择的交流对象。")
        title = f"{title}_{request.user.cadre.name}"
    form = paperwork.preference_form(title, rows, campaign.policy.max_preferences)
    content = preference_form_xlsx(form)
    return download(content, f"{title}.xlsx", XLSX)


# ------------------------------------------------------------------ the unit: B1–B2


def _unit_context(request, campaign, form: DeclarationForm | None = None):
    unit = request.user.unit
    declaration = q.declaration_of(campaign, unit)
    pool = q.unit_pool(campaign, unit)
    balance = q.balance_of(declaration)
    problem = None
    try:
        check_balance(
            unit.name,
            sent_out=balance["sent_out"],
            vacancies=balance["vacancies"],
            exception_allowed=bool(declaration and declaration.exception_allowed),
        )
    except RuleViolation as violation:
        problem = violation.message
    selection = q.selection_of(campaign)
    editable = not selection.vacancies_published_at and (
        declaration is None or declaration.status != DeclarationStatus.SUBMITTED
    )
    window_open = step_is_open(campaign, Step.EXCHANGE_SIGNUP) or step_is_open(
        campaign, Step.VACANCIES
    )
    if form is None:
        form = DeclarationForm(pool=pool, initial=declaration_initial(pool, balance["vacancies"]))
    return {
        "campaign": campaign,
        "unit": unit,
        "declaration": declaration,
        "pool": pool,
        "form": form,
        "balance": balance,
        "problem": problem,
        "editable": editable,
        "window_open": window_open,
        "window": window_info(campaign, Step.EXCHANGE_SIGNUP),
        "published": selection.vacancies_published_at,
    }


@role_required(*UNIT_ROLES)
def unit(request):
    campaign = current_campaign_or_404()
    form = None
    if request.method == "POST":
        form = DeclarationForm(request.POST, pool=q.unit_pool(campaign, request.user.unit))
        if not form.is_valid():
            messages.error(request, errors_text(form))
        elif act_on_form(
            request,
            form,
            lambda: services.declaration_save(
                actor=request.user,
                campaign=campaign,
                unit=request.user.unit,
                cadre_ids=form.cleaned_data["candidate"],
                added=form.added(),
                vacancies=form.cleaned_data["vacancies"],
            ),
            "已保存本单位交流对象和缺员人数。",
        ):
            return redirect("exchange:unit")
    return render(request, "exchange/unit.html", _unit_context(request, campaign, form))


@require_POST
@role_required(Role.UNIT_LEADER)
def declaration_submit(request):
    act(
        request,
        lambda: services.declaration_submit(
            actor=request.user, campaign=current_campaign_or_404(), unit=request.user.unit
        ),
        "本单位交流对象和缺员人数已报送竞岗交流工作办公室。",
    )
    return redirect("exchange:unit")


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def candidates_xlsx(request):
    """B1 人员基本情况表: a unit its own; the office and orgdept the whole city."""
    campaign = current_campaign_or_404()
    rows = q.candidates(campaign)
    title = "一般干部跨单位双向选择人员基本情况表"
    if request.user.role in UNIT_ROLES:
        rows = rows.filter(home_unit=request.user.unit)
        title = f"{request.user.unit.name}{title}"
    table = paperwork.candidate_table(title, rows)
    return download(candidate_table_xlsx(table), f"{title}.xlsx", XLSX)


# ------------------------------------------------------------------ the unit: B4 proposals


@role_required(*UNIT_ROLES)
def proposals(request):
    campaign = current_campaign_or_404()
    unit = request.user.unit
    declaration = q.declaration_of(campaign, unit)
    # B4 against the vacancies of the round (in round 2 and later, those left; ADR 0011)
    facts = rounds.round_facts(campaign)
    if facts.number == 1:
        vacancies = q.published_vacancies(campaign).get(unit)
    else:
        vacancies = facts.vacancies.get(unit.code)
    pool = list(q.listed_by(campaign, unit))
    window = window_info(campaign, Step.PROPOSALS)
    ranks = {p.candidate_id: p.rank for p in q.proposals_of(declaration)}
    form = ProposalsForm(
        request.POST if request.method == "POST" else None,
        pool=pool,
        closed=not window["open"],
        initial=proposals_initial(ranks),
    )
    if request.method == "POST":
        if not form.is_valid():
            refuse(request, form.refusal())
        elif act_on_form(
            request,
            form,
            lambda: services.proposals_save(
                actor=request.user,
                campaign=campaign,
                unit=unit,
                candidate_ids=form.cleaned_data["order"],
            ),
            f"已保存本单位建议人选 {len(form.cleaned_data['order'])} 名。",
        ):
            return redirect("exchange:proposals")
    return render(
        request,
        "exchange/proposals.html",
        {
            "campaign": campaign,
            "unit": unit,
            "declaration": declaration,
            "vacancies": vacancies,
            "limit": proposal_limit(vacancies or 0, policy=campaign.policy),
            "ratio": campaign.policy.proposal_ratio,
            "pool": form.rows(),  # (candidate, their rank field), in the order shown
            "form": form,
            "proposals": q.proposals_of(declaration),
            "window": window,
            "round_number": facts.number,
        },
    )


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def proposals_xlsx(request):
    """B4 人选需求表. A unit's copy never shows preference ranks; the office's does."""
    campaign = current_campaign_or_404()
    unit = request.user.unit if request.user.role in UNIT_ROLES else None
    title = "一般干部跨单位双向选择人选需求表"
    if unit is not None:
        title = f"{unit.name}{title}"
    # The office's copy shows each person's preference rank for the unit; a unit's never.
    form = paperwork.proposal_form(
        campaign, title=title, unit=unit, with_choice=request.user.role in ROSTER_WIDE
    )
    return download(proposal_form_xlsx(form), f"{title}.xlsx", XLSX)
