"""Template context: the navigation a role sees."""

from __future__ import annotations

from cadrex.accounts.models import Role

_NAV = {
    Role.OFFICE: [
        ("home", "工作台"),
        ("competition:office_declarations", "职位申报"),
        ("competition:review", "资格审查"),
        ("competition:office_shortlists", "竞岗对象"),
        ("competition:hearings", "公开竞岗"),
        ("registry:units", "单位"),
        ("registry:cadres", "干部名册"),
        ("registry:roster_import", "名册导入"),
        ("campaigns:detail", "参数与日程"),
        ("audit:events", "操作日志"),
    ],
    Role.ORGDEPT: [
        ("home", "工作台"),
        ("registry:units", "单位"),
        ("registry:cadres", "干部名册"),
        ("campaigns:detail", "参数与日程"),
    ],
    Role.UNIT_OPERATOR: [
        ("home", "工作台"),
        ("competition:declaration", "职位申报"),
        ("competition:unit_applications", "职位报名"),
        ("registry:my_unit", "本单位"),
        ("registry:cadres", "本单位干部"),
        ("campaigns:schedule", "日程"),
    ],
    Role.UNIT_LEADER: [
        ("home", "工作台"),
        ("competition:declaration", "职位申报"),
        ("competition:consents", "报名表态"),
        ("competition:unit_applications", "职位报名"),
        ("competition:hearings", "公开竞岗"),
        ("registry:my_unit", "本单位"),
        ("campaigns:schedule", "日程"),
    ],
    Role.CADRE: [
        ("home", "工作台"),
        ("competition:openings", "竞岗职位"),
        ("competition:my_applications", "我的报名"),
        ("registry:me", "我的信息"),
        ("campaigns:schedule", "日程"),
    ],
    Role.JUROR: [("home", "工作台")],
}


def role_nav(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": _NAV.get(user.role, [("home", "工作台")])}
