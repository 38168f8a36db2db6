from django.apps import AppConfig


class CompetitionConfig(AppConfig):
    name = "cadrex.competition"
    verbose_name = "中层干部跨单位竞岗"

    def ready(self) -> None:
        # The log shows a vetting's methods as people read them (个别谈话), not as codes.
        from cadrex.audit.labels import register_choices
        from cadrex.competition.decision.models import VETTING_METHODS

        register_choices("methods", VETTING_METHODS)
