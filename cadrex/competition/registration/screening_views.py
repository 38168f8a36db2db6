"""Part A's qualification review (A6) and shortlist (A7) pages: check access, call one
service, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import current_campaign_or_404, step_is_open, step_is_over
from cadrex.competition.registration import screening
from cadrex.competition.registration.access import (
    access_application,
    access_opening,
    applications_for,
)
from cadrex.competition.registration.forms import ReviewForm, ShortlistForm, row_form
from cadrex.competition.registration.models import (
    ApplicationStatus,
    Opening,
    OpeningStatus,
)
from cadrex.competition.registration.selectors import (
    openings_with_applications,
    qualified_applications,
    thin_openings,
)
from cadrex.kept_forms import attempt, flash_errors
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from cadrex.rules.shortlist import needs_prescreen, shortlist_size
from cadrex.web import refuse

# ------------------------------------------------------------------ A6 office review


def _review_form(application, data=None) -> ReviewForm:
    name = application.cadre.name
    labels = {"qualified": f"{name}的审查结论", "note": f"{name}不符合条件的原因"}
    return row_form(ReviewForm, application.pk, labels, data=data)


def _review_page(request, status: str, bound: ReviewForm | None = None, pk: int | None = None):
    """The list filtered by ``status``; after a refused conclusion, that row's form as typed
    (``bound``, for ``pk``)."""
    campaign = current_campaign_or_404()
    everyone = applications_for(request.user, campaign).select_related(
        "cadre__unit", "opening__unit"
    )
    # A status named: every application in it, the ended ones too (declined, switched,
    # withdrawn, lapsed are no longer active); none named: the applications that stand —
    # not those the home unit did not consent to in time, which no longer can (A3).
    lapsing = _lapsing(campaign, everyone)
    standing = everyone.filter(active=True).exclude(pk__in=lapsing.values("pk"))
    qs = everyone.filter(status=status) if status else standing
    applications = list(qs.order_by("opening__unit__code", "opening_id", "created_at")[:500])
    for application in applications:
        mine = bound is not None and application.pk == pk
        application.review_form = bound if mine else _review_form(application)
    return render(
        request,
        "competition/review.html",
        {
            "campaign": campaign,
            "applications": applications,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "total": qs.count(),
            "pending": everyone.filter(active=True, status=ApplicationStatus.SUBMITTED).exists(),
            "lapsing": lapsing.count(),
            "thin": thin_openings(campaign),
            "review_open": step_is_open(campaign, Step.QUALIFICATION_REVIEW)
            or step_is_open(campaign, Step.REAPPLICATION),
        },
    )


def _lapsing(campaign, everyone):
    """A3: applications still waiting for their home unit's consent once registration is
    over: they did not reach the office, and the close of the review records them as
    未报送 (``screening.review_close``)."""
    if campaign.review_closed_at or not step_is_over(campaign, Step.REGISTRATION):
        return everyone.none()
    return everyone.filter(active=True, status=ApplicationStatus.PENDING_CONSENT)


@role_required(Role.OFFICE)
def review(request):
    return _review_page(request, request.GET.get("status", "submitted"))


@require_POST
@role_required(Role.OFFICE)
def review_decide(request, pk: int):
    application = access_application(request.user, pk, campaign=current_campaign_or_404())
    form = _review_form(application, request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return _review_page(request, form.cleaned_data["back"], form, application.pk)
    if not attempt(
        request,
        form,
        lambda: screening.application_review(
            actor=request.user,
            application=application,
            qualified=form.cleaned_data["qualified"],
            note=form.cleaned_data["note"],
        ),
    ):
        return _review_page(request, form.cleaned_data["back"], form, application.pk)
    opening = Opening.objects.get(pk=application.opening_id)
    if opening.status == OpeningStatus.CANCELLED:  # A6 applied again after the close
        messages.warning(
            request,
            f"“{opening.post_name}”{opening.cancelled_reason}，已不进行竞岗；"
            "其报名人可在改报期内改报其他职位。",
        )
    else:
        messages.success(request, "已记录资格审查结论。")
    back = urlencode({"status": form.cleaned_data["back"]})
    return redirect(f"{reverse('competition:review')}?{back}")


@require_POST
@role_required(Role.OFFICE)
def review_qualify_all(request):
    try:
        done = screening.review_qualify_all(actor=request.user, campaign=current_campaign_or_404())
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"已将 {done} 份待审查报名标记为符合条件。")
    return redirect("competition:review")


@require_POST
@role_required(Role.OFFICE)
def review_close(request):
    try:
        cancelled = screening.review_close(actor=request.user, campaign=current_campaign_or_404())
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
    pool = list(qualified_applications(opening).order_by("prescreen_rank", "created_at"))
    cap = shortlist_size(opening.seats, campaign.policy)
    form = ShortlistForm(
        request.POST or None,
        initial={"method": opening.prescreen_method, "note": opening.prescreen_note},
        pool=pool,
        ranked=needs_prescreen(len(pool), opening.seats, campaign.policy),
    )
    if request.method == "POST" and form.is_valid():
        chosen: list = []

        def record():
            chosen.extend(
                screening.shortlist_record(
                    actor=request.user,
                    opening=opening,
                    method=form.cleaned_data["method"],
                    note=form.cleaned_data["note"],
                    places=form.places(),
                )
            )

        if attempt(request, form, record):
            messages.success(request, f"已确定 {len(chosen)} 名竞岗对象。")
            return redirect("competition:unit_applications")
    elif request.method == "POST":
        flash_errors(request, form)
    return render(
        request,
        "competition/shortlist.html",
        {"campaign": campaign, "opening": opening, "cap": cap, "form": form},
    )


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
        count = screening.contestants_publish(
            actor=request.user, campaign=current_campaign_or_404()
        )
    except RuleViolation as violation:
        refuse(request, violation)
    else:
        messages.success(request, f"已公布 {count} 个职位的竞岗对象名单。")
    return redirect("competition:office_shortlists")
