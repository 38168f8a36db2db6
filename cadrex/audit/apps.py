from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cadrex.audit"
    verbose_name = "操作日志"
