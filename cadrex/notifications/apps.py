from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cadrex.notifications"
    verbose_name = "消息通知"

    def ready(self) -> None:
        # The audit log is the outbox (ADR 0013): after a transaction that wrote events
        # commits, queue one pass of the dispatcher. Audit is a leaf and imports nobody; the
        # callback is registered from here.
        from cadrex.audit.services import after_events_committed
        from cadrex.notifications.tasks import dispatch_soon

        after_events_committed(dispatch_soon)
