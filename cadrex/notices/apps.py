from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "cadrex.notices"
    verbose_name = "公告"
