"""Roster import and export (.xlsx): units, cadres and the middle-level posts they hold.

The workbook has three sheets — 单位, 干部, 中层岗位 — with the headers of ``columns``. Import
checks every row of every sheet first and writes nothing unless the whole file is clean;
then it writes in one transaction, creating new people and updating known ones by ID
number, so importing the same file twice changes nothing the second time.

For each cadre listed in the 干部 sheet, the 中层岗位 sheet is authoritative: a listed
cadre without a post row holds no middle-level post after the import. Cadres absent from
the file are left as they are (the file may cover some units only).
"""

from cadrex.registry.roster.cells import parse_appraisals, parse_bool, parse_date
from cadrex.registry.roster.columns import (
    CADRE_COLUMNS,
    CADRE_SHEET,
    POST_COLUMNS,
    POST_SHEET,
    SHEETS,
    UNIT_COLUMNS,
    UNIT_SHEET,
    Column,
    ImportResult,
    Progress,
    RosterError,
    RosterInvalid,
)
from cadrex.registry.roster.export import (
    roster_export,
    roster_export_to,
    roster_template,
    roster_workbook,
)
from cadrex.registry.roster.reading import ParsedRoster, check_roster_file, parse_roster
from cadrex.registry.roster.writing import roster_import

__all__ = [
    "CADRE_COLUMNS",
    "CADRE_SHEET",
    "POST_COLUMNS",
    "POST_SHEET",
    "SHEETS",
    "UNIT_COLUMNS",
    "UNIT_SHEET",
    "Column",
    "ImportResult",
    "ParsedRoster",
    "Progress",
    "RosterError",
    "RosterInvalid",
    "check_roster_file",
    "parse_appraisals",
    "parse_bool",
    "parse_date",
    "parse_roster",
    "roster_export",
    "roster_export_to",
    "roster_import",
    "roster_template",
    "roster_workbook",
]
