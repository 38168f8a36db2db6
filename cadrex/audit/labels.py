"""What the log's keys and ids mean to people: the tables ``cadrex.audit.display`` reads.

Services log plain JSON under short English keys; each key's Chinese name is here (or the
logged model's field's ``verbose_name``), and so is the kind of record an id names.
"""

from __future__ import annotations

from dataclasses import dataclass

# Keys services log, by their Chinese names. A key not here reads as the logged model's
# field of that name (its verbose_name), a policy parameter or a schedule step.
FIELD_LABELS: dict[str, str] = {
    # status fields of the transition tables
    "status": "状态",
    "scoring": "评分状态",
    "answer": "本人表态",
    "overdue": "逾期未答复",  # B7, ADR 0012
    "outcome": "结果",
    # people, units, posts
    "name": "名称",
    "cadre": "干部",
    "unit": "单位",
    "label": "角色",  # role_switch (ADR 0014): the role acted in, as the header says it
    "with": "谈话对象",
    "member": "领取选票的成员",
    "juror": "评委",
    "jury": "评委组",
    "substitute": "替补评委",
    "contestant": "竞岗对象",
    "contestants": "竞岗对象",
    "candidates": "人选",
    "opening": "职位",
    "to_opening": "改报职位",
    "from_opening": "原报职位",
    "openings": "职位数",
    "post_name": "职位名称",
    "section": "科室（机构）",
    "level": "正副职",
    "seats": "职数",
    "duties": "岗位职责",
    "conditions": "任职条件",
    "contact": "联系人及电话",
    "headcount": "中层人数",
    "action": "调整方式",
    # campaign
    "year": "年度",
    "policy": "政策参数",
    "day": "日期",
    # part A
    "qualified": "符合条件人数",
    "minimum": "竞岗所需最少人数",
    "cancelled": "不进行竞岗的职位",
    "lapsed": "失效的报名",
    "method": "初步比选方式",
    "at": "时间",
    "room": "地点",
    "seed": "抽签种子",
    "order": "顺序",
    "rank": "名次",
    "added": "添加人数",
    "value": "分数",
    "leader_mean": "领导评委平均分",
    "staff_mean": "群众评委平均分",
    "total": "竞岗得分",
    "staff_scores": "群众评委有效评分份数",
    "in_score_order": "按得分顺序确定",
    "opinion": "考察意见",
    "methods": "考察方式",
    "expected": "应到会人数",
    "present": "实到会人数",
    "papers": "选票张数",
    "counts": "得票",
    "for": "同意",
    "against": "不同意",
    "abstain": "弃权",
    "returned": "收回选票",
    "valid": "有效票",
    "invalid": "无效票",
    "unvoted": "未投票人数",
    "quorum_met": "到会人数符合要求",
    "threshold": "当选所需票数",
    "elected": "当选",
    "revote_among": "须再次票决的人选",
    "decided": "已产生任职人选",
    "promotion": "提拔任职",
    "publicity_start": "公示开始",
    "publicity_end": "公示截止",
    "published_on": "发文日期",
    # part B
    "vacancies": "缺员人数",
    "sent_out": "交流出人数",
    "difference": "进出差额",
    "exception": "进出不平衡例外",
    "units": "单位数",
    "undeclared_acknowledged": "未申报的单位（已确认）",
    "people": "人数",
    "placed": "已安排人数",
    "meeting_date": "部务会议日期",
    "matched": "匹配成功人数",
    "unplaced": "未匹配人数",
    "inputs_sha256": "输入哈希",
    "result_sha256": "结果哈希",
    "reporting_deadline": "报到期限",
    "reported_at": "已报到",
    "administrative_at": "行政关系已转接",
    "salary_at": "工资关系已转接",
    "party_at": "党组织关系已转接",
    "rule": "依据",
    "start": "开始日期",
    "end": "截止日期",
    "grade": "考核等次",
    "grade_before": "原考核等次",
    # C3: the warning recorded with a refusal, and the roster's 奖惩情况 it is written into
    "sanctions": "奖惩情况",
    "sanctions_before": "原奖惩情况",
    # roster import
    "units_created": "新增单位",
    "units_updated": "更新单位",
    "cadres_created": "新增干部",
    "cadres_updated": "更新干部",
    "cadres_unchanged": "未变的干部",
    "posts_set": "登记中层职务",
    "posts_removed": "撤销中层职务",
}

# Codes kept in a list field that has no choices of its own (a vetting's methods): the app
# that owns the codes registers their labels here when it loads (the log sits below it).
LIST_CHOICES: dict[str, dict[str, str]] = {}


def register_choices(key: str, choices) -> None:
    """The labels of the codes logged under ``key`` (``[("talks", "个别谈话"), …]``)."""
    LIST_CHOICES[key] = {code: str(label) for code, label in choices}


# Keys whose meaning is the logged model's own (a juror's name is 姓名, a unit's 单位名称):
# the model field's verbose_name comes first, the table above only where the model has none.
MODEL_FIRST = frozenset({"name"})

# A whole list logged as before/after (not a record): its line's label, by action.
WHOLE_VALUE_LABELS: dict[str, str] = {
    "exchange_preferences_save": "意向单位（依次）",
    "exchange_proposals_save": "建议人选（依次）",
}


@dataclass(frozen=True)
class Ref:
    """The kind of record an id in the log names (its ``model_name``) and the field the id
    is: the log keeps ids, which never change; the page shows the record as people know it."""

    model: str
    field: str = "pk"


_OPENING, _APPLICATION, _UNIT = Ref("opening"), Ref("application"), Ref("unit", "code")

# Keys whose values (one id or a list of them) name records.
REFERENCES: dict[str, Ref] = {
    "opening": _OPENING,
    "to_opening": _OPENING,
    "from_opening": _OPENING,
    "cancelled": _OPENING,  # A6: the openings that do not go ahead
    "contestants": _APPLICATION,  # A7: the applications shortlisted
    "order": _APPLICATION,  # A8: the speaking order drawn, a tie's order decided
    "contestant": Ref("hearingcontestant"),
    "unit": _UNIT,
}
# The same key naming another kind of record on one type of logged object.
TYPED_REFERENCES: dict[tuple[str, str], Ref] = {
    ("opening", "candidates"): _APPLICATION,  # A9: the vetting candidates fixed
    ("ballotround", "candidates"): _APPLICATION,
    ("ballotround", "elected"): _APPLICATION,
    ("ballotround", "revote_among"): _APPLICATION,
    ("exchangedeclaration", "candidates"): Ref("cadre"),
}
# Records whose keys are ids: a ballot's counts, by candidate.
KEYED_BY: dict[tuple[str, str], Ref] = {("ballotround", "counts"): _APPLICATION}
WHOLE_VALUE_REFERENCES: dict[str, Ref] = {
    "exchange_preferences_save": _UNIT,
    "exchange_proposals_save": Ref("exchangecandidate"),
}

# Actions with no account behind them, and who did them.
NO_ACCOUNT_ACTORS: dict[str, str] = {
    "ballot_terminal_claim": "投票终端",
    "ballot_issue": "投票终端",
    "ballot_cast": "投票终端",
    "juror_bind": "评委本人（评分链接）",
}
# A10: a paper put in the box is shown as just that, whatever was recorded with it: no
# person, no marks. The secret of the ballot does not rest on every service logging right.
SECRET_ACTIONS: dict[str, str] = {"ballot_cast": "投入选票一张"}
