from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "cadrex.registry"
    verbose_name = "干部名册"
