"""manage.py verify_hearing ID — recompute every total from the raw scores and check the chain."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from cadrex.competition.hearing import verify_hearing
from cadrex.competition.models import Hearing


class Command(BaseCommand):
    help = "核验公开竞岗评分：逐条检查评分链哈希，并按原始评分重新计算每位竞岗对象的得分。"

    def add_arguments(self, parser):
        parser.add_argument("hearing_id", type=int)

    def handle(self, *args, hearing_id: int, **options):
        hearing = Hearing.objects.filter(pk=hearing_id).select_related("opening__unit").first()
        if hearing is None:
            raise CommandError(f"没有编号为 {hearing_id} 的公开竞岗。")
        problems = verify_hearing(hearing)
        entries = hearing.chain.count()
        if not problems:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{hearing}：评分链 {entries} 条，核验通过，得分与原始评分一致。"
                )
            )
            return
        for problem in problems:
            self.stderr.write(problem)
        self.stderr.write(f"{hearing}：发现 {len(problems)} 处问题。")
        sys.exit(1)
