"""Every page and download costs the same number of SQL queries in a small city and in a
bigger one (issue 13): lists are read in one query each, never one query per row.

One module-scoped build per size walks the city of tests/query_city.py through both parts,
stage by stage, and at each stage opens that stage's pages as each role would (``ROWS``);
each build runs in a transaction rolled back at the end. A page that reads one query per
unit, opening, application, juror, appointment or candidate shows a different count in the
two cities. Caches are cleared before each request: the count is a cold page's.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import clock as test_clock
from tests.query_city import LARGE, SMALL, STAGES, Size, world

# The test databases are set up for marked tests only; the build itself is module-scoped.
pytestmark = pytest.mark.django_db

# (stage, persona, url name, args) — args name things of the city (see ``_args``).
# Personas: office, orgdept, operator and leader of D01, cadre 乙一 (D02), juror, anon;
# "juror_link" is a staff juror's own scoring link, opened anonymously on a new phone.
ROLES = ("office", "orgdept", "operator", "leader", "cadre", "juror")
ROWS: list[tuple[str, str, str, tuple]] = [
    # A1 the units declare (D01 not yet submitted)
    *[("declare", r, "home", ()) for r in ("office", "operator", "leader")],
    ("declare", "operator", "competition:declaration", ()),
    ("declare", "leader", "competition:declaration", ()),
    ("declare", "operator", "competition:opening_edit", ("opening",)),
    ("declare", "office", "competition:office_declarations", ()),
    # A3–A5 registration open: applications consented and pending, daily counts taken
    *[("registration", r, "home", ()) for r in ROLES],
    *[("registration", r, "home:roles", ()) for r in ROLES],
    ("registration", "office", "registry:units", ()),
    ("registration", "office", "registry:unit_detail", ("D01",)),
    ("registration", "operator", "registry:unit_detail", ("D01",)),
    ("registration", "operator", "registry:my_unit", ()),
    ("registration", "office", "registry:cadres", ()),
    ("registration", "operator", "registry:cadres", ()),
    ("registration", "office", "registry:cadre_detail", ("乙一",)),
    ("registration", "cadre", "registry:cadre_detail", ("乙一",)),
    ("registration", "cadre", "registry:me", ()),
    ("registration", "office", "registry:roster_import", ()),
    ("registration", "office", "registry:photos_import", ()),
    ("registration", "office", "registry:roster_template", ()),
    ("registration", "office", "registry:roster_export", ()),
    ("registration", "operator", "registry:roster_export", ()),
    ("registration", "office", "campaigns:detail", ()),
    ("registration", "orgdept", "campaigns:detail", ()),
    ("registration", "office", "campaigns:policy_edit", ()),
    ("registration", "office", "campaigns:schedule_edit", ()),
    ("registration", "office", "campaigns:calendar", ()),
    ("registration", "cadre", "campaigns:schedule", ()),
    ("registration", "anon", "campaigns:schedule_xlsx", ()),
    ("registration", "cadre", "campaigns:policy_notes", ()),
    ("registration", "office", "campaigns:policy_notes_pdf", ()),
    ("registration", "office", "audit:events", ()),
    ("registration", "office", "competition:office_declarations", ()),
    ("registration", "operator", "competition:declaration", ()),
    ("registration", "office", "competition:openings_xlsx", ()),
    ("registration", "operator", "competition:openings_xlsx", ()),
    ("registration", "cadre", "competition:openings", ()),
    ("registration", "cadre", "competition:apply", ("opening",)),
    ("registration", "cadre", "competition:my_applications", ()),
    ("registration", "cadre", "competition:application_form_blank", ("xlsx",)),
    ("registration", "cadre", "competition:application_form", ("application", "xlsx")),
    ("registration", "office", "competition:application_form", ("application", "xlsx")),
    ("registration", "leader", "competition:consents", ()),
    ("registration", "anon", "notices:index", ()),
    ("registration", "anon", "notices:openings", ()),
    ("registration", "anon", "notices:daily_counts", ()),
    # A6 the review open: a form in every row
    ("review", "office", "competition:review", ()),
    ("review", "office", "home", ()),
    # A7 the shortlist open, no list fixed yet
    ("shortlist", "operator", "competition:shortlist", ("opening",)),
    ("shortlist", "operator", "competition:unit_applications", ()),
    ("shortlist", "leader", "competition:unit_applications", ()),
    ("shortlist", "office", "competition:office_shortlists", ()),
    *[("shortlist", r, "home", ()) for r in ("office", "operator", "leader")],
    # A6–A8 reviewed, shortlisted, contestants published; the hearings under way
    *[("hearing", r, "home", ()) for r in ROLES],
    ("hearing", "leader", "home:roles", ()),
    ("hearing", "office", "competition:review", ()),
    ("hearing", "operator", "competition:unit_applications", ()),
    ("hearing", "operator", "competition:shortlist", ("opening",)),
    ("hearing", "office", "competition:office_shortlists", ()),
    ("hearing", "office", "competition:hearings", ()),
    ("hearing", "leader", "competition:hearings", ()),
    ("hearing", "office", "competition:hearing_setup", ("hearing",)),
    ("hearing", "office", "competition:hearing_chair", ("hearing",)),
    ("hearing", "leader", "competition:hearing_chair", ("hearing",)),
    ("hearing", "juror_link", "juror_page", ("token",)),
    ("hearing", "anon", "notices:contestants", ()),
    # A8–A11 scored, vetted, balloted; the appointments submitted to the orgdept
    *[("decision", r, "home", ()) for r in ROLES],
    ("decision", "office", "competition:decisions", ()),
    ("decision", "operator", "competition:decisions", ()),
    ("decision", "leader", "competition:decisions", ()),
    ("decision", "office", "competition:decision", ("opening",)),
    ("decision", "operator", "competition:decision", ("opening",)),
    ("decision", "office", "competition:vetting_record_pdf", ("opening",)),
    ("decision", "office", "competition:appointments", ()),
    ("decision", "orgdept", "competition:appointments", ()),
    ("decision", "orgdept", "competition:appointment_form", ("appointment", "lrmx")),
    ("decision", "operator", "competition:appointment_form", ("appointment", "docx")),
    ("decision", "operator", "competition:appointment_details", ("appointment",)),
    ("decision", "office", "competition:ballot_summary", ("ballot", "xlsx")),
    ("decision", "office", "competition:score_summary", ("hearing", "xlsx")),
    ("decision", "leader", "competition:score_summary", ("hearing", "xlsx")),
    ("decision", "office", "competition:hearing_chair", ("hearing",)),
    ("decision", "anon", "notices:results", ()),
    ("decision", "anon", "notices:publicity", ()),
    # A11–A12, C4 published, on probation; the adjustment window open
    *[("appointed", r, "home", ()) for r in ROLES],
    ("appointed", "orgdept", "competition:appointments", ()),
    ("appointed", "office", "competition:headcounts", ()),
    ("appointed", "orgdept", "competition:headcounts", ()),
    ("appointed", "operator", "competition:adjustments", ()),
    ("appointed", "operator", "competition:talks", ()),
    ("appointed", "leader", "competition:decisions", ()),
    ("appointed", "office", "registry:units", ()),
    ("appointed", "anon", "notices:results", ()),
    ("appointed", "anon", "notices:publicity", ()),
    # B1 signed up, declared; D01's declaration still being edited
    *[("declared", r, "home", ()) for r in ("office", "operator", "leader", "cadre")],
    ("declared", "cadre", "exchange:my", ()),
    ("declared", "operator", "exchange:unit", ()),
    ("declared", "leader", "exchange:unit", ()),
    ("declared", "office", "exchange:office", ()),
    ("declared", "office", "exchange:candidates_xlsx", ()),
    ("declared", "operator", "exchange:candidates_xlsx", ()),
    # B2–B4 vacancies published, preferences filed; proposals open
    *[("proposals", r, "home", ()) for r in ROLES],
    ("proposals", "cadre", "exchange:my", ()),
    ("proposals", "cadre", "exchange:preferences", ()),
    ("proposals", "cadre", "exchange:preferences_xlsx", ()),
    ("proposals", "office", "exchange:preferences_xlsx", ()),
    ("proposals", "operator", "exchange:unit", ()),
    ("proposals", "leader", "exchange:unit", ()),
    ("proposals", "office", "exchange:candidates_xlsx", ()),
    ("proposals", "operator", "exchange:candidates_xlsx", ()),
    ("proposals", "office", "exchange:candidates_pdf", ()),
    ("proposals", "operator", "exchange:candidates_pdf", ()),
    ("proposals", "office", "exchange:preferences_pdf", ()),
    ("proposals", "cadre", "exchange:preferences_pdf", ()),
    ("proposals", "office", "exchange:office", ()),
    ("proposals", "anon", "exchange:vacancies_notice", ()),
    ("proposals", "operator", "exchange:proposals", ()),
    ("proposals", "leader", "exchange:proposals", ()),
    # B5–B6 matched and published; directed placements drafted, not yet confirmed
    *[("directed", r, "home", ()) for r in ROLES],
    ("directed", "office", "exchange:matching", ()),
    ("directed", "office", "exchange:matching_detail", ("run",)),
    ("directed", "orgdept", "exchange:matching_frozen", ("run", "inputs")),
    ("directed", "office", "exchange:results_xlsx", ()),
    ("directed", "office", "exchange:flows", ()),
    ("directed", "office", "exchange:directed", ()),
    ("directed", "orgdept", "exchange:directed", ()),
    ("directed", "office", "exchange:proposals_xlsx", ()),
    ("directed", "operator", "exchange:proposals_xlsx", ()),
    ("directed", "office", "exchange:proposals_pdf", ()),
    ("directed", "operator", "exchange:proposals_pdf", ()),
    ("directed", "office", "exchange:results_pdf", ()),
    # B7, C3 confirmed and answered: arrivals and standbys
    *[("accepted", r, "home", ()) for r in ROLES],
    ("accepted", "cadre", "exchange:my", ()),
    ("accepted", "orgdept", "exchange:standbys", ()),
    ("accepted", "office", "exchange:standbys", ()),
    ("accepted", "operator", "exchange:arrivals", ()),
    ("accepted", "office", "exchange:directed", ()),
    ("accepted", "anon", "notices:index", ()),
]


def _row_id(row) -> str:
    stage, persona, name, args = row
    return f"{stage}-{persona}-{name}{'-' + '-'.join(args) if args else ''}"


def _param(row):
    return pytest.param(row, id=_row_id(row))


# ---------------------------------------------------------------------- measuring


def _args(city: dict, args: tuple) -> list:
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
    return [things[a]() if a in things else a for a in args]


def _clients(city: dict) -> dict:
    clients = {"anon": Client()}
    for name, user in city["users"].items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def _measure(client: Client, url: str) -> tuple[int, int]:
    for cache in caches.all():
        cache.clear()
    reset_queries()  # the log keeps the last 9,000 only: count from an empty one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def city_counts(size: Size) -> dict[str, tuple[int, int]]:
    """Build the city of ``size`` stage by stage (in a transaction rolled back at the end)
    and open each stage's pages: row id → (status, queries)."""
    from cadrex.campaigns.services import campaign_create
    from cadrex.competition.decision import appointment_views

    travel, clock = test_clock.start(test_clock.session_base(), tick=False)
    counts: dict[str, tuple[int, int]] = {}
    patch = pytest.MonkeyPatch()  # the queries are in gathering the record, not in rendering
    patch.setattr(appointment_views, "vetting_record_pdf_render", lambda record: b"%PDF-")
    try:
        with transaction.atomic():
            city = world(clock)
            city["campaign"] = campaign_create(actor=None, name="测试竞岗交流工作", year=clock.year)
            clients = _clients(city)
            for stage, build in STAGES:
                build(city, size)
                for row in ROWS:
                    if row[0] == stage:
                        _, persona, name, args = row
                        client = Client() if persona == "juror_link" else clients[persona]
                        counts[_row_id(row)] = _measure(
                            client, reverse(name, args=_args(city, args))
                        )
            transaction.set_rollback(True)
    finally:
        patch.undo()
        test_clock.stop(travel)
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker) -> dict[str, dict]:
    with django_db_blocker.unblock():
        return {"small": city_counts(SMALL), "large": city_counts(LARGE)}


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_a_pages_query_count_does_not_grow_with_the_city(counts, row):
    small, large = counts["small"][_row_id(row)], counts["large"][_row_id(row)]
    assert small[0] == large[0] and small[0] in (200, 302), (small, large)
    assert small[1] == large[1], f"{small[1]} queries in the small city, {large[1]} in the large"


# Pages of the permission matrix with no list to grow.
UNMEASURED = {"login"}
# No stage holds an appointment in publicity (the printable notice is a 404 at each):
# tests/notices/test_publicity_queries.py measures it at two sizes.
UNMEASURED |= {"notices:publicity_pdf"}


def test_the_table_reaches_every_page_role_and_stage():
    from tests.accounts.test_permissions import MATRIX
    from tests.exchange.matrix import MATRIX as EXCHANGE

    pages = {name for name, _ in MATRIX} | {name for name, _ in EXCHANGE}
    assert pages - {r[2] for r in ROWS} - UNMEASURED == set()
    assert {r[1] for r in ROWS} >= {*ROLES, "anon", "juror_link"}
    assert [s for s, _ in STAGES] == list(dict.fromkeys(r[0] for r in ROWS))


def test_s2_headcounts_by_subquery_are_those_of_the_join(world):
    """The per-unit subqueries count what COUNT(DISTINCT) over the posts × cadres join did,
    units without posts or people included."""
    from django.db.models import Count

    from cadrex.registry.models import MiddleLevelPost, Unit
    from cadrex.registry.selectors import units_with_headcount

    d02 = world["units"]["D02"]
    MiddleLevelPost.objects.create(
        cadre=world["cadres"]["乙一"], unit=d02, section="科", level="chief"
    )
    MiddleLevelPost.objects.create(
        cadre=world["cadres"]["乙二"], unit=d02, section="科", level="deputy"
    )
    Unit.objects.create(code="E01", name="空单位", kind="department")
    joined = Unit.objects.annotate(
        middle_level_headcount=Count("middle_level_posts", distinct=True),
        cadre_count=Count("cadres", distinct=True),
    ).order_by("kind", "code")
    fields = ("code", "middle_level_headcount", "cadre_count")
    expected = list(joined.values_list(*fields))
    assert list(units_with_headcount(Unit.objects.all()).values_list(*fields)) == expected
    assert ("D02", 2, 2) in expected and ("E01", 0, 0) in expected
    headcounts = units_with_headcount(Unit.objects.all(), cadres=False)
    assert list(headcounts.values_list("code", "middle_level_headcount")) == [
        (code, n) for code, n, _ in expected
    ]
    at_least_two = units_with_headcount(Unit.objects.all()).filter(middle_level_headcount__gte=2)
    assert list(at_least_two) == [d02]
