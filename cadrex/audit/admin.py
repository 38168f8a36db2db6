from django.contrib import admin

from cadrex.audit.models import Event


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only services write (each change with its rule checks and one audit
    event): a superuser may look, never add, edit or delete them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only, even for a superuser."""

    list_display = ("at", "actor_label", "action_label", "object_type", "object_id", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_label", "note")
