"""Daily (cron, e.g. 08:00 Beijing time): reminders one working day before a window or an
answer deadline closes, and part B windows opening. Safe to run more than once a day."""

from django.core.management.base import BaseCommand

from cadrex.notifications.reminders import reminders_send


class Command(BaseCommand):
    help = "发送截止前一个工作日的提醒和双向选择各环节开始的通知（可重复运行，不会重复发送）。"

    def handle(self, *args, **options):
        created = reminders_send()
        self.stdout.write(f"新发出提醒 {created} 条。")
