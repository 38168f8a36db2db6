"""Forms for the office: the policy (built from rules.Policy), the schedule and its shift."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from cadrex.campaigns.models import CalendarDayKind
from cadrex.rules.policy import POLICY_CHOICES, POLICY_LABELS, Policy
from cadrex.rules.schedule import STEP_INFO, Step
from cadrex.rules.workdays import calendar_day_problem

# What an empty box means where it is not "no limit" (the page says 空白表示不限 otherwise).
BLANK_MEANS = {"score_items": "空白表示不用分项评分表，只打总分"}


def _field_for(f: dataclasses.Field, current) -> forms.Field:
    field = _bare_field_for(f, current)
    field.blank_means = BLANK_MEANS.get(f.name, "空白表示不限")
    return field


def _bare_field_for(f: dataclasses.Field, current) -> forms.Field:
    label, rule = POLICY_LABELS.get(f.name, (f.name, ""))
    kind = str(f.type)
    common = {"label": label, "help_text": f"规则 {rule}" if rule else "", "initial": current}
    if "bool" in kind:
        return forms.BooleanField(required=False, **common)
    optional = "None" in kind
    if f.name in POLICY_CHOICES:
        blank = [("", "不限")] if optional else []
        return forms.ChoiceField(
            required=not optional, choices=blank + list(POLICY_CHOICES[f.name]), **common
        )
    if "Decimal" in kind:
        return forms.DecimalField(required=not optional, decimal_places=2, **common)
    if "int" in kind:
        return forms.IntegerField(required=not optional, **common)
    longest = 200 if f.name == "score_items" else 50  # up to ten items with their maxima
    return forms.CharField(required=not optional, max_length=longest, **common)


class PolicyForm(forms.Form):
    """One field per Policy parameter; rules.Policy.from_overrides does the real validation."""

    def __init__(self, *args, policy: Policy, **kwargs):
        super().__init__(*args, **kwargs)
        for f in dataclasses.fields(Policy):
            self.fields[f.name] = _field_for(f, getattr(policy, f.name))

    def overrides(self) -> dict:
        values = {}
        for name, value in self.cleaned_data.items():
            if value in ("", None):
                values[name] = None
            elif isinstance(value, Decimal):
                values[name] = str(value)
            else:
                values[name] = value
        return values


class ScheduleForm(forms.Form):
    """A start and an end per step; both blank clears the step's window."""

    def __init__(self, *args, windows: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for step, (_, name, _) in STEP_INFO.items():
            window = windows.get(step.value)
            for part in ("start", "end"):
                initial = getattr(window, part) if window else None
                label = f"{name}（{'开始' if part == 'start' else '截止'}）"
                # The inputs sit in a table row named by the step: the label is spoken only.
                widget = forms.DateTimeInput(
                    attrs={"type": "datetime-local", "aria-label": label},
                    format="%Y-%m-%dT%H:%M",
                )
                self.fields[f"{step.value}__{part}"] = forms.DateTimeField(
                    label=label,
                    required=False,
                    widget=widget,
                    initial=timezone.localtime(initial) if initial else None,
                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                )

    def rows(self):
        for step, (rule, name, who) in STEP_INFO.items():
            yield {
                "rule": rule,
                "name": name,
                "who": who,
                "start": self[f"{step.value}__start"],
                "end": self[f"{step.value}__end"],
            }

    def clean(self):
        data = super().clean()
        for step, (_, name, _) in STEP_INFO.items():
            start, end = data.get(f"{step.value}__start"), data.get(f"{step.value}__end")
            if (start is None) != (end is None):
                self.add_error(
                    f"{step.value}__end", f"{name}：开始和截止时间须同时填写或同时留空。"
                )
        return data

    def windows(self) -> dict[Step, tuple[datetime, datetime] | None]:
        result = {}
        for step in STEP_INFO:
            start = self.cleaned_data.get(f"{step.value}__start")
            end = self.cleaned_data.get(f"{step.value}__end")
            result[step] = (start, end) if start and end else None
        return result


UNKNOWN_STEP = "未知的环节。"


class StepField(forms.TypedChoiceField):
    """A step of the plan by its value (``hearing``); anything else is an unknown step."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[(step.value, name) for step, (_, name, _) in STEP_INFO.items()],
            coerce=Step,
            error_messages={"required": UNKNOWN_STEP, "invalid_choice": UNKNOWN_STEP},
            **kwargs,
        )


class ScheduleShiftForm(forms.Form):
    """“从现在开始”: the step the whole schedule is shifted to start now."""

    step = StepField(label="环节", widget=forms.HiddenInput)

    def refusal(self) -> str:
        return self.errors["step"][0]


NO_NUL = {"null_characters_not_allowed": "不能包含空字符（NUL），请重新输入。"}


class CalendarDayForm(forms.Form):
    """The office enters one day of the state council's holiday arrangement (ADR 0012)."""

    date = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "请填写日期。",
            "invalid": "不是一个有效的日期：请按 年-月-日 填写，如 2027-10-01。",
        },
    )
    kind = forms.ChoiceField(
        label="类别",
        choices=CalendarDayKind.choices,
        error_messages={
            "required": "请选择类别。",
            "invalid_choice": "类别只能是“放假”或“调休上班”。",
        },
    )
    note = forms.CharField(
        label="说明（如：国庆节）",
        max_length=100,
        required=False,
        error_messages={**NO_NUL, "max_length": "说明不超过100字。"},
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError("日期应在2000年至2100年之间。")
        return day

    def clean(self):
        data = super().clean()
        day, kind = data.get("date"), data.get("kind")
        if day and kind:
            problem = calendar_day_problem(day, kind == CalendarDayKind.MAKEUP_WORKDAY)
            if problem:
                self.add_error("date", problem)
        return data


class CalendarDayRemoveForm(forms.Form):
    """Which entry to remove, by its id."""

    day = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": "未指明要删除的日期。", "invalid": "未指明要删除的日期。"},
    )
