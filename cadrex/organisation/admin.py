"""C1 records in the admin: readable, never edited (every write is a service's, with its
audit event)."""

from django.contrib import admin

from cadrex.organisation.models import GroupMember, GroupOffice, ResponsibleLeader, TaskTeamMember


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GroupMember)
class GroupMemberAdmin(ReadOnlyAdmin):
    list_display = ["name", "body", "position", "post", "campaign"]
    list_filter = ["body", "position"]


@admin.register(GroupOffice)
class GroupOfficeAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "seat", "phone"]


@admin.register(ResponsibleLeader)
class ResponsibleLeaderAdmin(ReadOnlyAdmin):
    list_display = ["unit", "name", "post", "campaign"]


@admin.register(TaskTeamMember)
class TaskTeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["unit", "name", "post", "duty", "campaign"]
    search_fields = ["name", "unit__name"]
