"""Every POST of part A's registration pages (A1–A7) goes through one of these forms.

A check the rules make (a declined consent needs a reason, a place must be 1, 2, 3 …) is
left to the service that calls the rule: the form only turns what was typed into values,
so the refusal reads the same from the page, the demo and a script.
"""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

from cadrex.competition.registration.forms_data import APPLICATION_FIELDS
from cadrex.competition.registration.models import ApplicationStatus, Opening
from cadrex.rules import RuleViolation
from cadrex.rules.openings import check_seats
from cadrex.rules.shortlist import prescreen_order
from cadrex.web import as_id


class IdField(forms.Field):
    """A record's id as posted (``web.as_id``: ASCII digits within the database's range).

    ``lenient``: a value that is no id comes back as None instead of an error, for a service
    that refuses "no such record" in its own words.
    """

    widget = forms.HiddenInput
    default_error_messages = {"invalid": "没有找到该记录，请刷新页面后重试。"}

    def __init__(self, *, lenient: bool = False, **kwargs):
        self.lenient = lenient
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        pk = as_id(value)
        if pk is None and not self.lenient:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return pk


def at_most(what: str, length: int) -> dict[str, str]:
    """The refusal of a text longer than its column holds, naming the field (it is also
    said above the page, away from the field)."""
    return {"max_length": f"{what}最多 {length} 个字。"}


def row_form(form_class: type[forms.Form], pk: int, labels: dict[str, str], **kwargs):
    """A form of one table row: its own element ids, and each control named for screen
    readers (a visible label in every row would crowd the table)."""
    form = form_class(auto_id=f"id_%s_{pk}", **kwargs)
    for name, label in labels.items():
        form.fields[name].widget.attrs["aria-label"] = label
    return form


# ------------------------------------------------------------------ A1 openings


class OpeningForm(forms.ModelForm):
    class Meta:
        model = Opening
        fields = ["post_name", "section", "level", "seats", "duties", "conditions", "contact"]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        try:
            check_seats(seats)
        except RuleViolation as violation:
            raise forms.ValidationError(violation.message) from None
        return seats


class ReturnForm(forms.Form):
    """A1: the office returns a unit's declaration (the service asks for the reason)."""

    reason = forms.CharField(
        label="退回原因",
        required=False,
        max_length=500,
        error_messages=at_most("退回原因", 500),
        widget=forms.TextInput(attrs={"placeholder": "退回原因", "required": True, "size": 12}),
    )


# ------------------------------------------------------------------ A3–A5 applying

RECUSAL_TEXT = (
    "本人确认：与该职位所在单位领导班子成员无夫妻关系、直系血亲关系、三代以内旁系血亲关系"
    "以及近姻亲关系，无其他应当回避的情形（《公务员法》第七十四条）。"
)


# A telephone number: a mobile (13800000000) or a landline with its area code and an
# extension (0571-88888888-123); digits with +, -, spaces or brackets, 7 to 20 of them.
PHONE = RegexValidator(
    r"^(?=(?:\D*\d){7})[0-9+\-() ]{7,20}$",
    "联系电话只能填写号码，如 13800000000 或 0571-88888888。",
)
FIELD_VALIDATORS = {"phone": [PHONE]}


class ApplyForm(forms.Form):
    """The blanks the roster leaves, plus the recusal declaration; ``switch`` (the page
    sends 1 when the cadre already holds an application) moves that application here."""

    recusal = forms.BooleanField(label=RECUSAL_TEXT, required=False)
    switch = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, blanks: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for field in APPLICATION_FIELDS:
            if field.key in blanks:
                widget = forms.Textarea(attrs={"rows": 4}) if field.multiline else forms.TextInput
                self.fields[field.key] = forms.CharField(
                    label=field.label,
                    required=False,
                    max_length=2000,
                    widget=widget,
                    error_messages=at_most(field.label, 2000),
                    validators=FIELD_VALIDATORS.get(field.key, []),
                )
        self.order_fields([f.key for f in APPLICATION_FIELDS if f.key in blanks] + ["recusal"])

    def typed(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("recusal", "switch")}


class DecisionForm(forms.Form):
    """A3: the home unit's leader agrees or not (a "no" needs a reason: the service asks)."""

    agree = forms.TypedChoiceField(
        choices=[("yes", "同意"), ("no", "不同意")],
        coerce=lambda v: v == "yes",
        label="意见",
        error_messages={
            "required": "请选择同意或不同意。",
            "invalid_choice": "请选择同意或不同意。",
        },
    )
    note = forms.CharField(
        label="理由 / 说明",
        required=False,
        max_length=300,
        error_messages=at_most("理由", 300),
        widget=forms.TextInput(attrs={"placeholder": "理由（不同意时必填）", "size": 14}),
    )


# ------------------------------------------------------------------ A6 review

REVIEW_STATUSES = {"", *ApplicationStatus.values}


class ReviewForm(forms.Form):
    """A6: the office's conclusion on one application; ``back`` is the list it came from."""

    qualified = forms.TypedChoiceField(
        choices=[("yes", "符合条件"), ("no", "不符合条件")],
        coerce=lambda v: v == "yes",
        label="审查结论",
        error_messages={
            "required": "请选择符合条件或不符合条件。",
            "invalid_choice": "请选择符合条件或不符合条件。",
        },
    )
    note = forms.CharField(
        label="原因",
        required=False,
        max_length=300,
        error_messages=at_most("原因", 300),
        widget=forms.TextInput(attrs={"placeholder": "原因（不符合时必填）", "size": 14}),
    )
    back = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_back(self) -> str:
        """The list filter to return to; anything else is the default list (never an error:
        the conclusion counts whatever the filter said)."""
        back = self.cleaned_data["back"]
        if "back" not in self.data or back not in REVIEW_STATUSES:
            return "submitted"
        return back


# ------------------------------------------------------------------ A7 shortlist


class ShortlistForm(forms.Form):
    """A7: how the unit pre-screened and, when the pool is larger than the shortlist, the
    place of each applicant (``rank_<application id>``; the rules read the places)."""

    method = forms.CharField(
        label="初步比选方式（面谈、查阅档案、向原单位了解等）",
        required=False,
        max_length=100,
        error_messages=at_most("初步比选方式", 100),
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, pool, ranked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = list(pool)
        self.ranked = ranked
        for application in self.pool if ranked else ():
            saved = application.prescreen_rank
            self.fields[self._rank(application)] = forms.CharField(
                label=f"{application.cadre.name}的名次",
                required=False,
                initial="" if saved is None else saved,
                widget=forms.TextInput(
                    attrs={
                        "size": 3,
                        "inputmode": "numeric",
                        "aria-label": f"{application.cadre.name}的名次",
                    }
                ),
            )

    @staticmethod
    def _rank(application) -> str:
        return f"rank_{application.pk}"

    def rows(self):
        """Each applicant with their place box (None when the pool needs no order)."""
        return [(a, self[self._rank(a)] if self.ranked else None) for a in self.pool]

    def clean(self):
        """A7: the places as the rules read them, each refusal beside that person's box
        (the service decides again when it records the shortlist)."""
        data = super().clean()
        if self.ranked and not self.errors:
            try:
                prescreen_order(self.places(), field_of=lambda pk: f"rank_{pk}")
            except RuleViolation as violation:
                field = violation.field if violation.field in self.fields else None
                self.add_error(field, violation.message)
        return data

    def places(self) -> list[tuple[int, str, str]] | None:
        """(application id, name, place as typed) for ``rules.shortlist.prescreen_order``."""
        if not self.ranked:
            return None
        return [(a.pk, a.cadre.name, self.cleaned_data[self._rank(a)]) for a in self.pool]
