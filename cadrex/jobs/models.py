"""Background jobs a person started and watches: progress while it runs, then its outcome.

The task runner (django-tasks with its database backend, ADR 0010) runs the work; a ``Job``
is what the pages show of it — who started it, which stage it is at, how far along, and
what came of it (a summary, the refusals, a file to download). Files live in the database
(``JobFile``) so that every app server and every worker reaches them without shared disk.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "已完成"
    REFUSED = "refused", "未通过校验"
    FAILED = "failed", "出错"


FINISHED = (JobStatus.DONE, JobStatus.REFUSED, JobStatus.FAILED)


class Job(models.Model):
    # A random id: a job's address cannot be guessed from another one's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("任务类型", max_length=40, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name="发起人",
    )
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    params = models.JSONField("参数", default=dict, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


class FileRole(models.TextChoices):
    INPUT = "input", "上传的文件"
    OUTPUT = "output", "生成的文件"


class JobFile(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    role = models.CharField("用途", max_length=10, choices=FileRole.choices)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    content = models.BinaryField("内容")

    class Meta:
        verbose_name = "任务文件"
        verbose_name_plural = "任务文件"
        constraints = [
            models.UniqueConstraint(fields=["job", "role"], name="job_file_one_per_role"),
        ]

    def __str__(self) -> str:
        return self.name
