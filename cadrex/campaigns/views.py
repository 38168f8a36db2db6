"""The campaign pages: its policy, its schedule (日程安排表) and their editing by the office."""

from __future__ import annotations

import dataclasses
import io
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cadrex.accounts.access import ROSTER_WIDE, role_required
from cadrex.accounts.models import Role
from cadrex.campaigns.calendar import schedule_calendar
from cadrex.campaigns.forms import PolicyForm, ScheduleForm, ScheduleShiftForm
from cadrex.campaigns.selectors import current_campaign_or_404, schedule_rows
from cadrex.campaigns.services import (
    campaign_policy_update,
    campaign_schedule_shift,
    campaign_schedule_update,
)
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.policy_notes import policy_notes as build_policy_notes
from cadrex.documents.policy_notes import policy_notes_pdf as render_policy_notes_pdf
from cadrex.documents.responses import PDF, download
from cadrex.documents.xlsx import append_row
from cadrex.rules.policy import CHOICE_LABELS, POLICY_LABELS, Policy
from cadrex.rules.schedule import STEP_INFO, out_of_order
from cadrex.web import RULE_READERS


def _policy_rows(policy: Policy) -> list[dict]:
    default = Policy()
    return [
        {
            "label": POLICY_LABELS.get(f.name, (f.name, ""))[0],
            "rule": POLICY_LABELS.get(f.name, ("", ""))[1],
            "value": CHOICE_LABELS.get(getattr(policy, f.name), getattr(policy, f.name)),
            "changed": getattr(policy, f.name) != getattr(default, f.name),
        }
        for f in dataclasses.fields(Policy)
    ]


@role_required(*ROSTER_WIDE)
def detail(request):
    campaign = current_campaign_or_404()
    rows = schedule_rows(campaign)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "policy_rows": _policy_rows(campaign.policy),
            "schedule": rows,
            "work_calendar": schedule_calendar(rows),
            "demo": settings.CADREX_DEMO,
        },
    )


@role_required(Role.OFFICE)
def policy_edit(request):
    campaign = current_campaign_or_404()
    form = PolicyForm(request.POST or None, policy=campaign.policy)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_policy_update(
                actor=request.user, campaign=campaign, overrides=form.overrides()
            )
        except ValidationError as error:
            _errors_beside_fields(form, error)
        else:
            messages.success(request, "政策参数已保存。")
            return redirect("campaigns:detail")
    return render(request, "campaigns/policy_edit.html", {"campaign": campaign, "form": form})


def _errors_beside_fields(form, error: ValidationError) -> None:
    """Every refusal of the policy at once, each beside the box it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _errors_beside_steps(form, error: ValidationError) -> None:
    """The service names the step whose window it refuses: the message goes beside that
    step's 截止 box (a message naming no box goes above the table)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for step, errors in error.error_dict.items():
        field = f"{step}__end"
        form.add_error(field if field in form.fields else None, errors)


def _warn_out_of_order(request, campaign) -> None:
    """Steps that now start before one the plan puts ahead of them: saved, but said."""
    windows = {w.step_enum: w.as_rule for w in campaign.windows.all()}
    late = out_of_order(windows)
    if late:
        names = "、".join(f"“{STEP_INFO[step][1]}”" for step in late)
        messages.warning(request, f"请核对：{names}的开始时间早于计划中在它之前的环节。")


@role_required(Role.OFFICE)
def schedule_edit(request):
    campaign = current_campaign_or_404()
    windows = {w.step: w for w in campaign.windows.all()}
    form = ScheduleForm(request.POST or None, windows=windows)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_schedule_update(actor=request.user, campaign=campaign, windows=form.windows())
        except ValidationError as error:
            _errors_beside_steps(form, error)
        else:
            messages.success(request, "日程安排已保存。")
            _warn_out_of_order(request, campaign)
            return redirect("campaigns:detail")
    return render(request, "campaigns/schedule_edit.html", {"campaign": campaign, "form": form})


def schedule(request):
    """The 日程安排表 is an attachment of the published plan: anyone may read it."""
    campaign = current_campaign_or_404()
    rows = schedule_rows(campaign)
    return render(
        request,
        "campaigns/schedule.html",
        {
            "campaign": campaign,
            "schedule": rows,
            # which holiday calendar counts working days; a warning where a year is missing
            "work_calendar": schedule_calendar(rows),
            # the rule IDs for those who work the campaign; a cadre and the public read the
            # steps and their dates
            "show_rule": getattr(request.user, "role", None) in RULE_READERS,
        },
    )


def schedule_xlsx(request):
    campaign = current_campaign_or_404()
    wb = Workbook()
    ws = wb.active
    ws.title = "日程安排表"
    append_row(ws, [f"{campaign.name}日程安排表"])
    ws.merge_cells("A1:E1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(ws, ["步骤", "依据", "开始时间", "截止时间", "责任单位"])
    for row in schedule_rows(campaign):
        w = row["window"]
        append_row(
            ws,
            [
                row["name"],
                row["rule"],
                _local(w.start) if w else "未安排",
                _local(w.end) if w else "",
                row["who"],
            ],
        )
    for col, width in zip("ABCDE", (34, 8, 18, 18, 26), strict=True):
        ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('日程安排表.xlsx')}"
    return response


@login_required
def policy_notes(request):
    """C5 政策说明: the campaign's policy in plain sentences; every signed-in role reads it."""
    campaign = current_campaign_or_404()
    notes = build_policy_notes(campaign.policy, campaign_name=campaign.name)
    return render(request, "campaigns/policy_notes.html", {"campaign": campaign, "notes": notes})


@login_required
def policy_notes_pdf(request):
    campaign = current_campaign_or_404()
    notes = build_policy_notes(campaign.policy, campaign_name=campaign.name)
    try:
        content = render_policy_notes_pdf(notes)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("campaigns:policy_notes")
    return download(content, f"{notes.title}.pdf", PDF, inline=True)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@require_POST
@role_required(Role.OFFICE)
def schedule_shift(request):
    """Shift every window so the chosen step starts now (e.g. to open review early)."""
    campaign = current_campaign_or_404()
    form = ScheduleShiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"无法调整日程：{form.refusal()}")
        return redirect("campaigns:detail")
    step = form.cleaned_data["step"]
    try:
        campaign_schedule_shift(
            actor=request.user, campaign=campaign, step=step, start=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, f"无法调整日程：{'；'.join(error.messages)}")
    else:
        messages.success(
            request, f"日程已整体调整：“{STEP_INFO[step][1]}”从现在开始，其余环节相应顺延或提前。"
        )
    return redirect("campaigns:detail")
