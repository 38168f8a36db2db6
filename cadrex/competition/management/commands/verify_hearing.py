"""manage.py verify_hearing [ID] — re-check every juror's score chain, the hearing's seals,
the score rows against the chains both ways, and every total.

Without an ID every hearing of the current campaign is checked. Exits 1 when anything does
not re-derive, naming the record.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from cadrex.campaigns.selectors import current_campaign
from cadrex.competition.hearing.models import Hearing
from cadrex.competition.hearing.verify import verify_hearing


class Command(BaseCommand):
    help = (
        "核验公开竞岗评分：逐条检查每位评委评分链的哈希和每次评分结束时的封存记录，"
        "评分记录与评分链双向一一对应，并按原始评分重新计算每位竞岗对象的得分。"
        "不带编号时核验当前工作的全部场次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("hearing_id", type=int, nargs="?")

    def handle(self, *args, hearing_id: int | None = None, **options):
        hearings = Hearing.objects.select_related("opening__unit").order_by("id")
        if hearing_id is not None:
            hearings = hearings.filter(pk=hearing_id)
            if not hearings.exists():
                raise CommandError(f"没有编号为 {hearing_id} 的公开竞岗。")
        else:
            campaign = current_campaign()
            if campaign is None:
                raise CommandError("当前没有进行中的竞岗交流工作。")
            hearings = hearings.filter(opening__campaign=campaign)
        failed = 0
        for hearing in hearings:
            problems = verify_hearing(hearing)
            entries = hearing.chain.count()
            if not problems:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{hearing}：评分链 {entries} 条，封存 {hearing.seals.count()} 次，"
                        "核验通过，得分与原始评分一致。"
                    )
                )
                continue
            failed += 1
            for problem in problems:
                self.stderr.write(f"{hearing}：{problem}")
            self.stderr.write(f"{hearing}：发现 {len(problems)} 处问题。")
        if failed:
            sys.exit(1)
