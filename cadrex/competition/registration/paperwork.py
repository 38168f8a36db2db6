"""Part A registration's records (A1, A3) as the plain values the official forms take (``cadrex.documents.values``).

Each builder reads what its form shows in a fixed number of queries, whatever the number of
rows, and hands the renderer strings, numbers, dates and rows. What the records mean — which
status is a "no", what the roster held before the move, whether the viewer may read an ID
number in full — is decided here; how a form prints it is decided in ``cadrex.documents``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet
from django.utils import timezone

from cadrex.competition.registration.forms_data import APPLICATION_FIELDS
from cadrex.competition.registration.models import Application, ApplicationStatus
from cadrex.documents import values as v
from cadrex.registry.photos import cadre_photo_bytes

# ------------------------------------------------------------------ A1 openings table


def openings_table(
    title: str, openings: QuerySet, headcounts: Mapping[int, int]
) -> v.OpeningsTable:
    """《跨单位竞岗中层职位表》: ``openings`` as the viewer may see them, in print order;
    ``headcounts`` each unit's middle-level headcount as frozen when the campaign opened."""
    return v.OpeningsTable(
        title=title,
        rows=tuple(
            v.OpeningRow(
                unit=o.unit.name,
                post_name=o.post_name,
                level=o.get_level_display(),
                section=o.section,
                seats=o.seats,
                duties=o.duties,
                conditions=o.conditions,
                contact=o.contact,
                headcount=headcounts.get(o.unit_id, ""),
            )
            for o in openings.select_related("unit")
        ),
    )


# ------------------------------------------------------------------ A3 application form


def _opinion(verdict: str, note: str, at) -> v.Opinion | None:
    return v.Opinion(verdict, note, timezone.localdate(at)) if at else None


def application_form(application: Application) -> v.ApplicationForm:
    """《跨单位竞岗报名表》 as submitted, with the home unit's and the office's word.

    Reads ``application.opening.unit``: select it with the application."""
    form = application.form
    lines = [v.FormLine(f.label, form.get(f.key, "")) for f in APPLICATION_FIELDS]
    opening = application.opening
    lines.insert(12, v.FormLine("报名职位", f"{opening.unit.name} {opening.post_name}"))
    declined = application.status == ApplicationStatus.DECLINED
    unqualified = application.status == ApplicationStatus.UNQUALIFIED
    return v.ApplicationForm(
        number=application.pk,
        filed_on=timezone.localdate(application.created_at),
        lines=tuple(lines),
        consent=_opinion(
            "不同意" if declined else "同意", application.consent_note, application.consent_at
        ),
        review=_opinion(
            "不符合条件" if unqualified else "符合条件",
            application.review_note,
            application.reviewed_at,
        ),
        photo=_photo(application),
    )


def _photo(application: Application) -> bytes:
    """The cadre's photo for the box (none on the plain stand-ins the document tests pass)."""
    cadre_id = getattr(application, "cadre_id", None)
    return cadre_photo_bytes(cadre_id) if cadre_id else b""


def blank_application_form() -> v.ApplicationForm:
    """《跨单位竞岗报名表》 with every field empty, to print and fill by hand."""
    lines = [v.FormLine(f.label, "") for f in APPLICATION_FIELDS]
    lines.insert(12, v.FormLine("报名职位", ""))
    return v.ApplicationForm(
        number=0, filed_on=timezone.localdate(), lines=tuple(lines), blank=True
    )
