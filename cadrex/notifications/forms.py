"""The inbox's forms: marking read (no fields: the address names the message) and one's
contacts."""

from __future__ import annotations

from django import forms

from cadrex.notifications.models import MOBILE_RE


class MarkReadForm(forms.Form):
    """Nothing to fill in; the POST itself is the request (CSRF checked by Django)."""


class ContactForm(forms.Form):
    mobile = forms.RegexField(
        label="手机号码",
        regex=MOBILE_RE,
        required=False,
        max_length=11,
        error_messages={"invalid": "手机号码应为以1开头的11位数字。"},
        help_text="11位手机号码；不填则不发短信。",
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        error_messages={"invalid": "电子邮箱格式不正确。"},
        help_text="不填则不发邮件。",
    )

    def clean_mobile(self) -> str:
        return (self.cleaned_data.get("mobile") or "").strip()
