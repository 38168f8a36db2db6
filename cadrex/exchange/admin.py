from django.contrib import admin

from cadrex.exchange.models import (
    ExchangeCandidate,
    ExchangeDeclaration,
    MatchingRun,
    Placement,
    Standby,
)


@admin.register(ExchangeDeclaration)
class ExchangeDeclarationAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "vacancies", "status", "exception_at"]
    list_filter = ["status"]


@admin.register(ExchangeCandidate)
class ExchangeCandidateAdmin(admin.ModelAdmin):
    list_display = ["cadre", "home_unit", "signed_up", "preferences_filed_at"]
    search_fields = ["cadre__name"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    # Frozen records: readable here, never edited (verify_matching would catch it anyway).
    list_display = ["pk", "campaign", "created_at", "result_sha256", "published_at"]
    readonly_fields = [f.name for f in MatchingRun._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["candidate", "kind", "unit", "answer", "reporting_deadline"]
    list_filter = ["kind", "answer"]


@admin.register(Standby)
class StandbyAdmin(admin.ModelAdmin):
    list_display = ["placement", "start", "end", "outcome"]
