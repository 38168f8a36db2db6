"""Hostile cell values and the checks every spreadsheet download must pass (security issue 2).

Shared by tests/documents and tests/registry: ``formula_cells`` looks twice, once as a
spreadsheet program would (openpyxl's data type of every cell) and once in the raw XML of
every sheet (an ``<f>`` element is a formula whatever the cell says).
"""

from __future__ import annotations

import io
import re
import zipfile
from types import SimpleNamespace as NS

from openpyxl import load_workbook

from tests.clock import current as current_clock
from tests.conftest import make_id

# What a cadre, a unit or the office might type that a spreadsheet would run as a formula.
FORMULAS = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "=1+1")
NUL = "前\x00后"  # XML cannot hold it: it is dropped, the rest of the text stays
LONG = "长" * 32_768  # one more than an Excel cell holds
HOSTILE = (*FORMULAS, NUL, LONG)
CELL_MAX_CHARS = 32_767
FULL_ID = re.compile(r"\d{17}[\dX]")
_FORMULA_ELEMENT = re.compile(rb"<(?:[\w.\-]+:)?f[\s>/]")


def formula_cells(content: bytes) -> list[str]:
    """Every formula in a workbook, as ``sheet!A1`` or the sheet part holding an <f>."""
    found = []
    wb = load_workbook(io.BytesIO(content))  # data_only=False: formulas stay formulas
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            found += [f"{ws.title}!{c.coordinate}" for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and _FORMULA_ELEMENT.search(archive.read(name)):
                found.append(name)
    return found


def cell_texts(content: bytes) -> list[str]:
    """Every string cell of every sheet."""
    wb = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def expected_text(value: str) -> str:
    """What a cell holds for ``value``: the same text, less what XML cannot hold."""
    return value.replace("\x00", "")


def assert_safe_workbook(content: bytes, *values: str) -> None:
    """No formula anywhere, no cell over Excel's limit, and each of ``values`` kept as text."""
    assert formula_cells(content) == []
    texts = cell_texts(content)
    assert all(len(t) <= CELL_MAX_CHARS for t in texts)
    for value in values:
        if len(value) > CELL_MAX_CHARS:
            assert any(t.startswith(value[:1000]) and len(t) == CELL_MAX_CHARS for t in texts)
        else:
            assert any(expected_text(value) in t for t in texts), value


def appointment_like(value: str) -> NS:
    """An appointment as the form writers read it, ``value`` in every text field."""
    born = current_clock().born(40, 6, 1)
    cadre = NS(
        name=value,
        sex="男",
        birth_date=born,
        ethnicity=value,
        native_place=value,
        birth_place=value,
        party_join_date=None,
        work_start_date=born,
        health=value,
        professional_title=value,
        speciality=value,
        fulltime_education=value,
        fulltime_degree=value,
        fulltime_school=value,
        inservice_education="",
        inservice_degree="",
        inservice_school="",
        current_post=value,
        resume=value,
        rewards_and_sanctions=value,
        appraisals={str(current_clock().year - 1): value},
        id_number=make_id(born, 123),
    )
    return NS(
        application=NS(cadre=cadre, applied_from=NS(name=value)),
        before={},
        post_to_leave="",
        proposed_post=value,
        reason=value,
        opening=NS(unit=NS(name=value)),
    )
