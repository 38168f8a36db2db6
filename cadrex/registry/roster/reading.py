"""Reading a roster workbook: every row of every sheet checked, nothing written."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cadrex.registry.roster.across_rows import check_across_rows
from cadrex.registry.roster.cells import cell_text, parse_cell
from cadrex.registry.roster.columns import (
    CADRE_SHEET,
    POST_SHEET,
    SHEETS,
    UNIT_SHEET,
    Progress,
    RosterError,
    RosterInvalid,
)
from cadrex.registry.workbook_guard import LIMITS, NOT_XLSX, WorkbookRefused, check_workbook


@dataclass
class ParsedRoster:
    units: list[tuple[int, dict]] = field(default_factory=list)
    cadres: list[tuple[int, dict]] = field(default_factory=list)
    posts: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)


def _file_error(message: str) -> RosterInvalid:
    return RosterInvalid([RosterError("文件", None, None, message)])


def _open_workbook(fileobj):
    """The workbook, read-only, once ``workbook_guard`` has passed it; and the shapes of the
    roster sheets it found (their row counts)."""
    try:
        shapes = check_workbook(fileobj, [sheet for sheet, _ in SHEETS])
    except WorkbookRefused as refused:
        error = RosterError(refused.sheet or "文件", refused.row, refused.column, refused.message)
        raise RosterInvalid([error]) from refused
    try:
        return load_workbook(fileobj, read_only=True, data_only=True), shapes
    except (InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise _file_error(f"{NOT_XLSX}（{type(exc).__name__}）") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends from a broken upload
        raise _file_error(NOT_XLSX) from exc


def _read_sheet(
    ws, sheet: str, columns, errors: list[RosterError], progress: Progress | None, rows_in: int
):
    """Rows of one sheet as (row number, {field: value}); bad cells go to ``errors``.

    The sheet's declared dimension is ignored (a wrong one would cut rows off or, inflated,
    pad every row to 16,384 cells): rows and columns are read up to the guard's limits only."""
    ws.reset_dimensions()
    rows = ws.iter_rows(max_row=LIMITS.rows, max_col=LIMITS.columns, values_only=True)
    header = next(rows, None) or ()
    positions = {}
    names = [cell_text(h).rstrip("*") for h in header]
    for column in columns:
        if column.header in names:
            positions[column.field] = names.index(column.header)
        elif column.required:
            errors.append(RosterError(sheet, 1, column.header, "缺少此列（请使用系统提供的模板）"))
    if any(c.required and c.field not in positions for c in columns):
        return []
    parsed = []
    total = max(rows_in - 1, 0)
    for number, row in enumerate(rows, start=2):
        if not any(v is not None and str(v).strip() for v in row):
            continue  # blank lines between blocks are harmless
        record = {}
        for column in columns:
            pos = positions.get(column.field)
            raw = row[pos] if pos is not None and pos < len(row) else None
            try:
                record[column.field] = parse_cell(column, raw)
            except ValueError as exc:
                errors.append(RosterError(sheet, number, column.header, str(exc)))
        # A row with a bad cell still goes on to the cross-row checks with the cells that
        # parsed, so one upload reports every problem; nothing is written while any remain.
        parsed.append((number, record))
        if progress and number % 500 == 0:
            progress(f"校验{sheet}", min(number - 1, total), total)
    if progress:
        progress(f"校验{sheet}", total, total)
    return parsed


def parse_roster(fileobj, *, progress: Progress | None = None) -> ParsedRoster:
    wb, shapes = _open_workbook(fileobj)
    result = ParsedRoster()
    try:
        for sheet, columns in SHEETS:
            if sheet not in wb.sheetnames:
                if sheet != UNIT_SHEET:  # the unit sheet is optional: units may exist already
                    result.errors.append(RosterError(sheet, None, None, "缺少此工作表"))
                continue
            rows_in = shapes[sheet].rows if sheet in shapes else 0
            rows = _read_sheet(wb[sheet], sheet, columns, result.errors, progress, rows_in)
            setattr(
                result,
                {UNIT_SHEET: "units", CADRE_SHEET: "cadres", POST_SHEET: "posts"}[sheet],
                rows,
            )
    finally:
        wb.close()
    check_across_rows(result)
    return result
