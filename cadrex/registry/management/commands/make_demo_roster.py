"""manage.py make_demo_roster FILE --cadres N — a fictional city's roster workbook."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from cadrex.registry.demo import CitySize, city_workbook


class Command(BaseCommand):
    help = "生成虚构城市的干部名册（.xlsx），用于演示和测试导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--cadres", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=2014)

    def handle(self, *args, file: Path, cadres: int, seed: int, **options):
        content = city_workbook(CitySize(cadres=cadres, seed=seed), timezone.localdate())
        file.write_bytes(content)
        self.stdout.write(f"已生成 {file}（约 {cadres} 名干部，{len(content) // 1024} KB）")
