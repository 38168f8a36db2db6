"""C1 for the demo city: a leading group and its office, and every unit's responsible leader
and task team, written through the services (each change logged like an office's).

Everything is made up and deterministic for a given seed. ``cadrex.demo`` may call
``seed_organisation`` once the campaign exists.
"""

from __future__ import annotations

import random

from cadrex.campaigns.models import Campaign
from cadrex.organisation import services
from cadrex.organisation.models import Body, Position
from cadrex.registry.models import Unit, UnitKind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁宋谢唐韩冯董萧程曹袁邓许沈曾彭吕"
GIVEN = "建国伟明华军平志勇斌海涛亮俊杰强磊超凯立新红丽静敏燕霞婷雪颖芳琳晓"

LEADING_GROUP = [
    (Position.LEADER, "市委常委、组织部部长"),
    (Position.DEPUTY_LEADER, "市委组织部常务副部长"),
    (Position.MEMBER, "市纪委副书记、市监委副主任"),
    (Position.MEMBER, "市委组织部副部长"),
    (Position.MEMBER, "市委编办主任"),
    (Position.MEMBER, "市人力社保局局长"),
]
OFFICE = [
    (Position.DIRECTOR, "市委组织部副部长"),
    (Position.DEPUTY_DIRECTOR, "市委组织部干部科科长"),
    (Position.MEMBER, "市委组织部干部科副科长"),
    (Position.MEMBER, "市委组织部干部科科员"),
]
TEAM_DUTIES = [
    ("组长", "统筹协调本单位竞岗交流工作"),
    ("成员", "政策解释、报名组织和材料审核"),
    ("成员", "联络领导小组办公室，报送各类表格"),
]


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _phone(rng: random.Random) -> str:
    return "139" + "".join(rng.choice("0123456789") for _ in range(8))


def _leader_post(unit: Unit) -> str:
    if unit.kind == UnitKind.TOWN:
        return "党工委书记" if unit.name.endswith("街道") else "党委书记"
    return "党组书记"


def seed_organisation(*, campaign: Campaign, seed: int = 2026) -> None:
    """The leading group, its office and every in-scope unit's leader and task team."""
    rng = random.Random(seed)
    director = None
    for position, post in LEADING_GROUP:
        name = _name(rng)
        if post == "市委组织部副部长":
            director = name  # the office's director sits in the group as well
        services.group_member_add(
            actor=None,
            campaign=campaign,
            body=Body.LEADING_GROUP,
            position=position,
            name=name,
            post=post,
        )
    services.group_office_update(
        actor=None,
        campaign=campaign,
        seat="市委组织部",
        phone="0573-88000100",
        address="青川市人民路1号市委大院3号楼",
    )
    for position, post in OFFICE:
        services.group_member_add(
            actor=None,
            campaign=campaign,
            body=Body.OFFICE,
            position=position,
            name=director if position == Position.DIRECTOR and director else _name(rng),
            post=post,
            phone=_phone(rng),
        )
    for unit in Unit.objects.filter(vertically_managed=False).order_by("code"):
        services.responsible_leader_set(
            actor=None, campaign=campaign, unit=unit, name=_name(rng), post=_leader_post(unit)
        )
        for role, duty in TEAM_DUTIES:
            services.task_team_member_add(
                actor=None,
                campaign=campaign,
                unit=unit,
                name=_name(rng),
                post=f"专班{role}",
                duty=duty,
                phone=_phone(rng),
            )
