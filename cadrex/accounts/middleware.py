"""The role a request acts in (ADR 0014): after AuthenticationMiddleware, the session's
chosen role is put on ``request.user`` in memory, so that every door checks the role as it
always has. The user stays lazy: a request that never looks at its user costs nothing more."""

from __future__ import annotations

from django.contrib import messages
from django.utils.functional import SimpleLazyObject

from cadrex.accounts.roles import apply_session_role, real_user


class ActiveRoleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        original = request.user

        def acting():
            user = real_user(original)
            if not user.is_authenticated:
                return user
            user = apply_session_role(user, request.session)
            if user.__dict__.pop("_role_fell_back", False):
                messages.warning(
                    request,
                    "您选择的角色已不再由您担任，已回到您的主要角色。",
                    fail_silently=True,
                )
            return user

        request.user = SimpleLazyObject(acting)
        return self.get_response(request)
