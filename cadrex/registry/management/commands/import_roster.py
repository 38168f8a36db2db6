"""manage.py import_roster FILE — validate and import a roster workbook, with a progress bar."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cadrex.registry.roster import RosterInvalid, roster_import


class Command(BaseCommand):
    help = "导入干部名册（.xlsx）：全部校验通过才写入，按身份证号新增或更新。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, file: Path, no_progress: bool, **options):
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="行", disable=no_progress)
            bar.update(done - bar.n)

        try:
            with file.open("rb") as handle:
                result = roster_import(
                    actor=None, fileobj=handle, filename=file.name, progress=progress
                )
        except RosterInvalid as invalid:
            for bar in bars.values():
                bar.close()
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"名册有 {len(invalid.errors)} 处错误，未导入任何数据。"
            ) from invalid
        for bar in bars.values():
            bar.close()
        self.stdout.write(self.style.SUCCESS(result.summary()))
