"""The forms of the committee's ballot (A10): a round opened at a meeting, the paper
ballots typed in, the count of a secret round, and the voting terminal's three steps.

Field names are those the pages have always posted (``p0_<id>``, ``m_<id>`` …): scripts
post them by name. The forms only turn what was typed into values; whether the meeting had
its quorum, whether a number is a whole number of members, whether a paper is valid is the
rules' to say (``cadrex.rules.ballot``, through the services), so a refusal reads the same
from the page, the demo and a script.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from cadrex.competition.decision.decision_forms import (
    NO_NUL,
    DayField,
    DecisionForm,
    IdField,
    NumberField,
    text_field,
)
from cadrex.competition.decision.models import BallotMode

# What the count columns hold (PositiveSmallIntegerField): more is no committee.
MOST_MEMBERS = 32767


class BallotOpenForm(DecisionForm):
    """A10: the meeting that ballots: its committee, date, attendance, how it votes, and
    (for a secret round) the members present, one per line."""

    committee = text_field("党委（党组）", max_length=100, required=True)
    held_on = DayField(label="会议日期")
    expected = NumberField(
        label="应到会",
        maximum=MOST_MEMBERS,
        too_big="应到会人数过大，请核对。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "required": True}),
    )
    present = NumberField(
        label="实到会",
        maximum=MOST_MEMBERS,
        too_big="实到会人数过大，请核对。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "required": True}),
    )
    on_leave = text_field("请假人员", max_length=200, size=10)
    supervisor = text_field("监票人", max_length=50, size=6)
    counter = text_field("计票人", max_length=50, size=6)
    mode = forms.CharField(
        label="投票方式",
        required=False,  # the rules name a missing or unknown mode
        widget=forms.Select(attrs={"id": "ballot_mode"}, choices=BallotMode.choices),
        error_messages=NO_NUL,
    )
    voters = text_field(
        "到会成员名单（现场电子票决必填，每行一人）",
        textarea=True,
        id="ballot_voters",
        rows=3,
        cols=16,
    )
    # Posted by scripts (the committee's full membership); the page does not ask for it.
    members = text_field("成员名单", textarea=True)

    def clean_voters(self) -> list[str]:
        """The roll as typed, one name a line; the rules check it against the meeting."""
        return [line for line in self.cleaned_data["voters"].splitlines() if line.strip()]

    def meeting(self) -> dict:
        """The service's keyword arguments (``ballot.ballot_open``)."""
        return dict(self.cleaned_data)


def named_candidates(candidates: Sequence, lines: Sequence[dict]) -> list[tuple[str, str]]:
    """(application id, name) of a round's candidates, from its lines
    (``paperwork.ballot_lines``, in the order of the candidates)."""
    return [(str(key), line["name"]) for key, line in zip(candidates, lines, strict=True)]


class MarkField(forms.Field):
    """A10: one candidate's mark on one paper, as sent. Blank is an abstention; what a
    valid mark is, and what an unknown one makes of the paper, is ``rules.ballot``'s."""

    widget = forms.Select(choices=[("", "弃权"), ("for", "赞成"), ("against", "不赞成")])

    def __init__(self, *, absent: str = "", **kwargs):
        self.absent = absent  # what a mark not sent at all stands for
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        return self.absent if value is None else str(value)


class BallotPapersForm(DecisionForm):
    """A10: the paper ballots of a counted round, one row per member present: returned
    (``p<i>_returned``) and each candidate's mark (``p<i>_<application id>``)."""

    ballot = IdField()

    def __init__(self, *args, present: int, candidates: Sequence[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.present, self.candidates = present, list(candidates)
        for i in range(present):
            returned = forms.BooleanField(label=f"第{i + 1}张收回", required=False, initial=True)
            returned.widget.attrs["aria-label"] = returned.label
            self.fields[f"p{i}_returned"] = returned
            for key, name in self.candidates:
                mark = MarkField(label=f"第{i + 1}张 {name}")
                mark.widget.attrs["aria-label"] = mark.label
                self.fields[f"p{i}_{key}"] = mark

    def rows(self) -> list[dict]:
        """Each paper's controls, for the table."""
        return [
            {
                "number": i + 1,
                "returned": self[f"p{i}_returned"],
                "marks": [self[f"p{i}_{key}"] for key, _ in self.candidates],
            }
            for i in range(self.present)
        ]

    def papers(self) -> list[dict]:
        """The returned papers, each {application id: mark} without the blanks."""
        data = self.cleaned_data
        papers = []
        for i in range(self.present):
            if data.get(f"p{i}_returned"):
                marks = {key: data.get(f"p{i}_{key}", "") for key, _ in self.candidates}
                papers.append({key: mark for key, mark in marks.items() if mark})
        return papers


class BallotCountForm(DecisionForm):
    """A10: the end of a secret round; counting with members yet to vote needs the chair's
    confirmation and, if they like, a note why."""

    ballot = IdField()
    confirm_unvoted = forms.BooleanField(
        label="确认未投票的成员不再投票，按已投选票计票", required=False
    )
    unvoted_note = text_field("情况说明（如中途离会）", size=40)  # the service keeps 200


class BallotChoiceForm(DecisionForm):
    """A10: which round (the terminal's reset)."""

    ballot = IdField()


# ------------------------------------------------------------------ the voting terminal


class TerminalStepForm(forms.Form):
    """Which of the terminal's steps was sent: handing a ballot out, or casting it."""

    step = forms.ChoiceField(
        choices=[("issue", "发放选票"), ("cast", "投入票箱")],
        required=False,
        widget=forms.HiddenInput,
    )


class TerminalClaimForm(DecisionForm):
    """The supervisor starts the terminal with a PIN of their own, typed twice."""

    pin = forms.CharField(
        label="监票人密码",
        required=False,  # the rules say what a PIN must be
        strip=False,
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "required": True}
        ),
        error_messages=NO_NUL,
    )
    pin_again = forms.CharField(
        label="再次输入",
        required=False,
        strip=False,
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "required": True}
        ),
        error_messages=NO_NUL,
    )


class BallotIssueForm(DecisionForm):
    """The supervisor hands a ballot to a member present who has not had one."""

    step = forms.CharField(widget=forms.HiddenInput, initial="issue", required=False)
    voter = IdField(label="领取选票的到会成员", widget=forms.Select(attrs={"required": True}))
    pin = forms.CharField(
        label="监票人密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(
            attrs={
                "id": "issue_pin",
                "inputmode": "numeric",
                "autocomplete": "off",
                "required": True,
            }
        ),
        error_messages=NO_NUL,
    )

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter"].widget.choices = [(v.pk, v.name) for v in waiting]


class BallotCastForm(DecisionForm):
    """The member's marks (``m_<application id>``: for, against, abstain; not sent is an
    abstention) and, for a paper the rules will count invalid, their confirmation."""

    step = forms.CharField(widget=forms.HiddenInput, initial="cast", required=False)
    confirm_spoil = forms.BooleanField(label="确认投出无效票", required=False)

    def __init__(self, *args, candidates: Sequence[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for key, name in self.candidates:
            self.fields[f"m_{key}"] = MarkField(
                label=name,
                absent="abstain",
                initial="abstain",
                widget=forms.RadioSelect(
                    choices=[("for", "赞成"), ("against", "不赞成"), ("abstain", "弃权")]
                ),
            )

    def mark_fields(self) -> list[forms.BoundField]:
        return [self[f"m_{key}"] for key, _ in self.candidates]

    def marks(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"m_{key}"] for key, _ in self.candidates}
