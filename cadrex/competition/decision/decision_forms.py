"""The forms of the decision page up to the ballot and after it: the office's order of a
shared rank (A8), the vetting candidates and their records (A9), and the unit's steps of the
appointment (A11). The committee's ballot has its own in ``ballot_forms``.

Field names are those the page has always posted: scripts post them by name. The forms
check only the shape of what was sent (an id, a length, a choice the page offers); what is
missing or wrong by the rules — no date, no opinion, a place that is not 1, 2, 3 … — is
refused by the services, in the rules' own words, and ``kept_forms`` shows it beside its
field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django import forms

from cadrex.competition.decision.models import VETTING_METHODS, VettingOpinion
from cadrex.web import as_id, as_ids

# A NUL byte cannot be stored in PostgreSQL text: say so in Chinese.
NO_NUL = {"null_characters_not_allowed": "不能包含空字符（NUL），请重新输入。"}


class DecisionForm(forms.Form):
    """A form of the decision page: labels as the page writes them, without a colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def text_field(
    label: str, *, max_length: int | None = None, textarea: bool = False, **attrs
) -> forms.CharField:
    """Optional text: the rules say when it is needed (理由, 考察情况…). ``attrs`` are the
    control's HTML attributes (``required=True`` asks the browser, as the page always did)."""
    messages = dict(NO_NUL)
    if max_length:
        messages["max_length"] = f"{label}最多 {max_length} 个字。"
    widget = forms.Textarea(attrs) if textarea else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=widget,
        error_messages=messages,
    )


class IdField(forms.Field):
    """A record's id as posted, or None when it is no id (``web.as_id``): the view answers
    "no such record" as it always has (a 404, or the page's own message)."""

    widget = forms.HiddenInput

    def to_python(self, value) -> int | None:
        return as_id(value)


class IdListField(forms.Field):
    """Record ids ticked in boxes of one name, each once; anything not an id is dropped
    (the boxes only ever post ids, and the rules refuse an id that is not theirs)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        return list(dict.fromkeys(as_ids(str(v) for v in value or [])))


class NumberField(forms.Field):
    """A whole number as typed (ASCII digits), or None: the rules then say, in their words,
    that the field needs a number. Above ``maximum`` (what the column holds) it is refused."""

    def __init__(self, *, maximum: int, too_big: str, **kwargs):
        self.maximum, self.too_big = maximum, too_big
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        text = value.strip() if isinstance(value, str) else ""
        return int(text) if text.isascii() and text.isdigit() else None

    def validate(self, value) -> None:
        if value is not None and value > self.maximum:
            raise forms.ValidationError(self.too_big, code="max_value")


class DayField(forms.Field):
    """A date typed as YYYY-MM-DD, or None: the service names the date that is missing
    (never a silent default)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> date | None:
        try:
            return date.fromisoformat(value.strip()) if isinstance(value, str) else None
        except ValueError:
            return None


# ------------------------------------------------------------------ A8 the office's order


class TieBreakForm(DecisionForm):
    """A8: the office's order of those sharing ``rank`` (``tied``: their application ids),
    a place for each (``place_<id>``) and the written reason."""

    rank = NumberField(maximum=2**15, too_big="名次无效。", widget=forms.HiddenInput)
    tied = IdListField(required=False)
    reason = text_field(
        "理由（如结合初步比选、考察了解的情况）",
        textarea=True,
        id="tie_reason",
        rows=2,
        cols=60,
        required=True,
    )

    def __init__(self, *args, names: Mapping[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names
        for pk in self.keys():
            self.fields[f"place_{pk}"] = text_field(
                f"{self._name(pk)} 的先后（1、2……）",
                id=f"place_{pk}",
                inputmode="numeric",
                size=3,
                required=True,
            )

    def _name(self, pk: int) -> str:
        return self.names.get(pk, str(pk))

    def keys(self) -> list[int]:
        """The ids being ordered: as posted, or as the page offers them."""
        return self.fields["tied"].to_python(self["tied"].value())

    def rows(self) -> list[tuple[int, forms.BoundField]]:
        return [(pk, self[f"place_{pk}"]) for pk in self.keys()]

    def places(self) -> list[tuple[str, str, str]]:
        """(key, name, place as typed) for ``rules.shortlist.prescreen_order``."""
        data = self.cleaned_data
        return [(str(pk), self._name(pk), data.get(f"place_{pk}", "")) for pk in self.keys()]


# ------------------------------------------------------------------ A9 the vetting


class VettingFixForm(DecisionForm):
    """A9: the vetting candidates ticked (none: the top by score) and, when they depart
    from the score order, the reason."""

    chosen = IdListField(label="选为考察对象", required=False)
    reason = text_field("理由（不按得分排名时必填）", textarea=True, id="reason", rows=2, cols=60)

    def ticked(self) -> set[str]:
        """The keys ticked, as the ranking names them (application ids as text)."""
        return {str(pk) for pk in self.fields["chosen"].to_python(self["chosen"].value())}


class VettingRecordForm(DecisionForm):
    """A9: one vetting candidate's record: methods, findings, opinion and the date."""

    candidate = IdField()
    methods = forms.MultipleChoiceField(
        label="考察方式",
        choices=VETTING_METHODS,
        required=False,  # the rules ask for at least one
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "考察方式无效，请从列表中选择。"},
    )
    findings = text_field("考察情况", textarea=True, rows=3, cols=60, required=True)
    opinion = forms.CharField(
        label="考察意见",
        required=False,  # the rules name a missing or unknown opinion
        widget=forms.Select(choices=[(v, label) for v, label in VettingOpinion.choices if v]),
        error_messages=NO_NUL,
    )
    vetted_on = DayField(label="考察日期")

    def clean_methods(self) -> list[str]:
        return list(dict.fromkeys(self.cleaned_data["methods"]))


# ------------------------------------------------------------------ A11 the unit's steps


class AppointmentPrepareForm(DecisionForm):
    """A11: the package for the elected: the post proposed (default: the opening's) and
    the reason."""

    proposed_post = text_field("拟任职务", max_length=100, size=40)
    reason = text_field(
        "任免理由", textarea=True, id="appointment_reason", rows=2, cols=60, required=True
    )

    def __init__(self, *args, default_post: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_post"].widget.attrs["placeholder"] = f"默认：{default_post}"


class PubliciseForm(DecisionForm):
    """A11: the publicity notice's first day, and its last (else counted in working days)."""

    start = DayField(label="公示开始日")
    end = DayField(label="截止日")

    def __init__(
        self,
        *args,
        today: date | None = None,
        working_days: int = 0,
        default_end: date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        start, end = self.fields["start"], self.fields["end"]
        start.widget.attrs.update(id="publicity_start", required=True)
        end.widget.attrs["id"] = "publicity_end"
        if working_days:
            end.label = f"截止日（可不填：按 {working_days} 个工作日计算）"
        if working_days and default_end and today:
            # A11: counted on the holiday calendar (调休 days work, holidays do not).
            end.help_text = (
                f"今天开始公示的，截止于{default_end:%Y年%m月%d日}（已计入节假日和调休）。"
            )
        if today:  # the browser offers no day before today (the rules refuse one)
            start.widget.attrs["min"] = end.widget.attrs["min"] = today.isoformat()


class PublishForm(DecisionForm):
    """A11: the day the appointment is published (the notice has run its course)."""

    on = DayField(label="发文日期")
