from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cadrex.accounts.forms import AdminLoginForm
from cadrex.accounts.models import LoginThrottle, RoleGrant, User

# Lengths checked before authenticate() (see accounts/forms.py).
admin.site.login_form = AdminLoginForm


class _ReadOnly:
    """Rows written by a service with its audit event (``manage.py grant_role``): shown here,
    never added, edited or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoleGrantInline(_ReadOnly, admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    fields = ("role", "unit", "granted_at", "granted_by", "note")
    readonly_fields = fields
    extra = 0
    verbose_name_plural = "兼任角色（用 manage.py grant_role 授予或撤销）"


@admin.register(RoleGrant)
class RoleGrantAdmin(_ReadOnly, admin.ModelAdmin):
    """Further roles people hold (ADR 0014), granted and revoked by ``manage.py grant_role``."""

    list_display = ("user", "role", "unit", "granted_at", "granted_by", "note")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "unit__name")
    list_select_related = ("user", "unit", "granted_by")
    readonly_fields = ("user", "role", "unit", "granted_at", "granted_by", "note")


@admin.register(User)
class CadrexUserAdmin(UserAdmin):
    """Accounts are created here by a superuser; the role on the row is the person's primary
    role, further roles are listed below it (granted with ``manage.py grant_role``)."""

    inlines = [RoleGrantInline]

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
