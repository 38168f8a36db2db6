from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cadrex.accounts.models import User


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
