"""Part B forms, and the parsers of the list-shaped posts (preferences, proposal ranks)."""

from __future__ import annotations

from django import forms

from cadrex.exchange.models import StandbyOutcome
from cadrex.rules import RuleViolation

# A determined user may post more preference fields than the page shows; read this many so
# that the rules (not the form) refuse the extra one with their own message.
MAX_POSTED_PREFERENCES = 10


def posted_preferences(post) -> list[int]:
    """B3: the unit ids of ``pref_1``, ``pref_2``… in order, blanks skipped."""
    units = []
    for k in range(1, MAX_POSTED_PREFERENCES + 1):
        raw = (post.get(f"pref_{k}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit():
            raise RuleViolation("B3", f"第 {k} 意向单位无效，请从列表中选择。", field="preferences")
        units.append(int(raw))
    return units


def posted_order(post, names: dict[int, str]) -> list[int]:
    """B4: candidate ids in the order of the typed ranks (``rank_<id>``); blank: not proposed.

    Every ``rank_<id>`` posted is read, not only those the page showed, so that a person
    who did not list the unit is refused by the rules rather than silently dropped. Ranks
    must be whole numbers and strictly ordered (no two people share a rank).
    """
    ranked = []
    for key, value in post.items():
        if not key.startswith("rank_") or not key[5:].isdigit():
            continue
        raw = (value or "").strip()
        if not raw:
            continue
        pk = int(key[5:])
        name = names.get(pk, f"编号{pk}的人员")
        if not raw.isdigit() or int(raw) < 1:
            raise RuleViolation("B4", f"{name}的建议顺序“{raw}”无效，请填写正整数。", field="ranks")
        ranked.append((int(raw), pk, name))
    seen: dict[int, str] = {}
    for rank, _pk, name in sorted(ranked):
        if rank in seen:
            raise RuleViolation(
                "B4",
                f"{seen[rank]}和{name}的建议顺序都是 {rank}，建议人选须按严格顺序排列。",
                field="ranks",
            )
        seen[rank] = name
    return [pk for _rank, pk, _name in sorted(ranked)]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.TextInput)


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="表态",
        choices=[("yes", "服从安排"), ("no", "不服从安排")],
        coerce=lambda v: v == "yes",
    )
    note = forms.CharField(label="说明", required=False, max_length=300)


class MeetingForm(forms.Form):
    meeting_date = forms.DateField(
        label="部务会议日期",
        # An <input type="date"> takes ISO dates only, whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写部务会议日期。", "invalid": "部务会议日期格式不对。"},
    )
    note = forms.CharField(
        label="部务会议研究意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StandbyOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="结果",
        choices=[
            (StandbyOutcome.PLACED.value, "待岗期满，根据表现安排到单位"),
            (StandbyOutcome.INCOMPETENT.value, "待岗期间表现差，年度考核定为不称职"),
        ],
    )
    unit = forms.IntegerField(label="安排单位", required=False)
    year = forms.IntegerField(label="考核年度", required=False, min_value=2000, max_value=2100)
    vetting_note = forms.CharField(
        label="考察和研究意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label="说明", required=False, max_length=500)
