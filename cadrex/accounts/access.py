"""Role primitives every app builds its own doors on (``<app>/access.py``).

A door either returns what the user may see or raises ``PermissionDenied`` (a role that
never may) / ``Http404`` (an object outside the user's scope — we do not confirm that
another unit's record exists).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from cadrex.accounts.models import Role, User

# Who may see the whole roster (every unit and every cadre).
ROSTER_WIDE = (Role.OFFICE, Role.ORGDEPT)


def require_role(user: User, *roles: str) -> None:
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied("您的角色无权办理此事项。")


def role_required(*roles: str) -> Callable:
    """View decorator: anonymous users go to the login page; other roles get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def sees_full_id_number(user: User) -> bool:
    """Only the office sees citizen ID numbers unmasked."""
    return user.is_authenticated and user.role == Role.OFFICE
