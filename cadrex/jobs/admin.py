from django.contrib import admin

from cadrex.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs change only through their services (cadrex/jobs/services.py) and
    go away with ``manage.py prune_jobs``."""

    list_display = ("created_at", "kind", "owner", "status", "stage", "done", "total")
    list_filter = ("kind", "status")
    exclude = ("params",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
