"""Personas and a small world shared by the database tiers.

Names follow DESIGN.md: office, orgdept, unit operator/leader (of D01), another unit's
operator (of D02), cadre (of D02), juror, and the public (anonymous).
"""

from __future__ import annotations

import io
import os
from datetime import date

import pytest

from cadrex.registry import idnumber
from tests import clock as test_clock

PASSWORD = "persona-pass-2026"


def pytest_configure(config):
    """Read the session's base instant once, before any test (and fail early on a bad value)."""
    try:
        test_clock.session_base()
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


def _clock_lines() -> list[str]:
    base = test_clock.session_base()
    source = (
        f"from {test_clock.ENV}"
        if os.environ.get(test_clock.ENV, "").strip()
        else "the real time at session start"
    )
    return [
        f"cadrex test clock: {base.isoformat()} (Beijing, {base:%A}; {source})",
        f"  reproduce: {test_clock.ENV}={base.isoformat()} .venv/bin/python -m pytest ...",
    ]


def pytest_report_header(config):
    """The base instant every test runs at (the header shows without -q)."""
    return _clock_lines()


def pytest_terminal_summary(terminalreporter):
    """Again at the end, where -q (the default addopts) still shows it."""
    for line in _clock_lines():
        terminalreporter.write_line(line)


@pytest.fixture
def clock_ticks() -> bool:
    """Whether the test clock runs on from the base instant. Every tier freezes it (the
    browser tier too: see tests/browser/conftest.py); a conftest may override this."""
    return False


@pytest.fixture(autouse=True)
def clock(clock_ticks):
    """Every test runs at the session's base instant (see tests/clock.py)."""
    travel, running = test_clock.start(test_clock.session_base(), tick=clock_ticks)
    yield running
    test_clock.stop(travel)


def _pdf_ok() -> bool:
    from cadrex.documents.pdf import pdf_available

    return pdf_available()


# PDFs need pango and CJK fonts from Debian (CI installs them); without them these checks
# skip with the reason, like the browser tier without chromium.
requires_pdf = pytest.mark.skipif(
    not _pdf_ok(), reason="WeasyPrint 缺少系统组件：apt-get install libpango-1.0-0 fonts-noto-cjk"
)


def make_id(birth: str | date, seq: int) -> str:
    """A valid-looking invented ID number (region 339901) with a correct check digit.

    ``birth`` is a date or ``YYYYMMDD``; ``seq`` odd for a man, even for a woman."""
    if isinstance(birth, date):
        birth = f"{birth:%Y%m%d}"
    first17 = f"339901{birth}{seq:03d}"
    return first17 + idnumber.check_digit(first17)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.4 s a user; tests that log in do not measure that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, clock):
    """Four units, a few cadres (turning 41 this year) with posts, and one user per persona."""
    from cadrex.accounts.models import Role, User
    from cadrex.registry.models import Cadre, MiddleLevelPost, Unit

    units = {
        "T01": Unit.objects.create(code="T01", name="东湖街道", kind="town"),
        "D01": Unit.objects.create(code="D01", name="市财政局", kind="department"),
        "D02": Unit.objects.create(code="D02", name="市民政局", kind="department"),
        "V01": Unit.objects.create(
            code="V01", name="青川市气象局", kind="department", vertically_managed=True
        ),
    }
    cadres = {}
    for i, (code, name) in enumerate(
        [("D01", "甲一"), ("D01", "甲二"), ("D02", "乙一"), ("D02", "乙二"), ("T01", "丙一")]
    ):
        number = make_id(clock.born(41), 100 + i * 2 + 1)
        cadres[name] = Cadre.objects.create(
            id_number=number,
            name=name,
            sex=idnumber.sex(number),
            birth_date=idnumber.birth_date(number),
            unit=units[code],
            current_post="科员",
        )
    MiddleLevelPost.objects.create(
        cadre=cadres["甲一"], unit=units["D01"], section="办公室", level="chief"
    )

    def user(username, role, **extra):
        u = User(username=username, role=role, **extra)
        u.set_password(PASSWORD)
        u.save()
        return u

    users = {
        "office": user("office", Role.OFFICE),
        "orgdept": user("orgdept", Role.ORGDEPT),
        "operator": user("operator", Role.UNIT_OPERATOR, unit=units["D01"]),
        "leader": user("leader", Role.UNIT_LEADER, unit=units["D01"]),
        "other_operator": user("other_operator", Role.UNIT_OPERATOR, unit=units["D02"]),
        "cadre": user("cadre", Role.CADRE, cadre=cadres["乙一"]),
        "juror": user("juror", Role.JUROR),
    }
    return {"units": units, "cadres": cadres, "users": users}


@pytest.fixture
def as_user(client, world):
    """``as_user("office")`` → a client logged in as that persona."""

    def login(name: str):
        client.force_login(world["users"][name])
        return client

    return login


@pytest.fixture
def campaign(db, clock):
    from cadrex.campaigns.services import campaign_create

    return campaign_create(actor=None, name="测试竞岗交流工作", year=clock.year)


def workbook_bytes(units=(), cadres=(), posts=()) -> io.BytesIO:
    """A roster workbook from row lists, in the template's column order."""
    from cadrex.registry.roster import roster_workbook

    return io.BytesIO(roster_workbook(list(units), list(cadres), list(posts)))


def cadre_row(number: str, name: str, unit: str, **fields) -> list:
    from cadrex.registry.roster import CADRE_COLUMNS

    values = {"id_number": number, "name": name, "unit": unit, **fields}
    return [values.get(c.field, "") for c in CADRE_COLUMNS]


# Part A's world is shared by the permission matrix and the browser tests.
from tests.competition.conftest import part_a, ready, scored  # noqa: E402, F401
