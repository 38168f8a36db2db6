"""The vetting record (考察材料, A9) of an opening's candidates, as a printable PDF."""

from __future__ import annotations

from cadrex.documents.pdf import render_pdf
from cadrex.documents.values import VettingRecord


def vetting_record_pdf(record: VettingRecord) -> bytes:
    return render_pdf("documents/vetting_record.html", {"record": record})
