"""The forms of the pages after the committee's decision: the orgdept's review of an
appointment package and its conclusion of a probation (A11), the unit's own adjustment under
the headcount cap (A12), a talk with a contestant not appointed (C4).

Field names are those the pages have always posted: scripts post them by name. The forms
check only the shape of what was sent (a choice offered, an id of a record the page showed, a
date, a length); the rules, through the services, decide the rest with their own messages,
which the page shows beside the field they name (``decision.kept_forms``).
"""

from __future__ import annotations

import re

from django import forms

from cadrex.competition.decision.models import AdjustmentKind
from cadrex.web import as_id


def text_field(label: str, *, max_length: int, **attrs) -> forms.CharField:
    """Optional text: the rules say when it is needed (退回原因, 免职理由, 谈话人…). Its
    errors name it: the message above the page says only the first error."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs),
        error_messages={
            # A NUL byte cannot be stored in PostgreSQL text.
            "null_characters_not_allowed": f"{label}不能包含空字符（NUL），请重新输入。",
            "max_length": f"{label}最多 {max_length} 个字。",
        },
    )


def choice_field(label: str, choices, refusal: str, *, required: bool = True, **kwargs):
    """One of the options the page offers; anything else is refused with ``refusal``."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={"required": refusal, "invalid_choice": refusal},
        **kwargs,
    )


class RecordField(forms.ModelChoiceField):
    """A record the page listed, by id: ASCII digits within the database's range (``as_id``)
    first, so "²", "1.5" or a 30-digit number is refused like another unit's id."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        pk = as_id(str(value))
        if pk is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(pk)


class StageForm(forms.Form):
    """A form of these pages: labels as the pages write them; ``rule`` is the rule whose
    refusal a form of the wrong shape is said as ("请选择试用期结论。（规则 A11）")."""

    rule = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RowForm(StageForm):
    """A form in one row of a table: each control is named for the person of the row by an
    aria-label (a visible label in every row would crowd the table). No ids: a row may show
    in two tables of one page."""

    aria = {}  # field → label, "{who}" for the row's person

    def __init__(self, *args, who: str = "", **kwargs):
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)
        for name, label in self.aria.items():
            self.fields[name].widget.attrs["aria-label"] = label.format(who=who)


# ------------------------------------------------------------------ A11 the orgdept


class AppointmentReviewForm(RowForm):
    """A11: the orgdept approves a submitted package or returns it (a reason then)."""

    rule = "A11"
    approve = forms.TypedChoiceField(
        label="审核意见",
        choices=[("yes", "审核通过"), ("no", "退回")],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "请选择审核通过或退回。",
            "invalid_choice": "请选择审核通过或退回。",
        },
    )
    note = text_field("意见（退回必填）", max_length=300, placeholder="意见（退回必填）", size=12)
    aria = {"approve": "{who}的任职材料审核意见", "note": "{who}的审核意见说明（退回必填）"}


class ProbationConclusionForm(RowForm):
    """A11: a served probation ends confirmed, or removed with a reason."""

    rule = "A11"
    outcome = choice_field(
        "试用期结论",
        [("confirmed", "期满正式任职"), ("removed", "免职并恢复原职级")],
        "请选择试用期结论。",
    )
    note = text_field("说明（免职必填）", max_length=300, placeholder="说明（免职必填）", size=12)
    aria = {"outcome": "{who}的试用期结论", "note": "{who}的试用期结论说明（免职必填）"}


# ------------------------------------------------------------------ A12 the unit


class CadreField(RecordField):
    def label_from_instance(self, obj) -> str:
        post = getattr(obj, "middle_level_post", None)
        return f"{obj.name}（{post.title}）" if post else obj.name


class AdjustmentForm(StageForm):
    """A12: one of the unit's own adjustments: a cadre of the unit released from a
    middle-level post, or given one (or moved to another section)."""

    rule = "A12"
    kind = choice_field("方式", AdjustmentKind.choices, "请选择全员竞岗或局部轮岗。")
    cadre = CadreField(
        label="干部",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "请选择本单位干部。",
            "invalid_choice": "所选干部不是本单位干部，请从列表中选择。",
        },
    )
    action = choice_field(
        "调整",
        [("release", "免去中层职务"), ("assign", "任中层职务 / 轮岗")],
        "调整方式只能是任职或免职。",
    )
    # Needed when assigning: the rules say so (A12), not the form.
    section = text_field("科室（任职时）", max_length=100, size=10)
    level = choice_field(
        "正副职",
        [("", "—"), ("chief", "正职"), ("deputy", "副职")],
        "正副职只能是正职或副职。",
        required=False,
    )
    note = text_field("说明", max_length=200, size=14)

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres


# ------------------------------------------------------------------ C4 talks


class TalkForm(RowForm):
    """C4: a talk held with one contestant of the row (``contestant``: the hearing's
    contestant id, one of those the page lists — talked to already or not: each talk is
    kept)."""

    rule = "C4"
    contestant = RecordField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": "请从列表中选择谈话对象。",
            "invalid_choice": "该人员不在待谈话名单中，请刷新页面后重试。",
        },
    )
    talked_on = forms.DateField(
        label="谈话日期",
        required=False,  # the rules name a missing date (C4)
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "请填写有效的谈话日期，如 2026-03-02。"},
    )
    # The browser asks for it before sending (as the page always did); the rules decide.
    by = text_field("谈话人", max_length=50, placeholder="谈话人", size=6, required=True)
    note = text_field("谈话情况", max_length=2000, placeholder="谈话情况", size=16)
    aria = {
        "talked_on": "与{who}谈话的日期",
        "by": "与{who}谈话的谈话人",
        "note": "与{who}的谈话情况",
    }

    def __init__(self, *args, listed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contestant"].queryset = listed

    def row(self) -> int | None:
        """The contestant id of the row this form was posted from, if one the page lists:
        that row shows the form again, as typed."""
        self.is_valid()
        contestant = self.cleaned_data.get("contestant")
        return contestant.pk if contestant else None


# ------------------------------------------------------------------ A11 the unit's form details

FAMILY_ROWS = 7  # the approval form's rows (FORMS.md)
FAMILY_FIELDS = (
    ("relation", "称谓", 20),
    ("name", "姓名", 50),
    ("born", "出生年月", 7),
    ("politics", "政治面貌", 20),
    ("work", "工作单位及职务", 100),
)
_BORN = re.compile(r"^(\d{4})[.\-/年]?(\d{1,2})月?$")


class FormDetailsForm(StageForm):
    """A11: what the roster does not hold, entered by the unit for its approval form — the
    简历 as the form prints it, and up to 7 family members (称谓, 姓名, 出生年月, 政治面貌,
    工作单位及职务). A row left empty is dropped; a row begun needs 称谓 and 姓名."""

    rule = "A11"

    resume = forms.CharField(
        label="简历（每行“yyyy.MM—yyyy.MM  经历”；留空则用名册中的简历）",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "null_characters_not_allowed": "简历不能包含空字符（NUL），请重新输入。",
            "max_length": "简历最多 5000 个字。",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(FAMILY_ROWS):
            for key, label, length in FAMILY_FIELDS:
                field = text_field(f"第{i + 1}行{label}", max_length=length)
                field.widget.attrs["aria-label"] = f"第{i + 1}位家庭成员的{label}"
                self.fields[f"m{i}_{key}"] = field

    def rows(self):
        """Each row's bound fields in order, for the page's table."""
        return [[self[f"m{i}_{key}"] for key, _, _ in FAMILY_FIELDS] for i in range(FAMILY_ROWS)]

    def clean(self):
        data = super().clean()
        family = []
        for i in range(FAMILY_ROWS):
            row = {key: (data.get(f"m{i}_{key}") or "").strip() for key, _, _ in FAMILY_FIELDS}
            if not any(row.values()):
                continue
            for key, label in (("relation", "称谓"), ("name", "姓名")):
                if not row[key]:
                    self.add_error(f"m{i}_{key}", f"第{i + 1}位家庭成员请填写{label}。")
            if row["born"]:
                match = _BORN.match(row["born"])
                month = int(match.group(2)) if match else 0
                if not match or not 1 <= month <= 12:
                    self.add_error(f"m{i}_born", f"第{i + 1}位家庭成员的出生年月应写作“1960.05”。")
                else:
                    row["born"] = f"{match.group(1)}.{month:02d}"
            family.append(row)
        data["family"] = family
        return data
