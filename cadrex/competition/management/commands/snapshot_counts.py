"""manage.py snapshot_counts — A4 daily counts for cron; idempotent per day."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cadrex.campaigns.selectors import current_campaign
from cadrex.competition.registration.services import counts_snapshot


class Command(BaseCommand):
    help = "统计并公布今日各竞岗职位报名人数（每日运行；同一天重复运行只更新当天数字）。"

    def handle(self, *args, **options):
        campaign = current_campaign()
        if campaign is None:
            raise CommandError("当前没有进行中的竞岗交流工作。")
        if not campaign.openings_published_at:
            self.stdout.write("竞岗职位尚未公布，无需统计。")
            return
        count = counts_snapshot(campaign=campaign)
        self.stdout.write(
            self.style.SUCCESS(f"{timezone.localdate()}：已统计 {count} 个职位的报名人数。")
        )
