from django.contrib import admin

from cadrex.notifications.models import Contact, Cursor, Delivery, Notification


class ReadOnly(admin.ModelAdmin):
    """Read-only: notifications and deliveries change only through their services and tasks
    (cadrex/notifications), contacts through the person's own page."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ("updated_at", "notification", "channel", "status", "attempts", "last_error")
    list_filter = ("channel", "status")


@admin.register(Contact)
class ContactAdmin(ReadOnly):
    list_display = ("user", "mobile", "email")


@admin.register(Cursor)
class CursorAdmin(ReadOnly):
    list_display = ("name", "last_event_id", "updated_at")
