"""Login and logout, and switching the role one acts in (the home pages are cadrex.home's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cadrex.accounts.forms import LoginForm, RoleSwitchForm
from cadrex.accounts.roles import PRIMARY, SESSION_KEY, active_key, request_roles
from cadrex.accounts.services import role_switch as role_switch_service


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
@login_required
def role_switch(request):
    """Act in another role the person holds: recorded, then the home page of that role. A
    role not held (a tampered form, a grant revoked meanwhile) is refused; nothing changes."""
    held = request_roles(request.user)
    form = RoleSwitchForm(request.POST, held=held)
    if not form.is_valid():
        message = "；".join(e for errors in form.errors.values() for e in errors)
        return render(
            request,
            "http_refused.html",
            {"title": "不能切换角色", "message": message, "status": 400},
            status=400,
        )
    chosen = form.cleaned_data["role"]
    current = next((h for h in held if h.key == active_key(request.user)), held[0])
    if chosen.key != current.key:
        role_switch_service(actor=request.user, before=current, after=chosen)
        if chosen.key == PRIMARY:
            request.session.pop(SESSION_KEY, None)
        else:
            request.session[SESSION_KEY] = chosen.key
    messages.success(request, f"您现在以“{chosen.label}”的身份办理。")
    return redirect("home")
