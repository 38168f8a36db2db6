"""Part B forms after the matching: the orgdept's directed placement (B6), the placed
person's answer and the standby's outcome (B7), the new unit's checklist (C3). Shared pieces
and the forms up to the matching: ``forms``."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms

from cadrex.exchange.forms import ExchangeForm, UnitChoiceField, text_field
from cadrex.exchange.models import TRANSFER_ITEMS, StandbyOutcome
from cadrex.registry.models import Unit

# ------------------------------------------------------------------ B6 directed placement


class MeetingForm(ExchangeForm):
    """B6: the orgdept meeting that confirms the directed placements, and its opinion."""

    meeting_date = forms.DateField(
        label="部务会议日期",
        # An <input type="date"> takes ISO dates only, whatever the page's language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写部务会议日期。", "invalid": "部务会议日期格式不对。"},
    )
    note = text_field("部务会议研究意见", max_length=2000, textarea=True)


class DirectedUnitForm(ExchangeForm):
    """B6: one person's directed unit; empty means "not placed" (暂不安置)."""

    unit = UnitChoiceField("定向交流单位", "（暂不安置）")

    def offer(self, person: str, units: Iterable[tuple[Unit, int]]) -> None:
        """Show ``units`` with the vacancies each has left (the rules decide what may be
        chosen: any unit of the campaign's scope is read, and refused by the rules' reason)."""
        field = self.fields["unit"]
        field.widget.choices = [
            ("", field.empty_label),
            *((u.pk, f"{u.name}（尚余 {n}）") for u, n in units),
        ]
        field.widget.attrs["aria-label"] = f"{person}的定向交流单位"


# ------------------------------------------------------------------ B7 answer, standby


class AnswerForm(ExchangeForm):
    """B7 / C3: the placed person accepts or refuses their placement."""

    accept = forms.TypedChoiceField(
        label="表态",
        choices=[("yes", "服从安排"), ("no", "不服从安排")],
        coerce=lambda v: v == "yes",
        error_messages={
            "required": "请选择服从安排或不服从安排。",
            "invalid_choice": "请选择服从安排或不服从安排。",
        },
    )
    note = text_field("说明", max_length=300, size=40)


class StandbyOutcomeForm(ExchangeForm):
    """B7: a served standby's outcome: placed into a unit, or graded 不称职 after vetting."""

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
    unit = UnitChoiceField("安排单位", "（请选择）")
    # The service decides which years are allowed (those of the standby).
    year = forms.IntegerField(
        label="考核年度",
        required=False,
        widget=forms.TextInput(attrs={"size": 6, "inputmode": "numeric"}),
        error_messages={"invalid": "请填写四位数的年度，如 2027。"},
    )
    vetting_note = text_field("考察和研究意见", max_length=2000, textarea=True)
    note = text_field("说明", max_length=500, size=20)


# ------------------------------------------------------------------ C3 the checklist


class TransferForm(ExchangeForm):
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


class OverdueDecisionForm(ExchangeForm):
    """B7 (ADR 0012): what the orgdept decides for a person 逾期未答复: treat the silence as
    a refusal (standby follows), or give a new last day to answer. No choice is made for the
    clerk: the list opens on （请选择）, and an empty choice is refused."""

    decision = forms.ChoiceField(
        label="处理方式",
        choices=[
            ("", "（请选择）"),
            ("refuse", "视为不服从安排（待岗）"),
            ("extend", "重新确定表态截止日"),
        ],
        error_messages={
            "required": "请选择处理方式。",
            "invalid_choice": "处理方式只能是视为不服从安排或重新确定表态截止日。",
        },
    )
    deadline = forms.DateField(
        label="新的表态截止日",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "新的表态截止日格式不对，应为 年-月-日。"},
    )
    note = text_field("研究意见", max_length=300, size=30)

    def clean(self):
        data = super().clean()
        decision, deadline = data.get("decision"), data.get("deadline")
        if decision == "extend" and not deadline:
            self.add_error("deadline", "请填写新的表态截止日。")
        if decision == "refuse" and not (data.get("note") or "").strip():
            # A refusal brings a warning and a year's standby (B7, C3): the record says why.
            self.add_error(
                "note", "视为不服从安排将给予警告处分并待岗，请填写研究意见（如会议研究情况）。"
            )
        elif decision == "refuse" and (deadline or self.data.get("deadline", "").strip()):
            # A date beside a refusal means the clerk hesitated between the two: ask again.
            self.add_error(
                "deadline",
                "选择“视为不服从安排”时不填新的表态截止日：请清除日期，或改选“重新确定表态截止日”。",
            )
        return data
