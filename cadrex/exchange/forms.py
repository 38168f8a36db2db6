"""Part B forms up to the matching (B1–B4) and the shared pieces of every part B form.

Every POST of the exchange pages goes through a form here or in ``forms_decision`` (B6, B7,
C3). Field names are those the pages have always posted: scripts post them by name. Each
form labels its controls, and a page shows a refused form again with what was typed and each
error beside its field (``kept_forms``). The forms check only the shape of what was sent;
the rules (through the services) decide everything else, with their own messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django import forms

from cadrex.exchange.models import ExchangeCandidate
from cadrex.registry.models import Unit
from cadrex.rules import RuleViolation
from cadrex.web import as_id, as_ids

# A determined user may post more preference fields than the page shows; read this many so
# that the rules (not the form) refuse the extra one with their own message.
MAX_POSTED_PREFERENCES = 10

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


class ExchangeForm(forms.Form):
    """A part B form: labels read as the pages write them, without a trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RuleForm(ExchangeForm):
    """A form whose shape errors are refusals of one rule (``rule``): the page says them as
    the rules' own refusals are said, "message（规则 B3）"."""

    rule = ""

    def refusal(self) -> RuleViolation:
        """The first error, as the rule's refusal."""
        name, errors = next(iter(self.errors.items()))
        return RuleViolation(self.rule, errors[0], field=name)


def text_field(label: str, *, max_length: int | None = None, textarea: bool = False, **attrs):
    """An optional text field; the service says when it is needed (退回原因, 考察意见…)."""
    messages = {**NO_NUL}
    if max_length:
        messages["max_length"] = f"最多 {max_length} 个字。"
    widget = forms.Textarea(attrs={"rows": 2, **attrs}) if textarea else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=widget,
        error_messages=messages,
    )


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the campaign's scope (S1), by id: another id or "abc" is refused by name."""

    def __init__(self, label: str, empty: str):
        super().__init__(
            label=label,
            queryset=Unit.objects.filter(vertically_managed=False).order_by("kind", "code"),
            required=False,
            empty_label=empty,
            error_messages={
                "invalid_choice": "所选单位不存在或不参加本次竞岗交流，请从列表中选择。"
            },
        )

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


def row_ids(prefix: str, pk: int) -> str:
    """The ``auto_id`` of one row's form in a table: field names stay as posted, the ids
    (which the labels point at) differ from row to row."""
    return f"id_{prefix}_{pk}_%s"


# ------------------------------------------------------------------ B1–B2 the unit


class IdListField(forms.Field):
    """Record ids ticked in a list of checkboxes of one name; anything not an id is dropped
    (the boxes only ever post ids)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        return list(dict.fromkeys(as_ids(str(v) for v in value or [])))


class DeclarationForm(ExchangeForm):
    """B1–B2: the unit's exchange candidates (a box per general cadre: ``candidate``), the
    reason for each who did not sign up (``reason_<cadre id>``) and its vacancy count, as
    typed (the rules say whether it is a whole number)."""

    vacancies = forms.CharField(
        label="缺员人数（规则 B2）",
        required=False,
        widget=forms.TextInput(attrs={"size": 5, "inputmode": "numeric"}),
        error_messages=NO_NUL,
    )
    candidate = IdListField(label="交流对象", required=False)

    def __init__(self, *args, pool: Sequence[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = pool
        wanted = {r["cadre"].pk: r["cadre"].name for r in pool if not r["signed_up"]}
        for pk in self.ticked():  # a ticked id the page did not show: read its reason too
            wanted.setdefault(pk, f"编号{pk}的人员")
        for pk, name in wanted.items():
            self.fields[f"reason_{pk}"] = text_field(
                f"{name}的理由", size=24, **{"aria-label": f"{name}的理由"}
            )

    def ticked(self) -> list[int]:
        """The ids ticked: as posted, or as saved before anything was posted."""
        return self.fields["candidate"].to_python(self["candidate"].value())

    def rows(self) -> list[dict]:
        """The pool's rows, each with its box ticked or not and its reason field."""
        ticked = set(self.ticked())
        return [
            {
                **row,
                "ticked": row["cadre"].pk in ticked,
                "reason": self[f"reason_{row['cadre'].pk}"] if not row["signed_up"] else None,
            }
            for row in self.pool
        ]

    def added(self) -> dict[int, str]:
        """The reason given for each ticked cadre (blank where none was asked)."""
        return {
            pk: self.cleaned_data.get(f"reason_{pk}", "") for pk in self.cleaned_data["candidate"]
        }


def declaration_initial(pool: Iterable[dict], vacancies: int) -> dict:
    """What the unit's form shows before anything is typed: the saved declaration."""
    initial: dict = {"vacancies": vacancies, "candidate": []}
    for row in pool:
        picked = row["candidate"]
        if picked is not None:
            initial["candidate"].append(row["cadre"].pk)
            initial[f"reason_{row['cadre'].pk}"] = picked.added_reason
    return initial


class ReasonForm(ExchangeForm):
    """B1: the office's reason for returning a declaration or allowing an imbalance; optional
    here, the service says which reason is missing (退回原因, 例外理由)."""

    reason = text_field("理由", max_length=500)

    def __init__(self, *args, hint: str = "理由", label: str = "", size: int = 12, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = {"placeholder": hint, "aria-label": label or hint, "size": size, "required": True}
        self.fields["reason"].widget.attrs.update(attrs)


class TickInput(forms.CheckboxInput):
    """A checkbox of value "on" that hands its posted value to the field as it came ("on",
    "abc"), so that only the box's own value counts as a tick."""

    def __init__(self):
        super().__init__(check_test=lambda value: value == "on")

    def format_value(self, value) -> str:
        return "on"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class PublishVacanciesForm(ExchangeForm):
    """B2: the office ticks that it has seen the units which declared nothing. Only the
    checkbox's own value counts as a tick ("abc" is refused, not read as yes)."""

    acknowledge_undeclared = forms.TypedChoiceField(
        label="已核实以上单位未报送交流对象和缺员人数，本次不参加双向选择",
        choices=[("on", "已核实")],
        coerce=lambda v: v == "on",
        required=False,
        empty_value=False,
        widget=TickInput(),
        error_messages={"invalid_choice": "确认框的值无效，请勾选确认框后再公布。"},
    )


# ------------------------------------------------------------------ B3 preferences


class PreferencesForm(RuleForm):
    """B3: the units of ``pref_1``, ``pref_2``… in order of preference, blanks skipped.

    The page shows ``slots`` of them (the policy's limit) offering ``choices``; up to
    ``MAX_POSTED_PREFERENCES`` are read, so that the rules refuse a list too long.
    """

    rule = "B3"

    def __init__(self, *args, slots: int, choices: Sequence[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        options = [("", "（不填）"), *((str(u.pk), u.name) for u in choices)]
        for k in range(1, MAX_POSTED_PREFERENCES + 1):
            self.fields[f"pref_{k}"] = forms.CharField(
                label=f"第 {k} 意向",
                required=False,
                widget=forms.Select(choices=options),
                error_messages=NO_NUL,
            )

    def shown(self) -> list[forms.BoundField]:
        return [self[f"pref_{k}"] for k in range(1, self.slots + 1)]

    def clean(self) -> dict:
        units = []
        for k in range(1, MAX_POSTED_PREFERENCES + 1):
            raw = self.cleaned_data.get(f"pref_{k}", "")
            if not raw:
                continue
            if as_id(raw) is None:
                self.add_error(f"pref_{k}", f"第 {k} 意向单位无效，请从列表中选择。")
                continue
            units.append(as_id(raw))
        self.cleaned_data["units"] = units
        return self.cleaned_data


def preferences_initial(unit_ids: Sequence[int]) -> dict:
    return {f"pref_{k}": pk for k, pk in enumerate(unit_ids, start=1)}


# ------------------------------------------------------------------ B4 proposals


class ProposalsForm(RuleForm):
    """B4: the unit's order of the people who listed it: ``rank_<candidate id>`` is a whole
    number, blank for not proposed, no two people on one rank.

    Every ``rank_<id>`` posted is read, not only those of the ``pool`` the page showed, so
    that a person who did not list the unit is refused by the rules rather than dropped.
    """

    rule = "B4"

    def __init__(self, *args, pool: Sequence[ExchangeCandidate], closed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = pool
        self.names = {c.pk: c.cadre.name for c in pool}
        keys = [f"rank_{c.pk}" for c in pool]
        if self.is_bound:
            keys += [k for k in self.data if k.startswith("rank_") and as_id(k[5:]) is not None]
        for key in dict.fromkeys(keys):
            name = self._name(key)
            attrs = {"size": 3, "inputmode": "numeric", "aria-label": f"{name}的建议顺序"}
            if closed:  # outside the window the page only shows the order
                attrs["disabled"] = True
            self.fields[key] = forms.CharField(
                label=f"{name}的建议顺序",
                required=False,
                widget=forms.TextInput(attrs),
                error_messages=NO_NUL,
            )

    def _name(self, key: str) -> str:
        pk = int(key[5:])
        return self.names.get(pk, f"编号{pk}的人员")

    def rows(self) -> list[tuple[ExchangeCandidate, forms.BoundField]]:
        return [(c, self[f"rank_{c.pk}"]) for c in self.pool]

    def clean(self) -> dict:
        ranked = []
        for key, raw in list(self.cleaned_data.items()):
            if not raw:
                continue
            if as_id(raw) is None:
                self.add_error(key, f"{self._name(key)}的建议顺序“{raw}”无效，请填写正整数。")
                continue
            ranked.append((as_id(raw), int(key[5:]), key))
        if self.errors:  # a rank that is no number: said first, as the page has always said
            return self.cleaned_data
        ranked.sort()
        seen: dict[int, str] = {}
        for rank, _pk, key in ranked:
            if rank in seen:
                self.add_error(
                    key,
                    f"{self._name(seen[rank])}和{self._name(key)}的建议顺序都是 {rank}，"
                    "建议人选须按严格顺序排列。",
                )
            seen.setdefault(rank, key)
        self.cleaned_data["order"] = [pk for _rank, pk, _key in ranked]
        return self.cleaned_data


def proposals_initial(ranks: dict[int, int]) -> dict:
    return {f"rank_{pk}": rank for pk, rank in ranks.items()}
