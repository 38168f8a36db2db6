"""Part B pages after the forms close: the office's matching (B5) and flows, the orgdept's
directed placement (B6) and standbys (B7), the new unit's arrivals (C3)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cadrex.accounts.access import ROSTER_WIDE, role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.documents.exchange import results_table_xlsx
from cadrex.documents.responses import XLSX, download
from cadrex.exchange import paperwork, results, rounds, services
from cadrex.exchange import selectors as q
from cadrex.exchange.access import access_matching_run, access_placement, access_standby
from cadrex.exchange.deadline_views import overdue_rows
from cadrex.exchange.forms import errors_text, row_ids
from cadrex.exchange.forms_decision import (
    DirectedUnitForm,
    MeetingForm,
    StandbyOutcomeForm,
    TransferForm,
)
from cadrex.exchange.kept_forms import KEEPER
from cadrex.exchange.models import TRANSFER_ITEMS, MatchingRun, PlacementKind
from cadrex.exchange.sankey import sankey_figure
from cadrex.exchange.views import window_info
from cadrex.kept_forms import KeptForms
from cadrex.registry.models import Unit
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.web import act, refuse

# ------------------------------------------------------------------ the office: B5 matching


@role_required(*ROSTER_WIDE)
def matching(request):
    campaign = current_campaign_or_404()
    runs = list(MatchingRun.objects.filter(campaign=campaign).select_related("created_by")[:20])
    current = rounds.current_round(campaign)
    published = rounds.round_run(campaign, current)  # the round under way, once published
    return render(
        request,
        "exchange/matching.html",
        {
            "campaign": campaign,
            "runs": runs,
            "published": published,
            "window": window_info(campaign, Step.MATCHING),
            "proposals_window": window_info(campaign, Step.PROPOSALS),
            "vacancies_published": q.selection_of(campaign).vacancies_published_at,
            "rounds": campaign.policy.matching_rounds,
            "current_round": current,
            "round_due": rounds.another_round_due(campaign, published, current),
        },
    )


@require_POST
@role_required(Role.OFFICE)
def round_open(request):
    """B5 (ADR 0011): the office opens the next matching round."""
    campaign = current_campaign_or_404()
    act(
        request,
        lambda: services.round_open(actor=request.user, campaign=campaign),
        "已开启新一轮双向选择：落岗人员可在剩余缺员单位中重新填报意向，填报意向从现在开始。",
    )
    return redirect("exchange:matching")


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
    rows = results.run_rows(run)
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
            "summary": results.run_summary(run),
            "labels": results.OUTCOME_LABELS,
            "published": rounds.round_run(campaign, run.round),
            "window": window_info(campaign, Step.MATCHING),
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
    title = "一般干部跨单位双向选择匹配结果及定向交流情况"
    table = paperwork.results_table(campaign, run, title=title)
    return download(results_table_xlsx(table), f"{title}.xlsx", XLSX)


# ------------------------------------------------------------------ flows at a glance


@role_required(*ROSTER_WIDE)
def flows(request):
    campaign = current_campaign_or_404()
    edges = results.flow_edges(campaign)
    kinds = dict(Unit._meta.get_field("kind").choices)

    def label(node, by_kind: bool) -> str:
        if isinstance(node, str):
            return results.OTHER_NODES[node]
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
            "counts": results.outcome_counts(campaign),
            "by_kind": sankey_figure(
                collapse(True), label="按单位类别的人员流向", width=820, band_height=320
            ),
            "by_unit": sankey_figure(
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
    explanations = results.run_explanations(run) if run else {}
    waiting = len(json.loads(run.result)["unplaced"]) if run else 0  # people the meeting must place
    choices = sorted(
        ((u, left.get(u.code, 0)) for u in units.values()), key=lambda x: (x[0].kind, x[0].code)
    )
    kept = KEEPER.page(request)
    return render(
        request,
        "exchange/directed.html",
        {
            "campaign": campaign,
            "run": run,
            "rows": [
                (p, explanations.get(p.candidate_id), _directed_form(kept, p, choices))
                for p in rows
            ],
            "waiting": waiting,
            "remaining": sorted(
                ((units[c], n) for c, n in left.items() if c in units), key=lambda x: x[0].code
            ),
            "selection": q.selection_of(campaign),
            "window": window_info(campaign, Step.DIRECTED_PLACEMENT),
            "meeting_form": kept.form(
                "meeting", MeetingForm, initial={"meeting_date": timezone.localdate()}
            ),
        },
    )


def _directed_form(kept: KeptForms, placement, choices) -> DirectedUnitForm:
    """One row's form: the units with vacancies left, never the person's home unit."""
    form = kept.form(
        f"directed-{placement.pk}",
        DirectedUnitForm,
        initial={"unit": placement.unit_id},
        auto_id=row_ids("directed", placement.pk),
    )
    home = placement.candidate.home_unit_id
    form.offer(placement.candidate.cadre.name, [(u, n) for u, n in choices if u.pk != home])
    return form


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
    form = DirectedUnitForm(request.POST)
    if not form.is_valid():
        KEEPER.keep(request, f"directed-{pk}", form)
        messages.error(request, errors_text(form))
        return redirect("exchange:directed")
    KEEPER.act_keeping(
        request,
        f"directed-{pk}",
        form,
        lambda: services.directed_placement_set(
            actor=request.user, placement=placement, unit=form.cleaned_data["unit"]
        ),
        f"已调整{placement.candidate.cadre.name}的定向交流单位。",
    )
    return redirect("exchange:directed")


@require_POST
@role_required(Role.ORGDEPT)
def directed_confirm(request):
    form = MeetingForm(request.POST)
    if not form.is_valid():
        KEEPER.keep(request, "meeting", form)
        messages.error(request, errors_text(form))
        return redirect("exchange:directed")
    try:
        placed = services.directed_confirm(
            actor=request.user,
            campaign=current_campaign_or_404(),
            meeting_date=form.cleaned_data["meeting_date"],
            note=form.cleaned_data["note"],
        )
    except RuleViolation as violation:
        KEEPER.keep(request, "meeting", form, violation)
        refuse(request, violation)
    else:
        messages.success(request, f"定向交流已经部务会议研究确定，安排 {placed} 人。")
    return redirect("exchange:directed")


# ------------------------------------------------------------------ B7 standbys


@role_required(*ROSTER_WIDE)
def standbys(request):
    campaign = current_campaign_or_404()
    kept = KEEPER.page(request)
    return render(
        request,
        "exchange/standbys.html",
        {
            "campaign": campaign,
            "standbys": [
                (
                    s,
                    kept.form(
                        f"standby-{s.pk}", StandbyOutcomeForm, auto_id=row_ids("standby", s.pk)
                    ),
                )
                for s in q.standbys(campaign)
            ],
            # ADR 0012: those who let the answer deadline pass, for the orgdept to settle
            "overdue": overdue_rows(campaign, kept),
            "today": timezone.localdate(),
        },
    )


@require_POST
@role_required(Role.ORGDEPT)
def standby_outcome(request, pk: int):
    standby = access_standby(request.user, pk, campaign=current_campaign_or_404())
    form = StandbyOutcomeForm(request.POST)
    if not form.is_valid():
        KEEPER.keep(request, f"standby-{pk}", form)
        messages.error(request, errors_text(form))
        return redirect("exchange:standbys")
    data = form.cleaned_data
    KEEPER.act_keeping(
        request,
        f"standby-{pk}",
        form,
        lambda: services.standby_outcome_record(
            actor=request.user,
            standby=standby,
            outcome=data["outcome"],
            unit=data["unit"],
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
            # C3 (ADR 0012): a deadline passed without a report shows as 逾期未报到
            "today": timezone.localdate(),
        },
    )


@require_POST
@role_required(Role.UNIT_OPERATOR)
def transfer_tick(request, pk: int):
    placement = access_placement(
        request.user, pk, campaign=current_campaign_or_404(), arriving=True
    )
    form = TransferForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("exchange:arrivals")
    item, done = form.cleaned_data["item"], form.cleaned_data["done"]
    act(
        request,
        lambda: services.transfer_tick(
            actor=request.user, placement=placement, item=item, done=done
        ),
        f"{'已登记' if done else '已撤销登记'}{placement.candidate.cadre.name}："
        f"{TRANSFER_ITEMS[item]}。",
    )
    return redirect("exchange:arrivals")
