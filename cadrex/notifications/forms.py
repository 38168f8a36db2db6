"""The inbox's forms: marking read (no fields: the address names the message) and one's
contacts."""

from __future__ import annotations

import re

from django import forms

from cadrex.notifications.models import MOBILE_RE


class MarkReadForm(forms.Form):
    """Nothing to fill in; the POST itself is the request (CSRF checked by Django)."""


class ContactForm(forms.Form):
    """One's own contacts. A mobile number is taken as people write it (138 0000 0000,
    138-0000-0000, +86 138…) and kept as its 11 digits; anything else is refused by name."""

    mobile = forms.CharField(
        label="手机号码",
        required=False,
        max_length=20,
        error_messages={"max_length": "手机号码应为以1开头的11位数字。"},
        help_text="11位手机号码；不填则不发短信。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "电子邮箱格式不正确。",
            "max_length": "电子邮箱不超过254个字符。",
        },
        help_text="不填则不发邮件。",
    )

    def clean_mobile(self) -> str:
        typed = (self.cleaned_data.get("mobile") or "").strip()
        digits = re.sub(r"[\s\-]", "", typed)
        if digits.startswith("+86"):
            digits = digits[3:]
        elif digits.startswith("0086"):
            digits = digits[4:]
        if digits and not re.fullmatch(MOBILE_RE, digits):
            raise forms.ValidationError("手机号码应为以1开头的11位数字。")
        return digits
