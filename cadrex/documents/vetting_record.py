"""The vetting record (考察材料, A9) of an opening's candidates, as a printable PDF."""

from __future__ import annotations

from cadrex.competition.models import VETTING_METHODS
from cadrex.documents.pdf import render_pdf


def vetting_record_pdf(opening) -> bytes:
    labels = dict(VETTING_METHODS)
    rows = [
        {"v": v, "methods": "、".join(labels.get(m, m) for m in v.methods)}
        for v in opening.vetting.select_related(
            "application__cadre__unit", "application__home_unit"
        )
    ]
    return render_pdf("documents/vetting_record.html", {"opening": opening, "rows": rows})
