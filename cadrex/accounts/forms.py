"""The login forms (the site's and the admin's): lengths are checked before authenticate().

Django's AuthenticationForm shows a 150-character limit on the user name but does not enforce
it, so a 10,000-character "user name" reached authenticate() and django-axes, whose
varchar(255) column refused it on PostgreSQL (a 500). Here an over-long value is simply an
invalid login, like a wrong password."""

from __future__ import annotations

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
