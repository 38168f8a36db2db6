"""The demo city: roster, one user per role, and one campaign whose schedule sits around today."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cadrex.accounts.models import Role, User
from cadrex.campaigns.services import campaign_create, campaign_schedule_update
from cadrex.demo.part_a_seed import seed_part_a
from cadrex.demo.seed_contacts import seed_contacts
from cadrex.demo.seed_roles import seed_multi_role
from cadrex.organisation.demo import seed_organisation
from cadrex.registry.demo import CITY, CitySize, city_workbook
from cadrex.registry.models import Cadre, Unit
from cadrex.registry.roster import roster_import
from cadrex.registry.selectors import units_with_headcount
from cadrex.rules.schedule import Step

DEMO_PASSWORD = "cadrex-demo"

# Each step's window, in days relative to today: (first day, day after the last day).
# Part A's registration is open today, so every role has something to do on day one.
DEMO_SCHEDULE: dict[Step, tuple[int, int]] = {
    Step.DECLARE_OPENINGS: (-8, -4),
    Step.PUBLISH_OPENINGS: (-4, -3),
    Step.REGISTRATION: (-3, 4),
    Step.QUALIFICATION_REVIEW: (4, 6),
    Step.REAPPLICATION: (6, 8),
    Step.SHORTLIST: (8, 10),
    Step.HEARING: (10, 13),
    Step.VETTING: (13, 17),
    Step.BALLOT: (17, 19),
    Step.APPOINTMENT: (19, 26),
    Step.ADJUSTMENT: (26, 29),
    Step.EXCHANGE_SIGNUP: (29, 32),
    Step.VACANCIES: (32, 33),
    Step.PREFERENCES: (33, 36),
    Step.PROPOSALS: (36, 39),
    Step.MATCHING: (39, 40),
    Step.DIRECTED_PLACEMENT: (40, 43),
    Step.ACCEPTANCE: (43, 53),
    Step.SUMMARY: (53, 60),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    who: str


def _day(today: date, offset: int) -> datetime:
    return timezone.make_aware(datetime.combine(today + timedelta(days=offset), time(0, 0)))


def _make_user(
    username: str, role: str, *, password: str, first_name: str, unit=None, cadre=None
) -> User:
    user = User(username=username, role=role, first_name=first_name, unit=unit, cadre=cadre)
    user.password = password  # hashed once for all (key derivation is slow on purpose)
    user.save()
    return user


def _demo_units() -> tuple[Unit, Unit]:
    """A town, and a department with 8+ middle-level cadres (both must offer a post, A1)."""
    ranked = units_with_headcount(Unit.objects.filter(vertically_managed=False))
    town = ranked.filter(kind="town").order_by("code").first()
    depts = ranked.filter(kind="department")
    # A small demo city may have no 8+ department; then the largest stands in.
    dept = depts.filter(middle_level_headcount__gte=8).order_by("code").first()
    return town, dept or depts.order_by("-middle_level_headcount", "code").first()


def _demo_cadre(today: date, town: Unit, dept: Unit) -> Cadre:
    """A general cadre of another department with good recent appraisals, so the openings of
    both demo units are open to them (A3)."""
    years = {str(y) for y in range(today.year - 3, today.year)}
    candidates = (
        Cadre.objects.filter(
            unit__kind="department", unit__vertically_managed=False, middle_level_post__isnull=True
        )
        .exclude(unit__in=[town, dept])
        .order_by("unit__code", "id")
    )
    for cadre in candidates:
        grades = cadre.appraisals or {}
        if years <= set(grades) and all(grades[y] in ("称职", "优秀") for y in years):
            return cadre
    return candidates.first()


def _head_title(unit: Unit) -> str:
    """How the demo department's head is addressed: a 局's 局长, an office's 主任 …"""
    return "局长" if unit.name.endswith("局") else "主任"


def _demo_users(today: date) -> list[DemoLogin]:
    town, dept = _demo_units()
    cadre = _demo_cadre(today, town, dept)
    password = make_password(DEMO_PASSWORD)
    for username, role, first_name, where in [
        ("office", Role.OFFICE, "办公室 周敏", {}),
        ("orgdept", Role.ORGDEPT, "组织部 陆建平", {}),
        ("town_op", Role.UNIT_OPERATOR, "经办人 沈丽", {"unit": town}),
        ("town_leader", Role.UNIT_LEADER, "书记 钱国栋", {"unit": town}),
        ("dept_op", Role.UNIT_OPERATOR, "经办人 方晓", {"unit": dept}),
        ("dept_leader", Role.UNIT_LEADER, f"{_head_title(dept)} 孔立新", {"unit": dept}),
        ("cadre", Role.CADRE, cadre.name, {"cadre": cadre}),
        ("juror", Role.JUROR, "韩雪", {}),  # the header adds the role: “韩雪 · 评委”
    ]:
        _make_user(username, role, password=password, first_name=first_name, **where)
    return [
        DemoLogin("office", "竞岗交流工作办公室", "全部单位和人员，政策参数、日程、名册导入"),
        DemoLogin("orgdept", "市委组织部", "审核任职、定向交流"),
        DemoLogin("town_op", "单位经办人", f"{town.name}"),
        DemoLogin("town_leader", "单位主要领导", f"{town.name}"),
        DemoLogin("dept_op", "单位经办人", f"{dept.name}"),
        DemoLogin("dept_leader", "单位主要领导", f"{dept.name}"),
        DemoLogin("cadre", "干部", f"{cadre.name}，{cadre.unit.name}"),
        DemoLogin("juror", "评委", "公开竞岗现场评分"),
    ]


def seed_demo(*, today: date, cadres: int = 3000, progress=None) -> list[DemoLogin]:
    """Build the whole demo into an empty database; returns the logins to print."""
    workbook = city_workbook(CitySize(cadres=cadres), today)
    with transaction.atomic():
        roster_import(
            actor=None,
            fileobj=io.BytesIO(workbook),
            filename="演示城市名册.xlsx",
            progress=progress,
        )
        campaign = campaign_create(
            actor=None,
            name=f"{CITY}{today.year}年机关中层干部跨单位竞岗和一般干部跨单位双向选择工作",
            year=today.year,
        )
        campaign_schedule_update(
            actor=None,
            campaign=campaign,
            windows={
                step: (_day(today, a), _day(today, b)) for step, (a, b) in DEMO_SCHEDULE.items()
            },
        )
        seed_organisation(campaign=campaign)
        logins = _demo_users(today)
        demo_cadre = User.objects.get(username="cadre").cadre
        seed_part_a(
            campaign=campaign, today=today, leader_unit=_demo_units()[1], keep_free={demo_cadre.pk}
        )
        logins.append(seed_multi_role(today=today, town=_demo_units()[0], password=DEMO_PASSWORD))
        seed_contacts()
        return [login for login in logins if login]
