"""Unlock a user name now: clear its failures across addresses and axes' lockouts."""

from django.core.management.base import BaseCommand

from cadrex.accounts.throttle import unlock


class Command(BaseCommand):
    help = "解除账号的登录限制（跨地址的失败计数与各地址的锁定）。"

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="+")

    def handle(self, *args, **options):
        for username in options["username"]:
            removed = unlock(username)
            self.stdout.write(f"{username}：已解除（清除 {removed} 条记录）")
