"""Part A registration pages (A1–A5): short views that check access, call one service,
render. The review and shortlist pages (A6–A7) are in ``screening_views``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import current_campaign_or_404, step_is_open
from cadrex.competition.registration import paperwork, services
from cadrex.competition.registration.access import (
    access_application,
    access_consent,
    access_opening,
)
from cadrex.competition.registration.forms import (
    ApplyForm,
    DecisionForm,
    OpeningForm,
    ReturnForm,
    row_form,
)
from cadrex.competition.registration.forms_data import APPLICATION_FIELDS, roster_values
from cadrex.competition.registration.models import (
    Application,
    DeclarationStatus,
    Opening,
    OpeningDeclaration,
    OpeningStatus,
)
from cadrex.competition.registration.selectors import (
    applications_of,
    declaration_rows,
    opening_facts,
    pending_consents,
    published_openings,
    unit_facts_for,
)
from cadrex.documents.application_form import application_form_pdf, application_form_xlsx
from cadrex.documents.openings import openings_table_xlsx
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import PDF, XLSX, download
from cadrex.kept_forms import act_on_form, flash_errors
from cadrex.registry.facts import cadre_facts
from cadrex.rules import RuleViolation
from cadrex.rules.applications import eligibility_problems
from cadrex.rules.openings import check_declaration, required_openings
from cadrex.rules.schedule import Step
from cadrex.web import act, refuse

# ------------------------------------------------------------------ A1 unit declares


def _declaration_context(request, campaign, form=None):
    unit = request.user.unit
    declaration = OpeningDeclaration.objects.filter(campaign=campaign, unit=unit).first()
    openings = list(declaration.openings.select_related("unit")) if declaration else []
    facts = unit_facts_for(unit, campaign)
    problem = None
    try:
        check_declaration(facts, [opening_facts(o) for o in openings], campaign.policy)
    except RuleViolation as violation:
        problem = violation.message
    return {
        "campaign": campaign,
        "unit": unit,
        "declaration": declaration,
        "openings": openings,
        "facts": facts,
        "needed": required_openings(facts, campaign.policy),
        "offered": sum(o.seats for o in openings),
        "problem": problem,
        "editable": (declaration is None or declaration.status != DeclarationStatus.SUBMITTED),
        "window_open": step_is_open(campaign, Step.DECLARE_OPENINGS),
        "form": form or OpeningForm(),
    }


@role_required(*UNIT_ROLES)
def declaration(request):
    campaign = current_campaign_or_404()
    form = None
    if request.method == "POST":
        form = OpeningForm(request.POST)
        if form.is_valid() and act_on_form(
            request,
            form,
            lambda: services.opening_add(
                actor=request.user,
                campaign=campaign,
                unit=request.user.unit,
                data=form.cleaned_data,
            ),
            "已添加竞岗职位。",
        ):
            return redirect("competition:declaration")
    return render(
        request, "competition/declaration.html", _declaration_context(request, campaign, form)
    )


@role_required(*UNIT_ROLES)
def opening_edit(request, pk: int):
    campaign = current_campaign_or_404()
    opening = access_opening(request.user, pk, campaign=campaign)
    form = OpeningForm(request.POST or None, instance=opening)
    if (
        request.method == "POST"
        and form.is_valid()
        and act_on_form(
            request,
            form,
            lambda: services.opening_update(
                actor=request.user, opening=Opening.objects.get(pk=pk), data=form.cleaned_data
            ),
            "已保存。",
        )
    ):
        return redirect("competition:declaration")
    return render(request, "competition/opening_edit.html", {"form": form, "opening": opening})


@require_POST
@role_required(*UNIT_ROLES)
def opening_delete(request, pk: int):
    opening = access_opening(request.user, pk, campaign=current_campaign_or_404())
    act(
        request,
        lambda: services.opening_delete(actor=request.user, opening=opening),
        "已删除该职位。",
    )
    return redirect("competition:declaration")


@require_POST
@role_required(Role.UNIT_LEADER)
def declaration_submit(request):
    act(
        request,
        lambda: services.declaration_submit(
            actor=request.user, campaign=current_campaign_or_404(), unit=request.user.unit
        ),
        "本单位竞岗职位已报送竞岗交流工作办公室。",
    )
    return redirect("competition:declaration")


# ------------------------------------------------------------------ A1–A2 office


def _return_form(declaration: OpeningDeclaration, unit_name: str, data=None) -> ReturnForm:
    return row_form(ReturnForm, declaration.pk, {"reason": f"退回{unit_name}申报的原因"}, data=data)


def _office_declarations_page(request, bound: ReturnForm | None = None, pk: int | None = None):
    """The page; after a refused return, that row's form as typed (``bound``, for ``pk``)."""
    campaign = current_campaign_or_404()
    rows = declaration_rows(campaign)
    for row in rows:  # only a submitted declaration can be returned
        if row["state"] == "submitted":
            mine = bound is not None and row["declaration"].pk == pk
            row["form"] = bound if mine else _return_form(row["declaration"], row["unit"].name)
    summary = {
        state: sum(1 for r in rows if r["state"] == state)
        for state in ("submitted", "missing", "returned", "exempt")
    }
    return render(
        request,
        "competition/office_declarations.html",
        {
            "campaign": campaign,
            "rows": rows,
            "summary": summary,
            "publish_open": step_is_open(campaign, Step.PUBLISH_OPENINGS),
            "declare_open": step_is_open(campaign, Step.DECLARE_OPENINGS),
        },
    )


@role_required(Role.OFFICE)
def office_declarations(request):
    return _office_declarations_page(request)


@require_POST
@role_required(Role.OFFICE)
def declaration_return(request, pk: int):
    campaign = current_campaign_or_404()
    declaration = get_object_or_404(OpeningDeclaration, pk=pk, campaign=campaign)
    form = _return_form(declaration, declaration.unit.name, request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    elif act_on_form(
        request,
        form,
        lambda: services.declaration_return(
            actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"]
        ),
        f"已退回{declaration.unit.name}的申报。",
    ):
        return redirect("competition:office_declarations")
    return _office_declarations_page(request, form, declaration.pk)


@require_POST
@role_required(Role.OFFICE)
def openings_publish(request):
    try:
        count = services.openings_publish(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"已统一公布 {count} 个竞岗职位。")
    return redirect("competition:office_declarations")


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def openings_xlsx(request):
    campaign = current_campaign_or_404()
    openings = (
        Opening.objects.filter(campaign=campaign)
        .select_related("unit")
        .order_by("unit__code", "id")
    )
    if request.user.role in UNIT_ROLES:
        openings = openings.filter(unit=request.user.unit)
        title = f"{request.user.unit.name}跨单位竞岗中层职位表"
    else:
        openings = (
            openings.exclude(status=OpeningStatus.DRAFT)
            if campaign.openings_published_at
            else openings
        )
        title = "跨单位竞岗中层职位表"
    # A1/A12: the table prints each unit's headcount as frozen when the campaign opened.
    heads = dict(campaign.headcounts.values_list("unit_id", "headcount"))
    table = paperwork.openings_table(title, openings, heads)
    return download(openings_table_xlsx(table), f"{title}.xlsx", XLSX)


# ------------------------------------------------------------------ A3–A5 cadre


@role_required(Role.CADRE)
def openings(request):
    campaign = current_campaign_or_404()
    cadre = request.user.cadre
    active = list(
        Application.objects.filter(campaign=campaign, cadre=cadre, active=True).select_related(
            "opening__unit"
        )
    )
    facts, home = cadre_facts(cadre), unit_facts_for(cadre.unit)
    today = timezone.localdate()
    rows = []
    for opening in published_openings(campaign):
        if opening.status == OpeningStatus.CANCELLED:
            reasons = ["该职位不进行竞岗。"]
        else:
            reasons = eligibility_problems(
                facts,
                opening_facts(opening),
                on=today,
                policy=campaign.policy,
                active_openings=[opening_facts(a.opening).code for a in active],
                home_unit=home,
            )
        rows.append({"opening": opening, "reasons": reasons})
    return render(
        request,
        "competition/openings.html",
        {
            "campaign": campaign,
            "rows": rows,
            "active": active,
            "registration_open": step_is_open(campaign, Step.REGISTRATION),
        },
    )


@role_required(Role.CADRE)
def apply(request, pk: int):
    campaign = current_campaign_or_404()
    opening = get_object_or_404(published_openings(campaign), pk=pk)
    cadre = request.user.cadre
    prefilled = roster_values(cadre, timezone.localdate())
    blanks = [k for k, v in prefilled.items() if not v]
    form = ApplyForm(request.POST or None, blanks=blanks)
    current = (
        Application.objects.filter(campaign=campaign, cadre=cadre, active=True)
        .select_related("opening__unit")
        .first()
    )
    if request.method == "POST" and form.is_valid():
        switch = current is not None and form.cleaned_data["switch"]
        if act_on_form(
            request,
            form,
            lambda: _apply_or_switch(request, form, opening, current if switch else None),
            f"已改报“{opening.unit.name} {opening.post_name}”。"
            if switch
            else "报名已提交，等待所在单位同意。",
        ):
            return redirect("competition:my_applications")
    fields = [(f.label, prefilled[f.key]) for f in APPLICATION_FIELDS if prefilled.get(f.key)]
    return render(
        request,
        "competition/apply.html",
        {
            "campaign": campaign,
            "opening": opening,
            "form": form,
            "prefilled": fields,
            "current": current,
        },
    )


def _apply_or_switch(request, form: ApplyForm, opening: Opening, current: Application | None):
    """A3 a new application, or A5 the cadre's ``current`` one moved to ``opening``."""
    recusal = form.cleaned_data["recusal"]
    if current is not None:
        return services.application_switch(
            actor=request.user, application=current, to=opening, recusal_confirmed=recusal
        )
    return services.application_submit(
        actor=request.user,
        cadre=request.user.cadre,
        opening=opening,
        typed=form.typed(),
        recusal_confirmed=recusal,
    )


@role_required(Role.CADRE)
def my_applications(request):
    campaign = current_campaign_or_404()
    history = list(applications_of(request.user.cadre, campaign))
    return render(
        request,
        "competition/my_applications.html",
        {
            "campaign": campaign,
            "history": history,
            "current": next((a for a in history if a.active), None),
            "registration_open": step_is_open(campaign, Step.REGISTRATION),
            "reapplication_open": step_is_open(campaign, Step.REAPPLICATION),
        },
    )


@require_POST
@role_required(Role.CADRE)
def application_withdraw(request, pk: int):
    application = access_application(request.user, pk, campaign=current_campaign_or_404())
    act(
        request,
        lambda: services.application_withdraw(actor=request.user, application=application),
        "报名已撤回。",
    )
    return redirect("competition:my_applications")


@role_required(Role.OFFICE, Role.CADRE, *UNIT_ROLES)
def application_form(request, pk: int, fmt: str):
    application = access_application(request.user, pk, campaign=current_campaign_or_404())
    name = f"跨单位竞岗报名表_{application.form.get('name', application.pk)}"
    form = paperwork.application_form(application)
    if fmt == "xlsx":
        return download(application_form_xlsx(form), f"{name}.xlsx", XLSX)
    try:
        return download(application_form_pdf(form), f"{name}.pdf", PDF, inline=True)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect(request.META.get("HTTP_REFERER") or "home")


# ------------------------------------------------------------------ A3 home-unit consent


def _consent_form(application: Application, data=None) -> DecisionForm:
    name = application.cadre.name
    labels = {"agree": f"对{name}报名的意见", "note": f"对{name}报名的理由或说明"}
    return row_form(DecisionForm, application.pk, labels, data=data)


def _consents_page(request, bound: DecisionForm | None = None, pk: int | None = None):
    """The page; after a refused decision, that row's form as typed (``bound``, for ``pk``)."""
    campaign = current_campaign_or_404()
    pending = list(pending_consents(request.user.unit, campaign, leader=request.user))
    for application in pending:
        application.decision_form = (
            bound if bound is not None and application.pk == pk else _consent_form(application)
        )
    return render(request, "competition/consents.html", {"campaign": campaign, "pending": pending})


@role_required(Role.UNIT_LEADER)
def consents(request):
    return _consents_page(request)


@require_POST
@role_required(Role.UNIT_LEADER)
def consent(request, pk: int):
    application = access_consent(request.user, pk, campaign=current_campaign_or_404())
    form = _consent_form(application, request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    elif act_on_form(
        request,
        form,
        lambda: services.application_consent(
            actor=request.user,
            application=application,
            agree=form.cleaned_data["agree"],
            note=form.cleaned_data["note"],
        ),
        f"已对{application.cadre.name}的报名表态。",
    ):
        return redirect("competition:consents")
    return _consents_page(request, form, application.pk)


@require_POST
@role_required(Role.OFFICE)
def counts_snapshot(request):
    """A4: the office's button beside the cron run; the same service, refused outside
    registration."""
    try:
        count, again = services.counts_publish(
            actor=request.user, campaign=current_campaign_or_404()
        )
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        if again:
            messages.success(
                request, f"今日人数此前已统计，已按当前报名更新 {count} 个职位的今日人数。"
            )
        else:
            messages.success(request, f"已统计今日 {count} 个职位的报名人数并公布。")
    return redirect("notices:daily_counts")
