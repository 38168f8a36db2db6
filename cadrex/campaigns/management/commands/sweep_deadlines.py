"""Daily: act on every deadline that has passed (ADR 0012). Safe to run twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cadrex.campaigns.models import Campaign
from cadrex.campaigns.sweeps import sweep_all


class Command(BaseCommand):
    help = "处理已过期限的事项：逾期未答复的交流安排、所在单位未同意的报名（可重复运行）。"

    def handle(self, *args, **options) -> None:
        campaign = Campaign.objects.filter(is_current=True).first()
        if campaign is None:
            self.stdout.write("没有进行中的竞岗交流工作。")
            return
        for what, count in sweep_all(campaign):
            self.stdout.write(f"{what}：{count}")
