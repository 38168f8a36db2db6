from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cadrex.accounts.forms import AdminLoginForm
from cadrex.accounts.models import LoginThrottle, User

# Lengths checked before authenticate() (see accounts/forms.py).
admin.site.login_form = AdminLoginForm


@admin.register(User)
class CadrexUserAdmin(UserAdmin):
    """Accounts are created here by a superuser; the role decides everything else."""

    list_display = ("username", "first_name", "role", "unit", "cadre", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "unit__name", "cadre__name")
    raw_id_fields = ("cadre",)
    fieldsets = (
        *UserAdmin.fieldsets,
        ("角色", {"fields": ("role", "unit", "cadre")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("角色", {"fields": ("role", "unit", "cadre")}),
    )


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Failures counted across addresses (accounts/throttle.py). Deleting a row unlocks that
    user name or device at once; nothing here is added or edited by hand."""

    list_display = ("key", "failures", "last_failure_at", "locked_until")
    search_fields = ("key",)
    readonly_fields = ("key", "failures", "last_failure_at", "locked_until")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
