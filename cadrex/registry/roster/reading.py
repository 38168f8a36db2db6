"""Reading a roster workbook: every row of every sheet checked, nothing written."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cadrex.registry.roster.across_rows import check_across_rows
from cadrex.registry.roster.cells import cell_text, parse_cell
from cadrex.registry.roster.columns import (
    CADRE_SHEET,
    POST_SHEET,
    SHEETS,
    UNIT_SHEET,
    Column,
    Progress,
    RosterError,
    RosterInvalid,
)
from cadrex.registry.roster.sheet_rows import sheet_rows
from cadrex.registry.workbook_guard import LIMITS, NOT_XLSX, WorkbookRefused, check_workbook


@dataclass
class ParsedRoster:
    units: list[tuple[int, dict]] = field(default_factory=list)
    cadres: list[tuple[int, dict]] = field(default_factory=list)
    posts: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RosterError] = field(default_factory=list)


def _file_error(message: str) -> RosterInvalid:
    return RosterInvalid([RosterError("文件", None, None, message)])


def check_roster_file(fileobj) -> dict:
    """``workbook_guard``'s checks, bounded and quick (0.5 s for 30,000 cadres): a
    ``RosterInvalid`` naming the problem, or the shapes of the roster sheets found. The
    upload page runs them before it queues an import, so a bomb is refused at once."""
    try:
        return check_workbook(fileobj, [sheet for sheet, _ in SHEETS])
    except WorkbookRefused as refused:
        error = RosterError(refused.sheet or "文件", refused.row, refused.column, refused.message)
        raise RosterInvalid([error]) from refused


def _open_workbook(fileobj):
    """The workbook, read-only, once ``workbook_guard`` has passed it; and the shapes of the
    roster sheets it found (their row counts)."""
    shapes = check_roster_file(fileobj)
    try:
        return load_workbook(fileobj, read_only=True, data_only=True), shapes
    except (InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise _file_error(f"{NOT_XLSX}（{type(exc).__name__}）") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends from a broken upload
        raise _file_error(NOT_XLSX) from exc


_CACHED = 4096  # distinct values remembered per column (dates, units, ranks repeat a lot)


class _ColumnParser:
    """``parse_cell`` for one column, remembering what each distinct raw value parsed to (or
    why it failed): a 30,000-row sheet has a few hundred distinct dates, units and ranks.
    Columns of unique values (ID numbers, names) stop remembering once the memo is full."""

    def __init__(self, column: Column):
        self.column, self.memo = column, {}

    def parse(self, key, raw) -> tuple:
        """(value, None) or (None, the reason it is refused), remembered under ``key``."""
        try:
            outcome = (parse_cell(self.column, raw), None)
        except ValueError as exc:
            outcome = (None, str(exc))
        if len(self.memo) < _CACHED:
            self.memo[key] = outcome
        return outcome


def _read_sheet(
    ws, sheet: str, columns, errors: list[RosterError], progress: Progress | None, rows_in: int
):
    """Rows of one sheet as (row number, {field: value}); bad cells go to ``errors``.

    The sheet's declared dimension is ignored (a wrong one would cut rows off or, inflated,
    pad every row to 16,384 cells): rows and columns are read up to the guard's limits only."""
    rows = sheet_rows(ws, max_row=LIMITS.rows, max_col=LIMITS.columns)
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
    readers = [
        (c.field, c.header, positions.get(c.field), parser.memo, parser.parse)
        for c in columns
        for parser in [_ColumnParser(c)]
    ]
    for number, row in enumerate(rows, start=2):
        if not any(v is not None and str(v).strip() for v in row):
            continue  # blank lines between blocks are harmless
        record = {}
        width = len(row)
        for name, header, pos, memo, parse in readers:
            raw = row[pos] if pos is not None and pos < width else None
            key = (raw.__class__, raw)  # True == 1 == 1.0, but they are different cells
            value, reason = memo.get(key) or parse(key, raw)
            if reason is None:
                record[name] = dict(value) if value.__class__ is dict else value
            else:
                errors.append(RosterError(sheet, number, header, reason))
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
            try:
                rows = _read_sheet(wb[sheet], sheet, columns, result.errors, progress, rows_in)
            except (ParseError, ValueError, IndexError, KeyError, TypeError) as exc:
                raise RosterInvalid(
                    [RosterError(sheet, None, None, f"{NOT_XLSX}（{type(exc).__name__}）")]
                ) from exc
            setattr(
                result,
                {UNIT_SHEET: "units", CADRE_SHEET: "cadres", POST_SHEET: "posts"}[sheet],
                rows,
            )
    finally:
        wb.close()
    check_across_rows(result)
    return result
