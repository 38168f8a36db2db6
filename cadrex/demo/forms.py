"""The fast-forward's one field: the step to fast-forward to."""

from __future__ import annotations

from django import forms

from cadrex.campaigns.forms import StepField
from cadrex.demo.timeline import FAST_FORWARD_STEPS


class FastForwardForm(forms.Form):
    """Each 快进 button posts its step as ``step``; only the steps the demo can reach."""

    step = StepField(label="快进到")

    def clean_step(self):
        step = self.cleaned_data["step"]
        if step not in FAST_FORWARD_STEPS:
            raise forms.ValidationError("该环节不能快进。")
        return step

    def refusal(self) -> str:
        return self.errors["step"][0]
