"""Part B's tables as printable PDFs, beside their .xlsx (FORMS.md): 人员基本情况表 (B1),
意向表 (B3), 人选需求表 (B4), 匹配结果及定向交流情况表 (B5–B6).

Each view lets in exactly whom its .xlsx twin lets in and scopes the rows the same way (a
unit its own people, a cadre their own line, the office and orgdept everybody); the rows come
from the same ``paperwork`` builders, so the two files of a table always agree.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from cadrex.accounts.access import ROSTER_WIDE, role_required
from cadrex.accounts.models import UNIT_ROLES, Role
from cadrex.campaigns.selectors import current_campaign_or_404
from cadrex.documents.exchange import (
    candidate_table_pdf,
    preference_form_pdf,
    proposal_form_pdf,
    results_table_pdf,
)
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import PDF, download
from cadrex.exchange import paperwork
from cadrex.exchange import selectors as q


def _pdf(request, render, value, title: str, back: str):
    """The PDF inline, or back to ``back`` with the reason when WeasyPrint cannot run."""
    try:
        return download(render(value), f"{title}.pdf", PDF, inline=True)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect(back)


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def candidates_pdf(request):
    """B1 人员基本情况表: a unit its own; the office and orgdept the whole city."""
    campaign = current_campaign_or_404()
    rows = q.candidates(campaign)
    title = "一般干部跨单位双向选择人员基本情况表"
    back = "home"
    if request.user.role in UNIT_ROLES:
        rows = rows.filter(home_unit=request.user.unit)
        title = f"{request.user.unit.name}{title}"
        back = "exchange:unit"
    table = paperwork.candidate_table(title, rows)
    return _pdf(request, candidate_table_pdf, table, title, back)


@role_required(Role.CADRE, *ROSTER_WIDE)
def preferences_pdf(request):
    """B3 意向表: a candidate their own; the office and orgdept everybody's."""
    campaign = current_campaign_or_404()
    rows = q.candidates(campaign)
    title = filename = "一般干部跨单位双向选择意向表"
    back = "home"
    if request.user.role == Role.CADRE:
        rows = rows.filter(cadre=request.user.cadre)
        if not rows:
            raise Http404("您不是本次双向选择的交流对象。")
        filename = f"{title}_{request.user.cadre.name}"  # the file's name; the form's title
        back = "exchange:my"
    form = paperwork.preference_form(title, rows, campaign.policy.max_preferences)
    return _pdf(request, preference_form_pdf, form, filename, back)


@role_required(Role.OFFICE, Role.ORGDEPT, *UNIT_ROLES)
def proposals_pdf(request):
    """B4 人选需求表. A unit's copy never shows preference ranks; the office's does."""
    campaign = current_campaign_or_404()
    unit = request.user.unit if request.user.role in UNIT_ROLES else None
    title = "一般干部跨单位双向选择人选需求表"
    back = "home"
    if unit is not None:
        title = f"{unit.name}{title}"
        back = "exchange:proposals"
    form = paperwork.proposal_form(
        campaign, title=title, unit=unit, with_choice=request.user.role in ROSTER_WIDE
    )
    return _pdf(request, proposal_form_pdf, form, title, back)


@role_required(*ROSTER_WIDE)
def results_pdf(request):
    """B5–B6: every candidate's outcome (matching result and directed placement)."""
    campaign = current_campaign_or_404()
    run = q.published_run(campaign)
    if run is None:
        messages.error(request, "双向选择匹配结果尚未公布。")
        return redirect("exchange:matching")
    title = "一般干部跨单位双向选择匹配结果及定向交流情况"
    table = paperwork.results_table(campaign, run, title=title)
    return _pdf(request, results_table_pdf, table, title, "exchange:matching")
