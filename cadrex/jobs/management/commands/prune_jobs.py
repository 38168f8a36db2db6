"""manage.py prune_jobs [--days 7] — delete finished jobs and their files."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from cadrex.jobs.services import jobs_prune


class Command(BaseCommand):
    help = "删除若干天前已结束的后台任务及其文件（排队中和处理中的任务不删）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days: int, **options):
        deleted = jobs_prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"已删除 {deleted} 个 {days} 天前结束的后台任务。")
