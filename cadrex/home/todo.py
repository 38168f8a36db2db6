"""What each role does in each step: the home page's "now" list."""

from __future__ import annotations

from cadrex.accounts.models import Role
from cadrex.rules.schedule import Step

_O, _D, _UO, _UL, _C = Role.OFFICE, Role.ORGDEPT, Role.UNIT_OPERATOR, Role.UNIT_LEADER, Role.CADRE

# step → {role: what that role does while the step is open, or (that, the page to do it on)}
STEP_TASKS: dict[Step, dict[str, str | tuple[str, str]]] = {
    Step.DECLARE_OPENINGS: {
        _UO: ("填报本单位《跨单位竞岗中层职位表》", "competition:declaration"),
        _UL: ("审核并报送本单位竞岗职位", "competition:declaration"),
        _O: ("查看各单位职位报送情况", "competition:office_declarations"),
    },
    Step.PUBLISH_OPENINGS: {_O: ("统一公布竞岗职位", "competition:office_declarations")},
    Step.REGISTRATION: {
        _C: ("报名竞争其他单位的竞岗职位（限报1个），报名期内可改报", "competition:openings"),
        _UL: ("对本单位干部的报名表示同意或不同意", "competition:consents"),
        _O: ("每日公布各职位报名人数", "notices:daily_counts"),
    },
    Step.QUALIFICATION_REVIEW: {_O: ("对报名人员进行资格审查", "competition:review")},
    Step.REAPPLICATION: {
        _C: ("所报职位不进行竞岗的，可改报其他职位", "competition:my_applications"),
        _O: ("审查改报人员资格", "competition:review"),
    },
    Step.SHORTLIST: {
        _UO: ("初步比选，确定竞岗对象", "competition:unit_applications"),
        _UL: ("确认竞岗对象名单", "competition:unit_applications"),
        _O: ("公布竞岗对象名单", "competition:office_shortlists"),
    },
    Step.HEARING: {
        _O: ("组织公开竞岗、选派领导评委、发放评分链接", "competition:hearings"),
        _UL: ("主持竞职演说和追问", "competition:hearings"),
    },
    Step.VETTING: {
        _UO: ("按1:2确定考察对象并考察", "competition:decisions"),
        _UL: ("审定考察意见", "competition:decisions"),
    },
    Step.BALLOT: {
        _UL: ("组织党委（党组）差额票决", "competition:decisions"),
        _UO: ("录入票决情况", "competition:decisions"),
    },
    Step.APPOINTMENT: {
        _UO: ("报送任免材料", "competition:decisions"),
        _D: ("审核任职人选", "competition:appointments"),
        _UL: ("报送任职材料、公示后发文任职", "competition:decisions"),
    },
    Step.ADJUSTMENT: {
        _UO: ("本单位中层干部调整（不得超过竞岗前中层人数）", "competition:adjustments"),
        _O: ("检查各单位中层人数", "competition:headcounts"),
        _D: ("检查各单位中层人数", "competition:headcounts"),
    },
    Step.EXCHANGE_SIGNUP: {
        _C: ("报名参加一般干部跨单位双向选择", "exchange:my"),
        _UO: ("确定交流对象、申报缺员人数", "exchange:unit"),
        _UL: ("审核并报送本单位交流对象和缺员人数", "exchange:unit"),
        _O: ("查看各单位交流对象和缺员申报情况", "exchange:office"),
    },
    Step.VACANCIES: {
        _O: ("公布各单位缺员人数", "exchange:office"),
        _UL: ("被退回的，修改后重新报送", "exchange:unit"),
    },
    Step.PREFERENCES: {_C: ("填报意向单位（最多2个）", "exchange:preferences")},
    Step.PROPOSALS: {
        _UO: ("按1:2提出建议人选", "exchange:proposals"),
        _UL: ("审定本单位建议人选", "exchange:proposals"),
    },
    Step.MATCHING: {_O: ("进行双向选择匹配并公布结果", "exchange:matching")},
    Step.DIRECTED_PLACEMENT: {
        _D: ("部务会议研究落岗人员定向交流", "exchange:directed"),
        _O: ("查看定向交流情况", "exchange:directed"),
    },
    Step.ACCEPTANCE: {
        _C: ("服从安排并按时报到", "exchange:my"),
        _UO: ("登记报到，办理关系转接", "exchange:arrivals"),
        _D: ("查看待岗人员", "exchange:standbys"),
    },
    Step.SUMMARY: {_O: "总结工作经验"},
}


def tasks_for(role: str, open_rows: list[dict]) -> list[dict]:
    """The open steps this role acts in, each with what the role does there."""
    tasks = []
    for row in open_rows:
        task = STEP_TASKS.get(row["step"], {}).get(role)
        if task:
            text, url = task if isinstance(task, tuple) else (task, None)
            tasks.append({**row, "task": text, "url": url})
    return tasks
