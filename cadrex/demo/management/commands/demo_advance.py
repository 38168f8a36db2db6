"""manage.py demo_advance STEP — demo only: fast-forward the demo campaign to a step."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cadrex.campaigns.selectors import current_campaign
from cadrex.demo.fast_forward import FAST_FORWARD_STEPS, fast_forward
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import STEP_INFO, Step


class Command(BaseCommand):
    help = "演示用：把演示竞岗交流工作快进到某一环节（替各方完成此前环节的操作，日程随之平移）。"

    def add_arguments(self, parser):
        parser.add_argument("step", choices=[s.value for s in FAST_FORWARD_STEPS])

    def handle(self, *args, step: str, **options):
        if not settings.CADREX_DEMO:
            raise CommandError("仅限演示环境（CADREX_DEMO=1）使用。")
        campaign = current_campaign()
        if campaign is None:
            raise CommandError("当前没有进行中的竞岗交流工作。")
        try:
            with transaction.atomic():
                notes = fast_forward(campaign, Step(step))
        except RuleViolation as violation:  # nothing was written: the transaction rolled back
            raise CommandError(f"快进未完成：{violation.message}") from violation
        self.stdout.write(self.style.SUCCESS(f"已快进到“{STEP_INFO[Step(step)][1]}”。"))
        for note in notes:  # what had to wait: a publicity still running, a unit over its cap
            self.stdout.write(f"  {note}")
