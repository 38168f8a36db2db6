from __future__ import annotations

from django import forms

from cadrex.competition.registration.forms_data import APPLICATION_FIELDS
from cadrex.competition.registration.models import Opening


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
        if seats < 1:
            raise forms.ValidationError("职数至少为1个。")
        return seats


RECUSAL_TEXT = (
    "本人确认：与该职位所在单位领导班子成员无夫妻关系、直系血亲关系、三代以内旁系血亲关系"
    "以及近姻亲关系，无其他应当回避的情形（《公务员法》第七十四条）。"
)


class ApplyForm(forms.Form):
    """The blanks the roster leaves, plus the recusal declaration."""

    recusal = forms.BooleanField(label=RECUSAL_TEXT, required=False)

    def __init__(self, *args, blanks: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for field in APPLICATION_FIELDS:
            if field.key in blanks:
                widget = forms.Textarea(attrs={"rows": 4}) if field.multiline else forms.TextInput
                self.fields[field.key] = forms.CharField(
                    label=field.label, required=False, max_length=2000, widget=widget
                )
        self.order_fields([f.key for f in APPLICATION_FIELDS if f.key in blanks] + ["recusal"])

    def typed(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k != "recusal"}


class DecisionForm(forms.Form):
    agree = forms.TypedChoiceField(
        choices=[("yes", "同意"), ("no", "不同意")], coerce=lambda v: v == "yes", label="意见"
    )
    note = forms.CharField(label="理由 / 说明", required=False, max_length=300)


class ShortlistForm(forms.Form):
    method = forms.CharField(
        label="初步比选方式（面谈、查阅档案、向原单位了解等）", required=False, max_length=100
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
