"""Every POST of the hearing's pages (A8) goes through one of these forms.

Ids are read as ids (``IdField``); the view looks each one up inside the hearing, so an id
of another hearing is "not found". What the rules decide — a reason is needed, a score is
in range with at most two decimals, a leader's recusal needs a substitute — is left to the
service, so the refusal reads the same on the page, on the phone and from a script.
"""

from __future__ import annotations

from django import forms

from cadrex.competition.registration.forms import IdField, at_most
from cadrex.rules.scoring import item_field
from cadrex.web import as_ids

SCHEDULE_REFUSAL = "请填写正确的竞岗时间。"
STAFF_NAMES_REFUSAL = "请填写群众评委的姓名，每行一个（本单位全体干部或干部代表）。"


class HearingForm(forms.Form):
    """Labels as the pages write them: no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _choices(options) -> list[tuple[int | str, str]]:
    return [(pk, label) for pk, label in options]


# ------------------------------------------------------------------ set-up (the office)


class ScheduleForm(HearingForm):
    """When and where an opening's hearing is held (one row of the hearings table)."""

    scheduled_at = forms.DateTimeField(
        label="竞岗时间",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": SCHEDULE_REFUSAL, "invalid": SCHEDULE_REFUSAL},
    )
    room = forms.CharField(
        label="竞岗地点",
        required=False,
        max_length=100,
        error_messages=at_most("竞岗地点", 100),
        widget=forms.TextInput(attrs={"placeholder": "地点", "required": True, "size": 10}),
    )

    def clean_scheduled_at(self):
        # A year the database cannot hold in UTC (0001-01-01 in Beijing) is no date either.
        when = self.cleaned_data["scheduled_at"]
        if not 2000 <= when.year <= 2999:
            raise forms.ValidationError(SCHEDULE_REFUSAL)
        return when


class JurorForm(HearingForm):
    """A leader juror typed in by name — an invited outside juror, or a leader the roster
    does not hold (``jury`` is sent by the page; the service knows the two juries)."""

    jury = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label="姓名（真实姓名）", required=False, widget=forms.TextInput(attrs={"required": True})
    )
    affiliation = forms.CharField(
        label="单位及职务",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：市财政局办公室主任"}),
    )
    office_assigned = forms.BooleanField(label="办公室选派", required=False)
    substitute = forms.BooleanField(label="替补（仅为回避者替补）", required=False)

    def clean_affiliation(self) -> str:
        """A juror typed in by name is said with who they are: the score summary and the
        panel name them so (单位及职务)."""
        affiliation = self.cleaned_data.get("affiliation", "").strip()
        if not affiliation:
            raise forms.ValidationError("请填写评委的单位及职务（如：市财政局办公室主任）。")
        return affiliation


class LeaderCadresForm(HearingForm):
    """Leader jurors ticked from the unit's cadres. The ids are read as ids, whichever list
    the page offered (a search changes it); the service keeps them to the unit."""

    from_roster = forms.BooleanField(required=False, widget=forms.HiddenInput)
    cadres = forms.Field(label="本单位干部", required=False, widget=forms.MultipleHiddenInput)

    def clean_cadres(self) -> list[int]:
        return as_ids(self.data.getlist("cadres") if hasattr(self.data, "getlist") else [])

    def cadre_ids(self) -> list[int]:
        return self.cleaned_data.get("cadres") or []


class StaffJurorsForm(HearingForm):
    names = forms.CharField(
        label="每行一个姓名（本单位全体干部或干部代表）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
    )

    def clean_names(self) -> str:
        # An empty submission adds nobody: said beside the box rather than passed over.
        names = self.cleaned_data["names"]
        if not names.strip():
            raise forms.ValidationError(STAFF_NAMES_REFUSAL)
        return names

    def name_lines(self) -> list[str]:
        return self.cleaned_data["names"].splitlines()


class RecusalForm(HearingForm):
    """A juror who does not score one contestant, and the substitute leader who does."""

    juror = IdField(label="评委", widget=forms.Select)
    contestant = IdField(label="竞岗对象", widget=forms.Select)
    reason = forms.CharField(
        label="原因",
        required=False,
        max_length=200,
        error_messages=at_most("回避原因", 200),
        widget=forms.TextInput(attrs={"placeholder": "如：夫妻关系", "required": True}),
    )
    # Not an id (or none chosen): no substitute — the service says when one is needed.
    substitute = IdField(
        label="替补领导评委（领导评委回避时必选）",
        required=False,
        lenient=True,
        widget=forms.Select,
    )

    def __init__(self, *args, jurors=(), contestants=(), substitutes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].widget.choices = _choices((j.pk, str(j)) for j in jurors)
        self.fields["contestant"].widget.choices = _choices(
            (c.pk, f"第{c.order}位 {c.application.cadre.name}") for c in contestants
        )
        self.fields["substitute"].widget.choices = [("", "（群众评委回避无需替补）")] + _choices(
            (j.pk, j.name) for j in substitutes
        )


# ------------------------------------------------------------------ the chair


class ContestantForm(HearingForm):
    """Open or close the scoring of one contestant."""

    contestant = IdField()


class VoidForm(HearingForm):
    """The office voids one sheet of the contestant being scored, with a reason."""

    score = IdField(label="要作废的评分", widget=forms.Select)
    reason = forms.CharField(
        label="作废原因",
        required=False,
        max_length=200,
        error_messages=at_most("作废原因", 200),
        widget=forms.TextInput(
            attrs={"placeholder": "作废原因（必填）", "required": True, "size": 16}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget.attrs["aria-label"] = "要作废的评分"
        self.fields["reason"].widget.attrs["aria-label"] = "作废原因"

    def offer(self, scores) -> None:
        """The sheets of the contestant being scored, by juror."""
        self.fields["score"].widget.choices = _choices((s.pk, str(s.juror)) for s in scores)


class PaperForm(HearingForm):
    """The office types in a juror's paper sheet for the contestant being scored."""

    juror = IdField(label="评委", widget=forms.Select)
    # Not an id: contestant 0, which the service refuses as no contestant of this hearing.
    contestant = IdField(required=False, lenient=True)
    value = forms.CharField(
        label="分数",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "分数", "size": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].widget.attrs["aria-label"] = "纸质评分表的评委"
        self.fields["value"].widget.attrs["aria-label"] = "纸质评分表的分数"

    def offer(self, jurors) -> None:
        """The jurors whose sheet may still be typed in."""
        self.fields["juror"].widget.choices = _choices((j.pk, str(j)) for j in jurors)

    def contestant_id(self) -> int:
        return self.cleaned_data.get("contestant") or 0


# ------------------------------------------------------------------ the juror's phone


class ScoreForm(HearingForm):
    """One juror's score on the phone; the rules read the value (range, two decimals)."""

    contestant = IdField(required=False, lenient=True)
    value = forms.CharField(
        label="分数",
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "score-input",
                "inputmode": "decimal",
                "autocomplete": "off",
                "required": True,
            }
        ),
    )

    # The phone's number for this submission (juror-offline.js makes one when the juror
    # confirms): a retry carries it again and lands once. A page without JavaScript sends none.
    key = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "提交编号无效，请刷新本页后重新评分。"},
    )

    def __init__(self, *args, sheet=(), **kwargs):
        """``sheet``: the policy's item sheet ((name, maximum) pairs); one box per item
        instead of the total's box, each named ``item_N`` (``rules.scoring.item_field``)."""
        super().__init__(*args, **kwargs)
        self.sheet = tuple(sheet)
        if self.sheet:
            del self.fields["value"]
        for position, (name, top) in enumerate(self.sheet, start=1):
            self.fields[item_field(position)] = forms.CharField(
                label=f"{name}（0～{top}分）",
                required=False,
                widget=forms.TextInput(
                    attrs={
                        "class": "score-input sheet-item",
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "required": True,
                        "data-max": str(top),
                        "data-name": name,
                    }
                ),
            )

    def contestant_id(self) -> int:
        """0 when the page sent no id: no contestant of any hearing (the service says so)."""
        return self.cleaned_data.get("contestant") or 0

    def submission_key(self):
        """The phone's submission key (a UUID), or None."""
        return self.cleaned_data.get("key")

    def typed(self) -> str:
        return self.cleaned_data.get("value", "").strip()

    def items(self) -> list[str]:
        """The items as typed, in the sheet's order ("" for a box left empty)."""
        return [
            self.cleaned_data.get(item_field(n), "").strip() for n in range(1, len(self.sheet) + 1)
        ]

    def item_rows(self, error_field: str | None = None) -> list[dict]:
        """The sheet's boxes for the page: the item, its maximum, its box, and whether the
        refusal just given is about it."""
        return [
            {
                "name": name,
                "top": top,
                "box": self[item_field(n)],
                "key": item_field(n),
                "refused": error_field == item_field(n),
            }
            for n, (name, top) in enumerate(self.sheet, start=1)
        ]
