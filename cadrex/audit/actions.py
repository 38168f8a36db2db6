"""Every action the log may record, as one enum with its Chinese name.

A change of status is a move of its model's transition table (``cadrex.rules.transitions``)
and takes its name from there; every other action is named in ``OTHER_ACTIONS`` below.
``event_record`` refuses an action this enum does not know, and
``tests/audit/test_actions.py`` reads the source to prove that every action a service records
is a member.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from cadrex.rules.transitions import MACHINES

# Actions that are not moves of a transition table.
OTHER_ACTIONS: dict[str, str] = {
    # accounts: one person, several roles (ADR 0014)
    "role_grant_add": "授予兼任角色",
    "role_grant_remove": "撤销兼任角色",
    "role_switch": "切换角色",
    # roster, campaign
    "roster_import": "导入干部名册",
    "campaign_create": "创建竞岗交流工作",
    "campaign_policy_update": "修改政策参数",
    "campaign_schedule_update": "修改日程安排",
    "headcounts_freeze": "冻结竞岗前中层人数",
    # A12: one unit's count frozen late (a unit added after the campaign opened), before an
    # appointment can move it: ``campaigns.headcount.headcount_freeze_unit``, when it writes.
    "headcount_freeze_unit": "补充冻结单位竞岗前中层人数",
    # part A: openings and applications
    "opening_update": "修改竞岗职位",
    "opening_delete": "删除竞岗职位",
    "openings_publish": "统一公布竞岗职位",
    "counts_snapshot": "统计每日报名人数",
    "review_close": "结束资格审查",
    "shortlist_record": "确定竞岗对象",
    "contestants_publish": "公布竞岗对象名单",
    # part A: the hearing
    "hearing_reschedule": "修改公开竞岗时间地点",
    "hearing_draw_lots": "抽签确定演说顺序",
    "juror_add": "添加评委",
    "jurors_add_staff": "添加群众评委",
    "juror_remove": "移除评委",
    # A8: the first device to open a juror's link is bound to it (no account: actor None).
    "juror_bind": "评委打开评分链接（绑定设备）",
    "juror_release": "解除评分链接设备绑定",
    "recusal_declare": "登记评委回避",
    "score_paper": "录入纸质评分表",
    "score_void": "作废评分",
    "tie_break": "确定并列名次",
    # part A: vetting, ballot, appointment, adjustment, talks
    "vetting_fix": "确定考察对象",
    "vetting_record": "记录考察情况",
    "ballot_terminal_claim": "监票人启用投票终端",
    "ballot_issue": "监票人发放选票",
    "ballot_cast": "投入选票",
    "ballot_terminal_reset": "重置投票终端",
    "ballot_enter_papers": "录入选票",
    "appointment_revise": "修改任免审批材料",
    "adjustment_record": "本单位中层调整",
    "talk_record": "记录谈心谈话",
    # part B: two-way selection
    "exchange_signup": "报名参加双向选择",
    "exchange_signup_withdraw": "撤回双向选择报名",
    "exchange_declaration_save": "保存交流对象和缺员人数",
    "exchange_balance_exception": "同意人员进出不平衡例外",
    "exchange_vacancies_publish": "公布各单位缺员人数",
    "exchange_preferences_save": "填报意向",
    "exchange_proposals_save": "提出建议人选",
    "exchange_matching_run": "运行双向选择匹配",
    "exchange_matching_publish": "公布双向选择匹配结果",
    "exchange_round_open": "开启新一轮双向选择",
    "exchange_directed_draft": "生成定向交流建议方案",
    "exchange_directed_set": "调整定向交流单位",
    "exchange_directed_confirm": "部务会议确定定向交流",
    "exchange_transfer_tick": "登记报到和关系转接",
    # C1: the leading group and its office; each unit's responsible leader and task team
    "group_member_add": "添加领导小组（办公室）成员",
    "group_member_update": "修改领导小组（办公室）成员",
    "group_member_remove": "移除领导小组（办公室）成员",
    "group_office_update": "修改领导小组办公室信息",
    "responsible_leader_set": "确定单位第一责任人",
    "task_team_member_add": "添加工作专班成员",
    "task_team_member_update": "修改工作专班成员",
    "task_team_member_remove": "移除工作专班成员",
    "cadre_photo_upload": "上传干部照片",
    "cadre_photos_import": "批量导入干部照片",
    "appointment_form_details_update": "修改任免审批表简历及家庭成员",
    # notifications (issue 15, ADR 0013): a person's own mobile number and email for notices
    "contact_update": "修改接收通知的联系方式",
    # issue 15 (ADR 0012): the office's holiday calendar and the deadlines that act
    "calendar_day_add": "录入节假日安排",
    "calendar_day_remove": "删除节假日安排",
    "placement_overdue": "交流安排：标记逾期未答复",
    "placement_deadline_extend": "交流安排：重新确定表态截止日",
}

# Names that earlier versions recorded and no service records any more: old entries of an
# append-only log must still read in Chinese, but ``event_record`` accepts none of them.
RETIRED_ACTIONS: dict[str, str] = {
    "application_review": "资格审查",
    "appointment_review": "审核任职材料",
    "probation_conclude": "记录试用期结论",
    "exchange_placement_answer": "对交流安排表态",
    "exchange_standby_outcome": "记录待岗结果",
}


def move_action_labels() -> dict[str, str]:
    """Each move's action → its Chinese name. The move's own label when it already names
    what it acts on (“同意报名”, “发文任职”); else prefixed with the record's name
    (“票决：计票”, “竞岗对象评分：开始评分”)."""
    labels = {}
    for machine in MACHINES:
        for name, move in machine.moves.items():
            own = machine.label in move.label
            labels[name] = move.label if own else f"{machine.label}：{move.label}"
    return labels


def _members() -> list[tuple[str, tuple[str, str]]]:
    moves = move_action_labels()
    clash = sorted(moves.keys() & OTHER_ACTIONS.keys())
    if clash:  # one name per action: a move is named by its table only
        raise ImportError(f"OTHER_ACTIONS repeats moves of a transition table: {clash}")
    return [(name.upper(), (name, label)) for name, label in {**moves, **OTHER_ACTIONS}.items()]


Action = models.TextChoices("Action", _members())
Action.__doc__ = "An action of the audit log: its value is what ``Event.action`` stores."

ACTION_LABELS: dict[str, str] = dict(Action.choices)


def action_label(action: str) -> str:
    """The Chinese name of a recorded action (a retired one too); the code if unknown."""
    return ACTION_LABELS.get(action) or RETIRED_ACTIONS.get(action) or action


def same_label_actions(action: str) -> list[str]:
    """``action`` and every action that reads the same (“改报” is four moves): what a person
    picking that name from a list means. The first is the one that stands for them all."""
    label = ACTION_LABELS.get(action)
    if label is None:
        return [action]
    return [value for value, text in ACTION_LABELS.items() if text == label]


def action_choices(recorded: Iterable[str]) -> list[tuple[str, str]]:
    """A list to pick from: each name once (its first action stands for all that read the
    same), in the enum's order, then retired or unknown ones as they were recorded."""
    recorded = set(recorded)
    order = {value: i for i, value in enumerate(ACTION_LABELS)}
    chosen = {same_label_actions(action)[0] for action in recorded}
    ranked = sorted(chosen, key=lambda action: (order.get(action, len(order)), action))
    return [(action, action_label(action)) for action in ranked]
