"""Part B pages of the office up to the matching (B1–B2): every unit's declaration, the
exceptions and returns, the publication of vacancies and its public notice."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.campaigns.selectors import current_campaign, current_campaign_or_404, step_is_open
from cadrex.exchange import selectors as q
from cadrex.exchange import services
from cadrex.exchange.access import access_exchange_declaration
from cadrex.exchange.forms import PublishVacanciesForm, ReasonForm, errors_text, row_ids
from cadrex.exchange.kept_forms import KEEPER
from cadrex.exchange.models import DeclarationStatus
from cadrex.exchange.views import window_info
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.web import refuse

# ------------------------------------------------------------------ the office: B1–B2


@role_required(Role.OFFICE)
def office(request):
    campaign = current_campaign_or_404()
    kept = KEEPER.page(request)
    rows = q.declaration_rows(campaign)
    for row in rows:
        if row["declaration"] is not None:
            pk, name = row["declaration"].pk, row["unit"].name
            row["exception_form"] = kept.form(
                f"exception-{pk}",
                ReasonForm,
                hint="同意例外的理由",
                label=f"同意{name}例外的理由",
                auto_id=row_ids("exception", pk),
            )
            row["return_form"] = kept.form(
                f"return-{pk}",
                ReasonForm,
                hint="退回原因",
                label=f"退回{name}申报的原因",
                size=10,
                auto_id=row_ids("return", pk),
            )
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
            "publish_window": window_info(campaign, Step.VACANCIES),
            "declare_open": step_is_open(campaign, Step.EXCHANGE_SIGNUP)
            or step_is_open(campaign, Step.VACANCIES),
            "undeclared": list(q.undeclared_units(campaign)),
            "publish_form": kept.form("publish", PublishVacanciesForm),
        },
    )


@require_POST
@role_required(Role.OFFICE)
def exception_allow(request, pk: int):
    declaration = access_exchange_declaration(request.user, pk, campaign=current_campaign_or_404())
    form = ReasonForm(request.POST)
    if form.is_valid():
        KEEPER.act_keeping(
            request,
            f"exception-{pk}",
            form,
            lambda: services.balance_exception_allow(
                actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"]
            ),
            f"已同意{declaration.unit.name}人员进出不平衡例外处理。",
        )
    else:
        KEEPER.keep(request, f"exception-{pk}", form)
        messages.error(request, errors_text(form))
    return redirect("exchange:office")


@require_POST
@role_required(Role.OFFICE)
def declaration_return(request, pk: int):
    declaration = access_exchange_declaration(request.user, pk, campaign=current_campaign_or_404())
    form = ReasonForm(request.POST)
    if form.is_valid():
        KEEPER.act_keeping(
            request,
            f"return-{pk}",
            form,
            lambda: services.declaration_return(
                actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"]
            ),
            f"已退回{declaration.unit.name}的申报。",
        )
    else:
        KEEPER.keep(request, f"return-{pk}", form)
        messages.error(request, errors_text(form))
    return redirect("exchange:office")


@require_POST
@role_required(Role.OFFICE)
def vacancies_publish(request):
    """B2: refused while units declared nothing, unless the office ticked that it knows."""
    form = PublishVacanciesForm(request.POST)
    if not form.is_valid():
        KEEPER.keep(request, "publish", form)
        messages.error(request, errors_text(form))
        return redirect("exchange:office")
    try:
        total = services.vacancies_publish(
            actor=request.user,
            campaign=current_campaign_or_404(),
            acknowledge_undeclared=form.cleaned_data["acknowledge_undeclared"],
        )
    except RuleViolation as violation:
        KEEPER.keep(request, "publish", form, violation)
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
