from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "cadrex.exchange"
    verbose_name = "一般干部跨单位双向选择"
