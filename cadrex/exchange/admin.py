"""Part B in the admin: readable, never edited. Every record here is written by a service
(one audit event, and for decisions one ledger entry); an edit here would bypass both, and
``verify_matching`` would report it."""

from django.contrib import admin

from cadrex.exchange.models import (
    DecisionEntry,
    ExchangeCandidate,
    ExchangeDeclaration,
    MatchingRun,
    Placement,
    Standby,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExchangeDeclaration)
class ExchangeDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "campaign", "vacancies", "status", "exception_at"]
    list_filter = ["status"]


@admin.register(ExchangeCandidate)
class ExchangeCandidateAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "home_unit", "signed_up", "preferences_filed_at"]
    search_fields = ["cadre__name"]


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "campaign", "created_at", "result_sha256", "published_at"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "kind", "unit", "answer", "reporting_deadline"]
    list_filter = ["kind", "answer"]


@admin.register(Standby)
class StandbyAdmin(ReadOnlyAdmin):
    list_display = ["placement", "start", "end", "outcome"]


@admin.register(DecisionEntry)
class DecisionEntryAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "seq", "kind", "hash", "at"]
    list_filter = ["kind"]
