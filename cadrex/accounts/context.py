"""Template context: the navigation a role sees, and the roles the person may switch to."""

from __future__ import annotations

from cadrex.accounts.models import Role
from cadrex.accounts.roles import active_key, request_roles

_NAV = {
    Role.OFFICE: [
        ("home", "工作台"),
        ("competition:office_declarations", "职位申报"),
        ("competition:review", "资格审查"),
        ("competition:office_shortlists", "竞岗对象"),
        ("competition:hearings", "公开竞岗"),
        ("competition:decisions", "考察票决"),
        ("competition:headcounts", "中层人数"),
        ("registry:units", "单位"),
        ("registry:cadres", "干部名册"),
        ("registry:roster_import", "名册导入"),
        ("campaigns:detail", "参数与日程"),
        ("organisation:index", "组织领导"),
        ("audit:events", "操作日志"),
    ],
    Role.ORGDEPT: [
        ("home", "工作台"),
        ("competition:appointments", "任职审核"),
        ("competition:headcounts", "中层人数"),
        ("registry:units", "单位"),
        ("registry:cadres", "干部名册"),
        ("campaigns:detail", "参数与日程"),
        ("organisation:index", "组织领导"),
    ],
    Role.UNIT_OPERATOR: [
        ("home", "工作台"),
        ("competition:declaration", "职位申报"),
        ("competition:unit_applications", "职位报名"),
        ("competition:decisions", "考察票决任职"),
        ("competition:adjustments", "中层调整"),
        ("competition:talks", "谈心谈话"),
        ("registry:my_unit", "本单位"),
        ("registry:cadres", "本单位干部"),
        ("campaigns:schedule", "日程"),
        ("organisation:index", "工作专班"),
    ],
    Role.UNIT_LEADER: [
        ("home", "工作台"),
        ("competition:declaration", "职位申报"),
        ("competition:consents", "报名表态"),
        ("competition:unit_applications", "职位报名"),
        ("competition:hearings", "公开竞岗"),
        ("competition:decisions", "考察票决任职"),
        ("competition:adjustments", "中层调整"),
        ("competition:talks", "谈心谈话"),
        ("registry:my_unit", "本单位"),
        ("campaigns:schedule", "日程"),
        ("organisation:index", "工作专班"),
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

# Part B (two-way selection), placed after each role's part A pages.
_NAV_PART_B = {
    Role.OFFICE: [("exchange:office", "双向选择"), ("exchange:matching", "匹配与流向")],
    Role.ORGDEPT: [("exchange:directed", "定向交流"), ("exchange:standbys", "待岗人员")],
    Role.UNIT_OPERATOR: [
        ("exchange:unit", "双向选择"),
        ("exchange:proposals", "建议人选"),
        ("exchange:arrivals", "报到转接"),
    ],
    Role.UNIT_LEADER: [("exchange:unit", "双向选择"), ("exchange:proposals", "建议人选")],
    Role.CADRE: [("exchange:my", "双向选择")],
}
for _role, _extra in _NAV_PART_B.items():
    _apps = [name.split(":")[0] for name, _ in _NAV[_role]]
    _at = next((i for i, app in enumerate(_apps) if app in ("registry", "campaigns")), len(_apps))
    _NAV[_role] = _NAV[_role][:_at] + _extra + _NAV[_role][_at:]


def role_nav(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}

    def switchable():
        # The switcher shows only for a person with more than one role (ADR 0014); read
        # when a page shows it (a template calls a callable), not for every fragment.
        held = request_roles(user)
        return held if len(held) > 1 else []

    return {
        "nav": _NAV.get(user.role, [("home", "工作台")]),
        "held_roles": switchable,
        "active_role_key": active_key(user),
    }
