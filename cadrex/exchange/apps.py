from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "cadrex.exchange"
    verbose_name = "一般干部跨单位双向选择"

    def ready(self) -> None:
        # POLICY: B3's number of preferences holds once anyone has filed, B4's ratio once a
        # unit has proposed (later rounds are judged by the same numbers).
        from cadrex.campaigns.policy_locks import register
        from cadrex.exchange.locks import begun

        register(begun)

        # ADR 0012: the daily sweep marks placements unanswered past their deadline.
        from cadrex.campaigns import sweeps
        from cadrex.exchange.deadlines import sweep

        sweeps.register(sweep)
