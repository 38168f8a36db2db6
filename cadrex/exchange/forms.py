"""Part B forms, and the parsers of the list-shaped posts (preferences, proposal ranks)."""

from __future__ import annotations

from django import forms

from cadrex.exchange.models import TRANSFER_ITEMS, StandbyOutcome
from cadrex.registry.models import Unit
from cadrex.rules import RuleViolation
from cadrex.web import as_id

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
        if as_id(raw) is None:
            raise RuleViolation("B3", f"第 {k} 意向单位无效，请从列表中选择。", field="preferences")
        units.append(as_id(raw))
    return units


def posted_order(post, names: dict[int, str]) -> list[int]:
    """B4: candidate ids in the order of the typed ranks (``rank_<id>``); blank: not proposed.

    Every ``rank_<id>`` posted is read, not only those the page showed, so that a person
    who did not list the unit is refused by the rules rather than silently dropped. Ranks
    must be whole numbers and strictly ordered (no two people share a rank).
    """
    ranked = []
    for key, value in post.items():
        if not key.startswith("rank_") or as_id(key[5:]) is None:
            continue
        raw = (value or "").strip()
        if not raw:
            continue
        pk = int(key[5:])
        name = names.get(pk, f"编号{pk}的人员")
        if as_id(raw) is None:
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


# A NUL byte cannot be stored in PostgreSQL text; every text field says so in Chinese.
NO_NUL = {"null_characters_not_allowed": "不能包含空字符（NUL），请重新输入。"}


def errors_text(form: forms.Form) -> str:
    """Every error of ``form`` as one Chinese sentence, each after its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = "；".join(errors)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def _text(label: str, *, max_length: int | None = None, textarea: bool = False, **extra):
    messages = {**NO_NUL}
    if max_length:
        messages["max_length"] = f"最多 {max_length} 个字。"
    widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=widget,
        error_messages=messages,
        **extra,
    )


def _unit_choice(label: str, empty: str) -> forms.ModelChoiceField:
    """A unit of the campaign's scope (S1), by id: another id or "abc" is refused by name."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Unit.objects.filter(vertically_managed=False),
        required=False,
        empty_label=empty,
        error_messages={"invalid_choice": "所选单位不存在或不参加本次竞岗交流，请从列表中选择。"},
    )


class ReasonForm(forms.Form):
    # Optional here: the service says which reason is missing (退回原因, 例外理由).
    reason = _text("理由", max_length=500)


class PublishVacanciesForm(forms.Form):
    """B2: the office ticks that it has seen the units which declared nothing. Only the
    checkbox's own value counts as a tick ("abc" is refused, not read as yes)."""

    acknowledge_undeclared = forms.TypedChoiceField(
        label="已核实以上单位未报送交流对象和缺员人数，本次不参加双向选择",
        choices=[("on", "已核实")],
        coerce=lambda v: v == "on",
        required=False,
        empty_value=False,
        error_messages={"invalid_choice": "确认框的值无效，请勾选确认框后再公布。"},
    )


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="表态",
        choices=[("yes", "服从安排"), ("no", "不服从安排")],
        coerce=lambda v: v == "yes",
        error_messages={
            "required": "请选择服从安排或不服从安排。",
            "invalid_choice": "请选择服从安排或不服从安排。",
        },
    )
    note = _text("说明", max_length=300)


class MeetingForm(forms.Form):
    meeting_date = forms.DateField(
        label="部务会议日期",
        # An <input type="date"> takes ISO dates only, whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写部务会议日期。", "invalid": "部务会议日期格式不对。"},
    )
    note = _text("部务会议研究意见", max_length=2000, textarea=True)


class DirectedUnitForm(forms.Form):
    """B6: one person's directed unit; empty means "not placed" (暂不安置)."""

    unit = _unit_choice("定向交流单位", "（暂不安置）")


class StandbyOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="结果",
        choices=[
            (StandbyOutcome.PLACED.value, "待岗期满，根据表现安排到单位"),
            (StandbyOutcome.INCOMPETENT.value, "待岗期间表现差，年度考核定为不称职"),
        ],
        error_messages={
            "required": "请选择待岗期满后的安排结果。",
            "invalid_choice": "请选择待岗期满后的安排结果。",
        },
    )
    unit = _unit_choice("安排单位", "（请选择）")
    # The service decides which years are allowed (those of the standby).
    year = forms.IntegerField(
        label="考核年度",
        required=False,
        error_messages={"invalid": "请填写四位数的年度，如 2027。"},
    )
    vetting_note = _text("考察和研究意见", max_length=2000, textarea=True)
    note = _text("说明", max_length=500)


class TransferForm(forms.Form):
    """C3: one item of the new unit's checklist, ticked (1) or withdrawn (0)."""

    item = forms.ChoiceField(
        label="转接事项",
        choices=list(TRANSFER_ITEMS.items()),
        error_messages={"required": "未知的转接事项。", "invalid_choice": "未知的转接事项。"},
    )
    done = forms.TypedChoiceField(
        label="操作",
        choices=[("1", "登记"), ("0", "撤销")],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=True,  # a bare tick registers the item
        error_messages={"invalid_choice": "操作只能是登记或撤销。"},
    )
