"""Which pages axe-core checks, as which role, at which stage of the city (issue 15, item 5).

The list is that of tests/test_query_counts.py (``ROWS``: every page and download of each
role at the stage of tests/query_city.py where it has content), so a page added there is
checked here too, plus the pages that list leaves out (``EXTRA``). Downloads (spreadsheets,
PDFs, Word files, JSON) are no pages: ``is_download`` leaves them out.
"""

from __future__ import annotations

from django.urls import reverse

from tests.test_query_counts import ROWS

# Pages test_query_counts does not measure (no list to grow), at the stage they have content.
EXTRA: list[tuple[str, str, str, tuple]] = [
    ("declare", "anon", "login", ()),
    ("registration", "office", "organisation:index", ()),
    ("registration", "office", "organisation:group", ()),
    ("registration", "operator", "organisation:unit", ()),
    ("registration", "operator", "organisation:index", ()),
    ("accepted", "orgdept", "exchange:flows", ()),
    ("accepted", "leader", "home:roles", ()),  # issue 15: one login, several roles
    ("registration", "office", "campaigns:calendar", ()),  # issue 15: the holiday list
    ("accepted", "cadre", "notifications:inbox", ()),  # issue 15: notices (ADR 0013)
    ("accepted", "cadre", "notifications:contact", ()),
]

DOWNLOAD_ARGS = {"xlsx", "pdf", "docx", "lrmx", "inputs", "result"}
DOWNLOAD_NAMES = {"registry:roster_template", "registry:roster_export"}


def is_download(row) -> bool:
    _, _, name, args = row
    return (
        name.endswith(("_xlsx", "_pdf"))
        or name in DOWNLOAD_NAMES
        or any(a in DOWNLOAD_ARGS for a in args)
    )


def pages() -> list[tuple[str, str, str, tuple]]:
    """Every (stage, persona, url name, args) to check, in the order of the stages."""
    rows = [r for r in ROWS if not is_download(r)]
    stages = list(dict.fromkeys(r[0] for r in ROWS))
    return sorted(dict.fromkeys([*rows, *EXTRA]), key=lambda r: stages.index(r[0]))


def url(city: dict, args: tuple, name: str) -> str:
    things = {
        "opening": lambda: city["blocks"][0]["opening"].pk,
        "application": lambda: city["application"].pk,
        "hearing": lambda: city["hearing"].pk,
        "token": lambda: city["token"],
        "appointment": lambda: city["appointment"].pk,
        "ballot": lambda: city["ballot"].pk,
        "run": lambda: city["run"].pk,
        "乙一": lambda: city["cadres"]["乙一"].pk,
    }
    return reverse(name, args=[things[a]() if a in things else a for a in args])
