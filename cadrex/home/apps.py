from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cadrex.home"
    verbose_name = "首页与待办"
