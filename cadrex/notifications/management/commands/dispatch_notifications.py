"""Read the audit log now and tell each person what concerns them (the worker does this after
every change; this command is for a backlog or a check)."""

from django.core.management.base import BaseCommand

from cadrex.notifications.services import notifications_dispatch


class Command(BaseCommand):
    help = "立即处理操作日志中尚未通知的事项（通常由后台任务自动完成）。"

    def handle(self, *args, **options):
        total, more = 0, True
        while more:
            created, more = notifications_dispatch()
            total += created
        self.stdout.write(f"新建消息 {total} 条。")
