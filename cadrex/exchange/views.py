"""Part B pages (B1–B7, C3): short views that check access, call one service, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cadrex.accounts.access import (
    ROSTER_WIDE,
    access_exchange_declaration,
    access_matching_run,
    access_placement,
    access_standby,
    role_required,
)
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import (
    current_campaign,
    current_campaign_or_404,
    step_is_open,
    window_for,
)
from cadrex.documents.exchange import (
    candidate_table_xlsx,
    preference_form_xlsx,
    proposal_form_xlsx,
    results_table_xlsx,
)
from cadrex.documents.responses import XLSX, download
from cadrex.exchange import selectors as q
from cadrex.exchange import services
from cadrex.exchange.forms import (
    AnswerForm,
    MeetingForm,
    ReasonForm,
    StandbyOutcomeForm,
    posted_order,
    posted_preferences,
)
from cadrex.exchange.models import (
    TRANSFER_ITEMS,
    DeclarationStatus,
    MatchingRun,
    Placement,
    PlacementKind,
)
from cadrex.exchange.sankey import sankey_svg
from cadrex.registry.models import Unit
from cadrex.rules import RuleViolation
from cadrex.rules.exchange import check_balance, proposal_limit
from cadrex.rules.schedule import STEP_INFO, Step, step_state
from cadrex.web import act, refuse


def _window(campaign, step: Step) -> dict:
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
    run = q.published_run(campaign)
    explanation = q.run_explanations(run).get(candidate.pk) if run and candidate else None
    return render(
        request,
        "exchange/my.html",
        {
            "campaign": campaign,
            "cadre": cadre,
            "problem": q.general_cadre_problem(cadre),
            "signup": q.signup_of(campaign, cadre),
            "candidate": candidate,
            "preferences": list(candidate.preferences.select_related("unit")) if candidate else [],
            "preference_state": q.preference_state(candidate, campaign) if candidate else "",
            "result": q.own_result_sentence(explanation),
            "placement": placement if placement and placement.decided_at else None,
            "standby": getattr(placement, "standby", None) if placement else None,
            "answer_form": AnswerForm(),
            "deadline": q.acceptance_deadline(campaign),
            "signup_window": _window(campaign, Step.EXCHANGE_SIGNUP),
            "preferences_window": _window(campaign, Step.PREFERENCES),
            "acceptance_window": _window(campaign, Step.ACCEPTANCE),
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
    if request.method == "POST":
        try:
            units = posted_preferences(request.POST)
            services.preferences_save(actor=request.user, candidate=candidate, unit_ids=units)
        except RuleViolation as violation:
            refuse(request, violation)
        else:
            messages.success(
                request, "意向已保存。" if units else "已清空意向；不填报意向的将由组织部定向交流。"
            )
            return redirect("exchange:my")
    listed = [p.unit_id for p in candidate.preferences.order_by("rank")]
    slots = list(range(1, campaign.policy.max_preferences + 1))
    choices = sorted(
        (
            u
            for u, n in q.published_vacancies(campaign).items()
            if n > 0 and u != candidate.home_unit
        ),
        key=lambda u: (u.kind, u.code),
    )
    return render(
        request,
        "exchange/preferences.html",
        {
            "campaign": campaign,
            "candidate": candidate,
            "choices": choices,
            "slots": [(k, listed[k - 1] if k <= len(listed) else None) for k in slots],
            "published": bool(q.selection_of(campaign).vacancies_published_at),
            "window": _window(campaign, Step.PREFERENCES),
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
        messages.error(request, "请选择服从安排或不服从安排。")
        return redirect("exchange:my")
    act(
        request,
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
    content = preference_form_xlsx(title, rows, campaign.policy.max_preferences)
    return download(content, f"{title}.xlsx", XLSX)


# ------------------------------------------------------------------ the unit: B1–B2


def _unit_context(request, campaign):
    unit = request.user.unit
    declaration = q.declaration_of(campaign, unit)
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
    return {
        "campaign": campaign,
        "unit": unit,
        "declaration": declaration,
        "pool": q.unit_pool(campaign, unit),
        "balance": balance,
        "problem": problem,
        "editable": editable,
        "window_open": window_open,
        "window": _window(campaign, Step.EXCHANGE_SIGNUP),
        "published": selection.vacancies_published_at,
    }


@role_required(*UNIT_ROLES)
def unit(request):
    campaign = current_campaign_or_404()
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("candidate") if pk.isdigit()]
        added = {pk: request.POST.get(f"reason_{pk}", "") for pk in chosen}
        if act(
            request,
            lambda: services.declaration_save(
                actor=request.user,
                campaign=campaign,
                unit=request.user.unit,
                cadre_ids=chosen,
                added=added,
                vacancies=request.POST.get("vacancies", ""),
            ),
            "已保存本单位交流对象和缺员人数。",
        ):
            return redirect("exchange:unit")
    return render(request, "exchange/unit.html", _unit_context(request, campaign))


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
    return download(candidate_table_xlsx(title, rows), f"{title}.xlsx", XLSX)


# ------------------------------------------------------------------ the office: B1–B2


@role_required(Role.OFFICE)
def office(request):
    campaign = current_campaign_or_404()
    rows = q.declaration_rows(campaign)
    return render(
        request,
        "exchange/office.html",
        {
            "campaign": campaign,
            "rows": rows,
            "totals": {
                "signups": sum(r["signups"] for r in rows),
                "sent_out": sum(r["sent_out"] for r in rows),
                "vacancies": sum(r["vacancies"] for r in rows),
                "submitted": sum(1 for r in rows if r["status"] == DeclarationStatus.SUBMITTED),
                "unbalanced": sum(1 for r in rows if r["difference"]),
            },
            "selection": q.selection_of(campaign),
            "publish_window": _window(campaign, Step.VACANCIES),
            "declare_open": step_is_open(campaign, Step.EXCHANGE_SIGNUP)
            or step_is_open(campaign, Step.VACANCIES),
            "reason_form": ReasonForm(),
        },
    )


@require_POST
@role_required(Role.OFFICE)
def exception_allow(request, pk: int):
    declaration = access_exchange_declaration(request.user, pk, campaign=current_campaign_or_404())
    act(
        request,
        lambda: services.balance_exception_allow(
            actor=request.user, declaration=declaration, reason=request.POST.get("reason", "")
        ),
        f"已同意{declaration.unit.name}人员进出不平衡例外处理。",
    )
    return redirect("exchange:office")


@require_POST
@role_required(Role.OFFICE)
def declaration_return(request, pk: int):
    declaration = access_exchange_declaration(request.user, pk, campaign=current_campaign_or_404())
    act(
        request,
        lambda: services.declaration_return(
            actor=request.user, declaration=declaration, reason=request.POST.get("reason", "")
        ),
        f"已退回{declaration.unit.name}的申报。",
    )
    return redirect("exchange:office")


@require_POST
@role_required(Role.OFFICE)
def vacancies_publish(request):
    try:
        total = services.vacancies_publish(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"已公布各单位缺员人数，共 {total} 个缺员。")
    return redirect("exchange:office")


def vacancies_notice(request):
    """B2 public notice: unit · vacancies · people sent out. No names."""
    campaign = current_campaign()
    rows = q.vacancy_notice_rows(campaign) if campaign else []
    return render(
        request,
        "exchange/vacancies_notice.html",
        {
            "campaign": campaign,
            "rows": rows,
            "selection": q.selection_of(campaign) if campaign else None,
            "total": sum(r["vacancies"] for r in rows),
            "sent_out": sum(r["sent_out"] for r in rows),
        },
    )


# ------------------------------------------------------------------ the unit: B4 proposals


@role_required(*UNIT_ROLES)
def proposals(request):
    campaign = current_campaign_or_404()
    unit = request.user.unit
    declaration = q.declaration_of(campaign, unit)
    vacancies = q.published_vacancies(campaign).get(unit)
    pool = list(q.listed_by(campaign, unit))
    if request.method == "POST":
        try:
            order = posted_order(request.POST, {c.pk: c.cadre.name for c in pool})
            services.proposals_save(
                actor=request.user, campaign=campaign, unit=unit, candidate_ids=order
            )
        except RuleViolation as violation:
            refuse(request, violation)
        else:
            messages.success(request, f"已保存本单位建议人选 {len(order)} 名。")
            return redirect("exchange:proposals")
    ranks = {p.candidate_id: p.rank for p in q.proposals_of(declaration)}
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
            "pool": [(c, ranks.get(c.pk)) for c in pool],
            "proposals": q.proposals_of(declaration),
            "window": _window(campaign, Step.PROPOSALS),
        },
    )


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def proposals_xlsx(request):
    """B4 人选需求表. A unit's copy never shows preference ranks; the office's does."""
    campaign = current_campaign_or_404()
    vacancies = q.published_vacancies(campaign)
    if request.user.role in UNIT_ROLES:
        vacancies = {u: n for u, n in vacancies.items() if u == request.user.unit}
    internal = request.user.role in ROSTER_WIDE
    ranks = {}
    if internal:  # the office's copy shows each person's preference rank for the unit
        for listed in q.preferences_by_candidate(campaign).values():
            ranks.update({(p.candidate_id, p.unit_id): p.rank for p in listed})
    entries = []
    for unit_row, count in vacancies.items():
        declaration = q.declaration_of(campaign, unit_row)
        entries.append(
            {
                "unit": unit_row,
                "vacancies": count,
                "proposals": q.proposals_of(declaration),
                "choices": {c: r for (c, u), r in ranks.items() if u == unit_row.pk},
            }
        )
    title = "一般干部跨单位双向选择人选需求表"
    if request.user.role in UNIT_ROLES:
        title = f"{request.user.unit.name}{title}"
    return download(proposal_form_xlsx(title, entries, with_choice=internal), f"{title}.xlsx", XLSX)


# ------------------------------------------------------------------ the office: B5 matching


@role_required(*ROSTER_WIDE)
def matching(request):
    campaign = current_campaign_or_404()
    runs = list(MatchingRun.objects.filter(campaign=campaign).select_related("created_by")[:20])
    published = q.published_run(campaign)
    return render(
        request,
        "exchange/matching.html",
        {
            "campaign": campaign,
            "runs": runs,
            "published": published,
            "window": _window(campaign, Step.MATCHING),
            "proposals_window": _window(campaign, Step.PROPOSALS),
            "vacancies_published": q.selection_of(campaign).vacancies_published_at,
            "rounds": campaign.policy.matching_rounds,
        },
    )


@require_POST
@role_required(Role.OFFICE)
def matching_run(request):
    try:
        run = services.matching_run(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
        return redirect("exchange:matching")
    messages.success(request, "匹配已完成，请核对结果后公布。")
    return redirect("exchange:matching_detail", pk=run.pk)


@role_required(*ROSTER_WIDE)
def matching_detail(request, pk: int):
    campaign = current_campaign_or_404()
    run = access_matching_run(request.user, pk, campaign=campaign)
    rows = q.run_rows(run)
    show = request.GET.get("show", "")
    if show:
        rows = [r for r in rows if str(r["outcome"]) == show]
    return render(
        request,
        "exchange/matching_detail.html",
        {
            "campaign": campaign,
            "run": run,
            "rows": rows,
            "show": show,
            "summary": q.run_summary(run),
            "labels": q.OUTCOME_LABELS,
            "published": q.published_run(campaign),
            "window": _window(campaign, Step.MATCHING),
        },
    )


@require_POST
@role_required(Role.OFFICE)
def matching_publish(request, pk: int):
    run = access_matching_run(request.user, pk, campaign=current_campaign_or_404())
    act(
        request,
        lambda: services.matching_publish(actor=request.user, run=run),
        "双向选择匹配结果已公布。",
    )
    return redirect("exchange:matching_detail", pk=run.pk)


@role_required(*ROSTER_WIDE)
def matching_frozen(request, pk: int, part: str):
    """The frozen texts exactly as hashed, for anyone verifying with their own tools."""
    run = access_matching_run(request.user, pk, campaign=current_campaign_or_404())
    if part not in ("inputs", "result"):
        raise Http404("没有该文件。")
    text = run.inputs if part == "inputs" else run.result
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="matching-{run.pk}-{part}.json"'
    return response


@role_required(*ROSTER_WIDE)
def results_xlsx(request):
    """B5–B6: every candidate's outcome (matching result and directed placement)."""
    campaign = current_campaign_or_404()
    run = q.published_run(campaign)
    if run is None:
        messages.error(request, "双向选择匹配结果尚未公布。")
        return redirect("exchange:matching")
    by_candidate = {p.candidate_id: p for p in q.placements(campaign)}
    rows = []
    for row in q.run_rows(run):
        candidate = row["candidate"]
        placement = by_candidate.get(candidate.pk)
        rows.append(_result_row(candidate, placement, row["message"]))
    title = "一般干部跨单位双向选择匹配结果及定向交流情况"
    return download(results_table_xlsx(title, rows), f"{title}.xlsx", XLSX)


def _result_row(candidate, placement: Placement | None, message: str) -> dict:
    unit, how, answer, deadline = "", "待定向交流", "", ""
    if placement is not None:
        unit = placement.unit.name if placement.unit else ""
        if placement.kind == PlacementKind.MATCHED:
            how = f"双向选择（第{placement.choice}意向）"
        elif placement.decided_at:
            how = "定向交流" if placement.unit else "未能安置"
        else:
            how = "定向交流（建议方案）"
        if placement.decided_at:
            answer = placement.get_answer_display()
        if placement.reporting_deadline:
            deadline = f"{placement.reporting_deadline:%Y-%m-%d}"
    note = message if (placement is None or placement.kind != PlacementKind.MATCHED) else ""
    if placement is not None and placement.unplaced_reason and not placement.unit:
        note = placement.unplaced_reason
    return {
        "name": candidate.cadre.name,
        "home": candidate.home_unit.name,
        "unit": unit,
        "how": how,
        "note": note,
        "answer": answer,
        "deadline": deadline,
    }


# ------------------------------------------------------------------ flows at a glance


@role_required(*ROSTER_WIDE)
def flows(request):
    campaign = current_campaign_or_404()
    edges = q.flow_edges(campaign)
    kinds = dict(Unit._meta.get_field("kind").choices)

    def label(node, by_kind: bool) -> str:
        if isinstance(node, str):
            return q.OTHER_NODES[node]
        return kinds.get(node.kind, node.kind) if by_kind else node.name

    def collapse(by_kind: bool) -> list[tuple[str, str, int]]:
        merged: dict[tuple[str, str], int] = {}
        for src, dst, n in edges:
            key = (label(src, by_kind), label(dst, by_kind))
            merged[key] = merged.get(key, 0) + n
        return [(a, b, n) for (a, b), n in merged.items()]

    focus = Unit.objects.filter(code=request.GET.get("unit", "")).first()
    if focus is not None:  # one unit's people in and out
        edges = [(a, b, n) for a, b, n in edges if focus in (a, b)]
    return render(
        request,
        "exchange/flows.html",
        {
            "campaign": campaign,
            "counts": q.outcome_counts(campaign),
            "by_kind": sankey_svg(
                collapse(True), label="按单位类别的人员流向", width=820, band_height=320
            ),
            "by_unit": sankey_svg(
                collapse(False),
                label=f"{focus.name}的人员进出" if focus else "各单位之间的人员流向",
                band_height=300 if focus else 700,
            ),
            "focus": focus,
            "units": q.submitted_declarations(campaign).order_by("unit__kind", "unit__code"),
            "published": q.published_run(campaign),
        },
    )


# ------------------------------------------------------------------ the orgdept: B6


@role_required(*ROSTER_WIDE)
def directed(request):
    campaign = current_campaign_or_404()
    run = q.published_run(campaign)
    rows = list(q.placements(campaign).filter(kind=PlacementKind.DIRECTED))
    left = q.remaining_after_directed(campaign, run) if run else {}
    units = {u.code: u for u in Unit.objects.filter(code__in=list(left))}
    explanations = q.run_explanations(run) if run else {}
    waiting = len(json.loads(run.result)["unplaced"]) if run else 0  # people the meeting must place
    return render(
        request,
        "exchange/directed.html",
        {
            "campaign": campaign,
            "run": run,
            "rows": [(p, explanations.get(p.candidate_id)) for p in rows],
            "waiting": waiting,
            "remaining": sorted(
                ((units[c], n) for c, n in left.items() if c in units), key=lambda x: x[0].code
            ),
            "choices": sorted(
                ((u, left.get(u.code, 0)) for u in units.values()),
                key=lambda x: (x[0].kind, x[0].code),
            ),
            "selection": q.selection_of(campaign),
            "window": _window(campaign, Step.DIRECTED_PLACEMENT),
            "meeting_form": MeetingForm(initial={"meeting_date": timezone.localdate()}),
        },
    )


@require_POST
@role_required(Role.ORGDEPT)
def directed_draft(request):
    try:
        rows = services.directed_draft(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"已生成 {len(rows)} 名人员的定向交流建议方案。")
    return redirect("exchange:directed")


@require_POST
@role_required(Role.ORGDEPT)
def directed_set(request, pk: int):
    campaign = current_campaign_or_404()
    placement = access_placement(request.user, pk, campaign=campaign)
    raw = request.POST.get("unit", "")
    unit_row = get_object_or_404(Unit, pk=int(raw)) if raw.isdigit() else None
    act(
        request,
        lambda: services.directed_placement_set(
            actor=request.user, placement=placement, unit=unit_row
        ),
        f"已调整{placement.candidate.cadre.name}的定向交流单位。",
    )
    return redirect("exchange:directed")


@require_POST
@role_required(Role.ORGDEPT)
def directed_confirm(request):
    form = MeetingForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("exchange:directed")
    try:
        placed = services.directed_confirm(
            actor=request.user,
            campaign=current_campaign_or_404(),
            meeting_date=form.cleaned_data["meeting_date"],
            note=form.cleaned_data["note"],
        )
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"定向交流已经部务会议研究确定，安排 {placed} 人。")
    return redirect("exchange:directed")


# ------------------------------------------------------------------ B7 standbys


@role_required(*ROSTER_WIDE)
def standbys(request):
    campaign = current_campaign_or_404()
    return render(
        request,
        "exchange/standbys.html",
        {
            "campaign": campaign,
            "standbys": q.standbys(campaign),
            "today": timezone.localdate(),
            "units": Unit.objects.filter(vertically_managed=False).order_by("kind", "code"),
            "form": StandbyOutcomeForm(),
        },
    )


@require_POST
@role_required(Role.ORGDEPT)
def standby_outcome(request, pk: int):
    standby = access_standby(request.user, pk, campaign=current_campaign_or_404())
    form = StandbyOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择结果并正确填写考核年度。")
        return redirect("exchange:standbys")
    data = form.cleaned_data
    unit_row = Unit.objects.filter(pk=data["unit"]).first() if data["unit"] else None
    act(
        request,
        lambda: services.standby_outcome_record(
            actor=request.user,
            standby=standby,
            outcome=data["outcome"],
            unit=unit_row,
            note=data["note"],
            vetting_note=data["vetting_note"],
            year=data["year"],
        ),
        f"已记录{standby.placement.candidate.cadre.name}的待岗结果。",
    )
    return redirect("exchange:standbys")


# ------------------------------------------------------------------ C3 the new unit


@role_required(*UNIT_ROLES)
def arrivals(request):
    campaign = current_campaign_or_404()
    unit = request.user.unit
    return render(
        request,
        "exchange/arrivals.html",
        {
            "campaign": campaign,
            "unit": unit,
            "arrivals": [
                (p, [(key, label, getattr(p, key)) for key, label in TRANSFER_ITEMS.items()])
                for p in q.arrivals(campaign, unit)
            ],
            "leaving": q.placements(campaign)
            .filter(candidate__home_unit=unit, decided_at__isnull=False)
            .order_by("candidate__cadre__name"),
            "items": TRANSFER_ITEMS,
        },
    )


@require_POST
@role_required(Role.UNIT_OPERATOR)
def transfer_tick(request, pk: int):
    placement = access_placement(
        request.user, pk, campaign=current_campaign_or_404(), arriving=True
    )
    item = request.POST.get("item", "")
    try:
        services.transfer_tick(
            actor=request.user,
            placement=placement,
            item=item,
            done=request.POST.get("done", "1") == "1",
        )
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        done = "已登记" if request.POST.get("done", "1") == "1" else "已撤销登记"
        messages.success(
            request, f"{done}{placement.candidate.cadre.name}：{TRANSFER_ITEMS[item]}。"
        )
    return redirect("exchange:arrivals")
