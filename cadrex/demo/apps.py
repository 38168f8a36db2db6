from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cadrex.demo"
    verbose_name = "演示城市与快进"
