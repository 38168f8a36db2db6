"""政策说明 (C5): the campaign's policy in plain Chinese sentences, one section per rule area.

Every number is read from the :class:`~cadrex.rules.policy.Policy` passed in (a frozen value of
the rules core, built by the caller from the campaign's overrides), so the notes always say
what the campaign actually enforces: change a parameter and the sentence changes with it.
Rule IDs stay out of the text (cadres read it); the office's pages show them elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cadrex.documents.pdf import render_pdf
from cadrex.rules.policy import CHOICE_LABELS, Policy


@dataclass(frozen=True)
class NoteSection:
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class PolicyNotes:
    title: str
    sections: tuple[NoteSection, ...]

    @property
    def text(self) -> str:
        """The whole notes as plain text (for tests and search)."""
        return "\n".join(f"{s.title}\n" + "\n".join(s.sentences) for s in self.sections)


def policy_notes(policy: Policy, *, campaign_name: str) -> PolicyNotes:
    """C5: the notes of ``policy``, in the order a reader meets the steps."""
    p = policy
    return PolicyNotes(
        title=f"{campaign_name}政策说明",
        sections=(
            NoteSection("一、推出竞岗职位", _offering(p)),
            NoteSection("二、报名条件", _eligibility(p)),
            NoteSection("三、报名", _applying(p)),
            NoteSection("四、竞岗程序", _procedure(p)),
            NoteSection("五、评分办法", _scoring(p)),
            NoteSection("六、考察", _vetting(p)),
            NoteSection("七、差额票决", _ballot()),
            NoteSection("八、任职", _appointment(p)),
            NoteSection("九、一般干部双向选择", _exchange(p)),
            NoteSection("十、定向交流与待岗", _placement(p)),
            NoteSection("十一、报到", _reporting(p)),
        ),
    )


def policy_notes_pdf(notes: PolicyNotes) -> bytes:
    return render_pdf("documents/policy_notes.html", {"notes": notes})


# ------------------------------------------------------------------ the sections


def _offering(p: Policy) -> tuple[str, ...]:
    towns = "镇（街道）均须推出竞岗职位。" if p.towns_must_offer else "镇（街道）不作强制要求。"
    return (
        f"中层干部达到{p.mandatory_offer_threshold}名及以上的单位，须推出不少于"
        f"{p.min_openings_when_mandatory}个中层职位参加跨单位竞岗；{towns}",
    )


def _eligibility(p: Policy) -> tuple[str, ...]:
    out = []
    out.append(f"年龄不超过{p.max_age}周岁。" if p.max_age is not None else "不设年龄上限。")
    if p.min_years_in_post is not None:
        out.append(f"任现职满{p.min_years_in_post}年。")
    if p.min_years_in_rank is not None:
        out.append(f"任现职级满{p.min_years_in_rank}年。")
    if p.min_years_in_post is None and p.min_years_in_rank is None:
        out.append("不设任职年限要求。")
    out.append(f"具有{p.min_education}及以上学历。" if p.min_education else "不设学历要求。")
    if p.min_appraisal_grade and p.appraisal_years:
        out.append(f"近{p.appraisal_years}年年度考核结果均为{p.min_appraisal_grade}及以上等次。")
    else:
        out.append("不审查近年年度考核结果。")
    barred = []
    if p.exclude_sanctioned:
        barred.append("处分影响期内的")
    if p.exclude_on_probation:
        barred.append("提拔任职试用期内的")
    if p.check_recusal:
        barred.append("与竞岗单位领导班子成员有应回避亲属关系的")
    if barred:
        out.append(f"{'，'.join(barred)}，不得报名。")
    return tuple(out)


def _applying(p: Policy) -> tuple[str, ...]:
    return (
        f"每人限报{p.max_applications_per_person}个职位。",
        "可以报名本单位推出的职位。" if p.may_apply_to_own_unit else "不得报名本单位推出的职位。",
        "报名须经所在单位同意。" if p.home_unit_consent_required else "报名无须所在单位同意。",
        "报名期内可以改报其他职位。" if p.switch_allowed_in_window else "报名后不得改报其他职位。",
    )


def _procedure(p: Policy) -> tuple[str, ...]:
    few = f"少于{p.min_qualified_to_compete}名"
    if p.min_qualified_ratio is not None:
        few += f"或少于职位数{p.min_qualified_ratio}倍"
    cap = f"不超过{p.shortlist_cap}名"
    if p.shortlist_ratio is not None:
        cap += f"且不超过职位数的{p.shortlist_ratio}倍"
    return (
        f"资格审查后，符合条件人数{few}的职位不进行竞岗，报名人员可以改报其他职位。",
        f"每个职位的竞岗对象{cap}；符合条件人数超过该数的，由职位所在单位择优确定，"
        "未超过的全部作为竞岗对象。",
        "公开竞岗采取竞职演说、现场追问的方式进行，评委现场评分。",
    )


def _scoring(p: Policy) -> tuple[str, ...]:
    office = (
        f"，其中竞岗交流工作办公室选派不少于{p.min_office_assigned_leader_jurors}人"
        if p.min_office_assigned_leader_jurors
        else ""
    )
    places = f"最多保留{p.score_input_places}位小数" if p.score_input_places else "为整数"
    out = [
        f"领导评委{p.leader_jury_size}人{office}；群众评委不少于{p.min_staff_jury_size}人。",
        f"评分范围为{_num(p.score_min)}分至{_num(p.score_max)}分，评委打分{places}。",
        *_items_sentence(p),
        _trim_sentence(p),
        f"竞岗得分＝领导评委平均分×{_num(p.leader_weight)}%＋群众评委平均分×"
        f"{_num(p.staff_weight)}%。",
        f"平均分和竞岗得分保留{p.score_places}位小数，四舍五入。"
        if p.score_places
        else "平均分和竞岗得分四舍五入取整数。",
    ]
    if p.tie_break_by_leader_mean:
        out.append(
            "竞岗得分相同的，领导评委平均分高者排名在前；仍相同的，名次并列，"
            "由竞岗交流工作办公室研究确定。"
        )
    else:
        out.append("竞岗得分相同的，名次并列，由竞岗交流工作办公室研究确定。")
    return tuple(out)


def _items_sentence(p: Policy) -> tuple[str, ...]:
    # The item score sheet (分项评分表): (name, maximum) pairs; empty when one total is given.
    items = tuple(getattr(p, "score_items", None) or ())
    if not items:
        return ("评委对每名竞岗对象直接打出总分。",)
    listed = "、".join(f"{name}{_num(top)}分" for name, top in items)
    return (f"评委按分项评分表打分：{listed}，各项得分相加为该评委的评分。",)


def _trim_sentence(p: Policy) -> str:
    dropped = []
    if p.trim_high:
        dropped.append(f"{p.trim_high}个最高分")
    if p.trim_low:
        dropped.append(f"{p.trim_low}个最低分")
    if not dropped:
        return "领导评委、群众评委的评分分别计算平均分，不去掉最高分和最低分。"
    when = f"（该组评分不多于{p.trim_only_above}份时不去掉）" if p.trim_only_above else ""
    return (
        f"领导评委、群众评委的评分分别去掉{'、'.join(dropped)}{when}后计算平均分；"
        "最高分或最低分有相同的，只按上述个数去掉。"
    )


def _vetting(p: Policy) -> tuple[str, ...]:
    return (
        "根据竞岗得分并结合前期考核了解情况，按职位数与考察对象"
        f"1:{p.vetting_ratio}的比例确定考察对象，进行考察。",
    )


def _ballot() -> tuple[str, ...]:
    return (
        "职位所在单位党委（党组）集体研究，实行差额票决。",
        "到会成员须达到应到会成员的三分之二以上方可票决；赞成票超过应到会成员半数的，方为通过。",
    )


def _appointment(p: Policy) -> tuple[str, ...]:
    start = CHOICE_LABELS.get(p.probation_start, p.probation_start)
    return (
        f"拟任人选任前公示{p.publicity_working_days}个工作日。",
        f"提拔任职的，试用期{p.probation_months}个月，自{start}起计算。",
    )


def _exchange(p: Policy) -> tuple[str, ...]:
    rounds = (
        "双向选择匹配进行1轮。"
        if p.matching_rounds == 1
        else f"双向选择匹配最多进行{p.matching_rounds}轮。"
    )
    return (
        "各单位在个人报名的基础上确定交流对象，交出人数与缺员人数相等。",
        f"每名交流对象可填报不超过{p.max_preferences}个意向单位，不得填报本单位。",
        f"各单位从填报本单位的人员中，按不超过缺员人数{p.proposal_ratio}倍的人数提出建议人选并排序。",
        rounds,
    )


def _placement(p: Policy) -> tuple[str, ...]:
    return (
        "匹配未成功的人员和未填报意向的人员，由市委组织部统筹定向交流。",
        f"交流人员应在交流安排确定后{p.answer_working_days}个工作日内表态是否服从安排；"
        "逾期未表态的，由市委组织部研究处理。",
        f"不服从定向交流的，待岗{_months(p.standby_months)}，待岗期间不享受年度考核奖励。",
    )


def _reporting(p: Policy) -> tuple[str, ...]:
    return (
        f"交流人员应在通知下发后{p.reporting_working_days}个工作日内到新单位报到，"
        "并办理相关关系转接手续。",
    )


def _months(n: int) -> str:
    return f"{n // 12}年" if n % 12 == 0 else f"{n}个月"


def _num(value: Decimal) -> str:
    """``Decimal("70")`` → "70", ``Decimal("62.50")`` → "62.5"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
