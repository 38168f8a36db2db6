"""manage.py verify_matching [RUN_ID] — check everything people read about part B (B5–B7, C3).

1. The frozen matching, of the given run and of every published round (ADR 0011): the
   stored inputs and result still hash to the recorded SHA-256, matching the stored inputs
   again gives the stored assignment person by person, and the stored assignment has no
   blocking pair.
2. The decision ledger of the run's campaign (``ledger_check``): its hash chain and head; the
   published run of each round and the orgdept meeting as the ledger recorded them; each
   round's forms re-derived from the rows against its frozen inputs; and, both ways, every
   decided placement and every standby against the ledger.

Prints OK, or every mismatch (naming the person and what differs) and exits non-zero.
"""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError

from cadrex.campaigns.selectors import current_campaign
from cadrex.exchange.frozen import verify
from cadrex.exchange.ledger_check import NO_LEDGER, verify_ledger
from cadrex.exchange.models import ExchangeCandidate, MatchingRun
from cadrex.exchange.rounds import published_runs
from cadrex.exchange.selectors import published_run


class Command(BaseCommand):
    help = (
        "核验双向选择：从冻结的输入重新运行匹配、核对哈希值，并逐条核对决定账本与交流安排、"
        "表态和待岗记录（默认核对当前工作已公布的匹配）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("run_id", nargs="?", type=int, help="匹配运行的编号（次号）")

    def handle(self, *args, run_id: int | None = None, **options):
        run = self._run(run_id)
        what = f"第 {run.round} 轮" if run.round > 1 else ""
        label = f"{what}第 {run.pk} 次匹配（{run.campaign}）"
        names = self._names(run)
        problems = [
            self._with_names(p, names)
            for p in verify(run.inputs, run.inputs_sha256, run.result, run.result_sha256)
        ]
        others = [r for r in published_runs(run.campaign) if r.pk != run.pk]
        for other in others:
            problems += [
                self._with_names(f"第 {other.round} 轮（第 {other.pk} 次匹配）：{p}", names)
                for p in verify(
                    other.inputs, other.inputs_sha256, other.result, other.result_sha256
                )
            ]
        report = verify_ledger(run.campaign, published_run(run.campaign))
        problems += report.problems
        if problems:
            self.stdout.write(f"{label}核验未通过，共 {len(problems)} 处：")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            raise CommandError(f"{label}或其决定账本与记录不一致，详见上列各处。")
        self.stdout.write(
            self.style.SUCCESS(
                f"OK {label}：输入 SHA-256 {run.inputs_sha256}，结果 SHA-256 "
                f"{run.result_sha256}，重新匹配结果一致，无阻碍对。"
            )
        )
        for other in others:
            self.stdout.write(
                self.style.SUCCESS(
                    f"OK 第 {other.round} 轮（第 {other.pk} 次匹配）：结果 SHA-256 "
                    f"{other.result_sha256}，重新匹配结果一致，无阻碍对。"
                )
            )
        style = self.style.WARNING if report.summary == NO_LEDGER else self.style.SUCCESS
        self.stdout.write(style(report.summary))

    def _run(self, run_id: int | None) -> MatchingRun:
        if run_id is not None:
            run = MatchingRun.objects.filter(pk=run_id).select_related("campaign").first()
            if run is None:
                raise CommandError(f"没有编号为 {run_id} 的匹配运行。")
            return run
        campaign = current_campaign()
        runs = MatchingRun.objects.filter(campaign=campaign).select_related("campaign")
        run = runs.filter(published_at__isnull=False).first() or runs.first()
        if run is None:
            raise CommandError("当前工作还没有运行过双向选择匹配；请指定匹配运行的编号。")
        return run

    def _names(self, run: MatchingRun) -> dict[str, str]:
        rows = ExchangeCandidate.objects.filter(campaign=run.campaign).select_related("cadre")
        return {str(c.pk): c.cadre.name for c in rows}

    def _with_names(self, problem: str, names: dict[str, str]) -> str:
        """Candidates are numbers in the frozen files; add their names for the reader."""

        def name(match: re.Match) -> str:
            key = match.group(1)
            return f"交流对象 {key}（{names[key]}）" if key in names else match.group(0)

        return re.sub(r"交流对象 (\d+)", name, problem)
