"""The login forms (the site's and the admin's): lengths are checked before authenticate().
And the role switcher's form (ADR 0014).

Django's AuthenticationForm shows a 150-character limit on the user name but does not enforce
it, so a 10,000-character "user name" reached authenticate() and django-axes, whose
varchar(255) column refused it on PostgreSQL (a 500). Here an over-long value is simply an
invalid login, like a wrong password."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

USERNAME_MAX = 150
PASSWORD_MAX = 1024


class _Lengths:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX))


class LoginForm(_Lengths, AuthenticationForm):
    pass


class AdminLoginForm(_Lengths, AdminAuthenticationForm):
    pass


class RoleSwitchForm(forms.Form):
    """Switch the role one acts in: only a role the person holds (``accounts.roles``)."""

    # Any value that is not a key of a role held, an empty or over-long one too, gets the
    # one message below: the form has no other way to go wrong.
    role = forms.CharField(label="切换到角色", required=False, strip=True)

    def __init__(self, *args, held, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = {h.key: h for h in held}

    def clean_role(self):
        key = self.cleaned_data["role"]
        chosen = self.held.get(key) if len(key) <= 40 else None
        if chosen is None:
            raise forms.ValidationError("您没有担任这个角色，不能切换到该角色。")
        return chosen
