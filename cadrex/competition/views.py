"""Part A registration pages (A1–A7): short views that check access, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import current_campaign_or_404, step_is_open
from cadrex.competition import paperwork, services
from cadrex.competition.access import access_application, access_opening, applications_for
from cadrex.competition.forms import ApplyForm, DecisionForm, OpeningForm, ShortlistForm
from cadrex.competition.forms_data import APPLICATION_FIELDS, roster_values
from cadrex.competition.models import (
    Application,
    ApplicationStatus,
    DeclarationStatus,
    Opening,
    OpeningDeclaration,
    OpeningStatus,
)
from cadrex.competition.selectors import (
    applications_of,
    declaration_rows,
    opening_facts,
    openings_with_applications,
    pending_consents,
    published_openings,
    unit_facts_for,
)
from cadrex.documents.application_form import application_form_pdf, application_form_xlsx
from cadrex.documents.openings import openings_table_xlsx
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import PDF, XLSX, download
from cadrex.registry.facts import cadre_facts
from cadrex.rules import RuleViolation
from cadrex.rules.applications import eligibility_problems
from cadrex.rules.openings import check_declaration, required_openings
from cadrex.rules.schedule import Step
from cadrex.rules.shortlist import prescreen_order, shortlist_size
from cadrex.web import act, refuse

# ------------------------------------------------------------------ A1 unit declares


def _declaration_context(request, campaign, form=None):
    unit = request.user.unit
    declaration = OpeningDeclaration.objects.filter(campaign=campaign, unit=unit).first()
    openings = list(declaration.openings.all()) if declaration else []
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
        if form.is_valid() and act(
            request,
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
        and act(
            request,
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


@role_required(Role.OFFICE)
def office_declarations(request):
    campaign = current_campaign_or_404()
    rows = declaration_rows(campaign)
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


@require_POST
@role_required(Role.OFFICE)
def declaration_return(request, pk: int):
    campaign = current_campaign_or_404()
    declaration = get_object_or_404(OpeningDeclaration, pk=pk, campaign=campaign)
    act(
        request,
        lambda: services.declaration_return(
            actor=request.user, declaration=declaration, reason=request.POST.get("reason", "")
        ),
        f"已退回{declaration.unit.name}的申报。",
    )
    return redirect("competition:office_declarations")


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
        try:
            if current and request.POST.get("switch") == "1":
                services.application_switch(
                    actor=request.user,
                    application=current,
                    to=opening,
                    recusal_confirmed=form.cleaned_data["recusal"],
                )
                messages.success(request, f"已改报“{opening.unit.name} {opening.post_name}”。")
            else:
                services.application_submit(
                    actor=request.user,
                    cadre=cadre,
                    opening=opening,
                    typed=form.typed(),
                    recusal_confirmed=form.cleaned_data["recusal"],
                )
                messages.success(request, "报名已提交，等待所在单位同意。")
        except RuleViolation as violation:
            refuse(request, violation)
        else:
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


@role_required(Role.UNIT_LEADER)
def consents(request):
    campaign = current_campaign_or_404()
    return render(
        request,
        "competition/consents.html",
        {
            "campaign": campaign,
            "pending": pending_consents(request.user.unit, campaign),
            "form": DecisionForm(),
        },
    )


@require_POST
@role_required(Role.UNIT_LEADER)
def consent(request, pk: int):
    campaign = current_campaign_or_404()
    application = access_application(request.user, pk, campaign=campaign)
    if application.cadre.unit_id != request.user.unit_id:
        raise Http404("没有找到该报名，或您无权表态。")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择同意或不同意。")
        return redirect("competition:consents")
    act(
        request,
        lambda: services.application_consent(
            actor=request.user,
            application=application,
            agree=form.cleaned_data["agree"],
            note=form.cleaned_data["note"],
        ),
        f"已对{application.cadre.name}的报名表态。",
    )
    return redirect("competition:consents")


# ------------------------------------------------------------------ A6 office review


@role_required(Role.OFFICE)
def review(request):
    campaign = current_campaign_or_404()
    status = request.GET.get("status", "submitted")
    qs = (
        applications_for(request.user, campaign)
        .filter(active=True)
        .select_related("cadre__unit", "opening__unit")
    )
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "competition/review.html",
        {
            "campaign": campaign,
            "applications": qs.order_by("opening__unit__code", "opening_id", "created_at")[:500],
            "status": status,
            "statuses": ApplicationStatus.choices,
            "total": qs.count(),
            "review_open": step_is_open(campaign, Step.QUALIFICATION_REVIEW)
            or step_is_open(campaign, Step.REAPPLICATION),
        },
    )


@require_POST
@role_required(Role.OFFICE)
def review_decide(request, pk: int):
    application = access_application(request.user, pk, campaign=current_campaign_or_404())
    try:
        services.application_review(
            actor=request.user,
            application=application,
            qualified=request.POST.get("qualified") == "yes",
            note=request.POST.get("note", ""),
        )
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        opening = Opening.objects.get(pk=application.opening_id)
        if opening.status == OpeningStatus.CANCELLED:  # A6 applied again after the close
            messages.warning(
                request,
                f"“{opening.post_name}”{opening.cancelled_reason}，已不进行竞岗；"
                "其报名人可在改报期内改报其他职位。",
            )
        else:
            messages.success(request, "已记录资格审查结论。")
    back = request.POST.get("back", "submitted")
    return redirect(f"{reverse('competition:review')}?status={back}")


@require_POST
@role_required(Role.OFFICE)
def review_qualify_all(request):
    try:
        done = services.review_qualify_all(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"已将 {done} 份待审查报名标记为符合条件。")
    return redirect("competition:review")


@require_POST
@role_required(Role.OFFICE)
def review_close(request):
    try:
        cancelled = services.review_close(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(
            request, f"资格审查已结束，{len(cancelled)} 个职位因符合条件人数不足不进行竞岗。"
        )
    return redirect("competition:review")


# ------------------------------------------------------------------ A7 shortlist


@role_required(*UNIT_ROLES)
def unit_applications(request):
    campaign = current_campaign_or_404()
    rows = openings_with_applications(campaign, request.user.unit)
    return render(
        request,
        "competition/unit_applications.html",
        {"campaign": campaign, "openings": rows, "cap": campaign.policy.shortlist_cap},
    )


@role_required(Role.UNIT_OPERATOR, Role.UNIT_LEADER)
def shortlist(request, pk: int):
    campaign = current_campaign_or_404()
    opening = access_opening(request.user, pk, campaign=campaign)
    pool = list(services.qualified_applications(opening).order_by("prescreen_rank", "created_at"))
    for application in pool:  # after a refusal the boxes keep what was typed
        saved = application.prescreen_rank
        typed = request.POST.get(f"rank_{application.pk}") if request.method == "POST" else None
        application.rank_value = typed if typed is not None else ("" if saved is None else saved)
    cap = shortlist_size(opening.seats, campaign.policy)
    form = ShortlistForm(
        request.POST or None,
        initial={"method": opening.prescreen_method, "note": opening.prescreen_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = _order_from(request.POST, pool) if len(pool) > cap else None
            chosen = services.shortlist_record(
                actor=request.user,
                opening=opening,
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
                order=order,
            )
        except RuleViolation as violation:
            refuse(request, violation)
        else:
            messages.success(request, f"已确定 {len(chosen)} 名竞岗对象。")
            return redirect("competition:unit_applications")
    return render(
        request,
        "competition/shortlist.html",
        {
            "campaign": campaign,
            "opening": opening,
            "pool": pool,
            "cap": cap,
            "form": form,
            "needs_order": len(pool) > cap,
        },
    )


def _order_from(post, pool) -> list[int]:
    """A7: the pre-screen order from the place boxes (``rules.shortlist.prescreen_order``:
    a blank box is "not ranked"; anything but 1, 2, 3 … is refused, nothing changed)."""
    places = [(a.pk, a.cadre.name, post.get(f"rank_{a.pk}", "")) for a in pool]
    return prescreen_order(places)


@role_required(Role.OFFICE)
def office_shortlists(request):
    campaign = current_campaign_or_404()
    return render(
        request,
        "competition/office_shortlists.html",
        {
            "campaign": campaign,
            "openings": openings_with_applications(campaign),
            "shortlist_open": step_is_open(campaign, Step.SHORTLIST),
        },
    )


@require_POST
@role_required(Role.OFFICE)
def contestants_publish(request):
    try:
        count = services.contestants_publish(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"已公布 {count} 个职位的竞岗对象名单。")
    return redirect("competition:office_shortlists")


@require_POST
@role_required(Role.OFFICE)
def counts_snapshot(request):
    count = services.counts_snapshot(campaign=current_campaign_or_404(), actor=request.user)
    messages.success(request, f"已统计今日 {count} 个职位的报名人数并公布。")
    return redirect("notices:daily_counts")
