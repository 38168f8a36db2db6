"""A local fake SMS gateway: ``manage.py fake_sms_gateway --port 8025 --log var/sms.jsonl``,
then CADREX_SMS_URL=http://127.0.0.1:8025/send. Each message is one JSON line in the log."""

from pathlib import Path

from django.core.management.base import BaseCommand

from cadrex.notifications.fake_gateway import FakeGateway


class Command(BaseCommand):
    help = "运行本地模拟短信网关（开发和测试用），把收到的每条短信记录为一行 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--log", default="var/sms.jsonl")
        parser.add_argument("--fail-first", type=int, default=0, help="前 N 个请求返回 500")

    def handle(self, *args, port, log, fail_first, **options):
        server = FakeGateway(("127.0.0.1", port), log=Path(log), fail_first=fail_first)
        self.stdout.write(f"模拟短信网关：{server.url}，记录写入 {log}（Ctrl-C 结束）")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
