from django.apps import AppConfig


class CompetitionConfig(AppConfig):
    name = "cadrex.competition"
    verbose_name = "中层干部跨单位竞岗"

    def ready(self) -> None:
        # The log shows a vetting's methods as people read them (个别谈话), not as codes.
        from cadrex.audit.labels import register_choices
        from cadrex.competition.decision.models import VETTING_METHODS

        register_choices("methods", VETTING_METHODS)

        # POLICY: A3's conditions hold once anyone has applied, A8's method once anyone has
        # scored (the totals are computed from it).
        from cadrex.campaigns.policy_locks import register
        from cadrex.competition.locks import begun

        register(begun)

        # ADR 0012: the daily sweep lapses applications never consented to.
        from cadrex.campaigns import sweeps
        from cadrex.competition.registration.lapse import sweep

        sweeps.register(sweep)
