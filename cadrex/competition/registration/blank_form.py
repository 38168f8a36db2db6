"""A3: the blank 《跨单位竞岗报名表》 to print and fill by hand, for anyone logged in."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role
from cadrex.competition.registration import paperwork
from cadrex.documents.application_form import application_form_pdf, application_form_xlsx
from cadrex.documents.pdf import PdfUnavailable
from cadrex.documents.responses import PDF, XLSX, download

NAME = "跨单位竞岗报名表（空白）"


@role_required(*Role.values)
def application_form_blank(request, fmt: str):
    form = paperwork.blank_application_form()
    if fmt == "xlsx":
        return download(application_form_xlsx(form), f"{NAME}.xlsx", XLSX)
    try:
        return download(application_form_pdf(form), f"{NAME}.pdf", PDF, inline=True)
    except PdfUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("home")
