from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "cadrex.organisation"
    verbose_name = "组织领导"
