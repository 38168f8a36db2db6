"""manage.py verify_ballot [OPENING_ID] — recount every A10 round from its papers and
recorded attendance, and re-check the seals that chain the rounds of each opening.

Without an ID every opening of the current campaign that has ballots is checked. Exits 1
when anything does not re-derive, naming the opening and the round.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cadrex.campaigns.selectors import current_campaign
from cadrex.competition.decision.verify import verify_ballot
from cadrex.competition.registration.models import Opening


class Command(BaseCommand):
    help = (
        "核验党委（党组）差额票决：逐轮按选票和到会人数重新计票，核对封存哈希，"
        "检查每轮票决、每张选票是否被删除、添加或改动。不带编号时核验当前工作的全部职位。"
    )

    def add_arguments(self, parser):
        parser.add_argument("opening_id", type=int, nargs="?")

    def handle(self, *args, opening_id: int | None = None, **options):
        openings = Opening.objects.select_related("unit").order_by("id")
        if opening_id is not None:
            openings = openings.filter(pk=opening_id)
            if not openings.exists():
                raise CommandError(f"没有编号为 {opening_id} 的竞岗职位。")
        else:
            campaign = current_campaign()
            if campaign is None:
                raise CommandError("当前没有进行中的竞岗交流工作。")
            # An opening with rounds, or with a seal left after its rounds went: both are checked.
            openings = openings.filter(
                Q(ballot_head__gt="") | Q(ballots__isnull=False), campaign=campaign
            ).distinct()
        failed = 0
        for opening in openings:
            problems = verify_ballot(opening)
            rounds = opening.ballots.count()
            if not problems:
                self.stdout.write(
                    self.style.SUCCESS(f"{opening}：票决 {rounds} 轮，重新计票与记录一致。")
                )
                continue
            failed += 1
            for problem in problems:
                self.stderr.write(f"{opening}：{problem}")
        if failed:
            self.stderr.write(f"{failed} 个职位的票决记录未通过核验。")
            sys.exit(1)
