"""manage.py seed_demo — build the fictional demo city (deterministic) and print the logins."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cadrex.demo.city import DEMO_PASSWORD, seed_demo
from cadrex.registry.models import Unit


class Command(BaseCommand):
    help = "生成演示城市：约 3000 名虚构干部、各角色演示账号和一个日程覆盖今天的竞岗交流工作。"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="先清空数据库（仅限 SQLite）")
        parser.add_argument("--cadres", type=int, default=3000)

    def handle(self, *args, reset: bool, cadres: int, **options):
        engine = settings.DATABASES["default"]["ENGINE"]
        if reset:
            # Never wipe a real database by accident: reset is for the local demo file only.
            if not engine.endswith("sqlite3"):
                raise CommandError("--reset 只能用于本地 SQLite 演示库。")
            call_command("flush", interactive=False, verbosity=0)
        elif Unit.objects.exists():
            raise CommandError("数据库中已有数据；如需重建演示库，请加 --reset（仅限 SQLite）。")
        logins = seed_demo(today=timezone.localdate(), cadres=cadres)
        self.stdout.write(
            self.style.SUCCESS(f"演示城市已生成。登录账号（密码均为 {DEMO_PASSWORD}）：")
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<12} {login.role:<10} {login.who}")
