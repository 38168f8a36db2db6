"""Template context: the navigation a role sees."""

from __future__ import annotations

from cadrex.accounts.models import UNIT_ROLES, Role

_NAV = {
    Role.OFFICE: [
        ("home", "工作台"),
        ("registry:units", "单位"),
        ("registry:cadres", "干部名册"),
        ("registry:roster_import", "名册导入"),
        ("campaigns:detail", "竞岗交流工作"),
        ("audit:events", "操作日志"),
    ],
    Role.ORGDEPT: [
        ("home", "工作台"),
        ("registry:units", "单位"),
        ("registry:cadres", "干部名册"),
        ("campaigns:detail", "竞岗交流工作"),
    ],
    Role.CADRE: [("home", "工作台"), ("registry:me", "我的信息"), ("campaigns:schedule", "日程")],
    Role.JUROR: [("home", "工作台")],
}
_UNIT_NAV = [
    ("home", "工作台"),
    ("registry:my_unit", "本单位"),
    ("registry:cadres", "本单位干部"),
    ("campaigns:schedule", "日程"),
]


def role_nav(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = _UNIT_NAV if user.role in UNIT_ROLES else _NAV.get(user.role, [("home", "工作台")])
    return {"nav": items}
