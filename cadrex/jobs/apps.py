from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cadrex.jobs"
    verbose_name = "后台任务"
