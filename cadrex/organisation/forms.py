"""Every POST of the C1 pages goes through one of these forms: each text is named in its
refusals (a missing name, a text too long, a telephone that is not a number), and the
services decide the rest (one 组长, one 主任) with their own messages, shown beside the field."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

from cadrex.organisation.models import BODY_POSITIONS, Body, Position

# A telephone number: a mobile (13800000000) or a landline with its area code and an
# extension (0571-88888888-123); digits with +, -, spaces or brackets, 7 to 20 of them.
PHONE = RegexValidator(
    r"^(?=(?:\D*\d){7})[0-9+\-() ]{7,20}$",
    "联系电话只能填写号码，如 13800000000 或 0571-88888888。",
)


def text(label: str, max_length: int, *, required: bool = True, rows: int = 0, **attrs):
    """A text the page asks for, refused in words that name it."""
    widget = forms.Textarea({"rows": rows, **attrs}) if rows else forms.TextInput(attrs)
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={
            "required": f"请填写{label}。",
            "max_length": f"{label}最多 {max_length} 个字。",
            # A NUL byte cannot be stored in PostgreSQL text (the middleware refuses it first).
            "null_characters_not_allowed": f"{label}不能包含空字符（NUL），请重新输入。",
        },
    )


def phone_field():
    field = text("联系电话", 20, required=False, size=14)
    field.validators.append(PHONE)
    return field


def seq_field():
    message = "排序号只能是 1 至 999 的整数。"
    return forms.IntegerField(
        label="排序号",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput({"size": 4, "min": 1, "max": 999}),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class OrganisationForm(forms.Form):
    rule = "C1"  # a form of the wrong shape is refused as C1's refusal

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class GroupMemberForm(OrganisationForm):
    """C1: a member of the leading group (组长, 副组长, 成员) or of its office (主任, 副主任,
    成员): the body is the page's, the positions offered are that body's."""

    position = forms.ChoiceField(label="职务", choices=())
    name = text("姓名", 50, size=8)
    post = text("单位及职务", 100, size=24, placeholder="如：市委常委、组织部部长")
    phone = phone_field()
    seq = seq_field()

    def __init__(self, *args, body: str, **kwargs):
        super().__init__(*args, **kwargs)
        label = "小组职务" if body == Body.LEADING_GROUP else "办公室职务"
        position = self.fields["position"]
        position.label = label
        position.choices = [(p, Position(p).label) for p in BODY_POSITIONS[body]]
        refusal = f"请选择{label}（{'、'.join(Position(p).label for p in BODY_POSITIONS[body])}）。"
        position.error_messages = {"required": refusal, "invalid_choice": refusal}
        # Most people added are plain members: the head is set once, on purpose.
        position.initial = Position.MEMBER


class GroupOfficeForm(OrganisationForm):
    """C1: where the office sits and how to reach it."""

    seat = text("办公室所在单位", 100, size=16)
    phone = phone_field()
    address = text("办公地址", 200, required=False, size=30)


class ResponsibleLeaderForm(OrganisationForm):
    """C1: the unit's principal leader, its first person responsible."""

    name = text("姓名", 50, size=8)
    post = text("职务", 100, size=20, placeholder="如：党组书记、局长")
    phone = phone_field()


class TaskTeamMemberForm(OrganisationForm):
    """C1: a member of the unit's task team and the duty they carry."""

    name = text("姓名", 50, size=8)
    post = text("职务", 100, size=16)
    duty = text(
        "工作职责", 500, rows=2, cols=30, placeholder="如：统筹协调、政策解释、报名材料审核"
    )
    phone = phone_field()
    seq = seq_field()
