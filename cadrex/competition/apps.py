from django.apps import AppConfig


class CompetitionConfig(AppConfig):
    name = "cadrex.competition"
    verbose_name = "中层干部跨单位竞岗"
