"""A campaign: its policy overrides and one schedule window per step (S3)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from cadrex.registry.models import Unit
from cadrex.rules.policy import Policy
from cadrex.rules.schedule import STEP_INFO, Step, Window

STEP_CHOICES = [(step.value, info[1]) for step, info in STEP_INFO.items()]


class DeclarationStatus(models.TextChoices):
    """A1 and B1 share one workflow: a unit fills in its declaration, submits it, and the
    office may return it (``rules.transitions._declaration``). Both parts' declarations use
    these states."""

    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"


class Campaign(models.Model):
    name = models.CharField("名称", max_length=200)
    year = models.PositiveIntegerField("年度")
    # Only the values that differ from the plan's defaults (rules.Policy); validated on write.
    policy_overrides = models.JSONField("政策参数（与默认值不同者）", default=dict, blank=True)
    is_current = models.BooleanField("当前进行中", default=True)
    # Milestones of part A, set once by the office's services (A2, A6, A7).
    openings_published_at = models.DateTimeField("竞岗职位公布时间", null=True, blank=True)
    review_closed_at = models.DateTimeField("资格审查结束时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "竞岗交流工作"
        verbose_name_plural = "竞岗交流工作"
        ordering = ["-year", "-id"]
        constraints = [
            # One campaign runs at a time: every page asks "the current campaign".
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def policy(self) -> Policy:
        return Policy.from_overrides(self.policy_overrides)


class ScheduleWindow(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="windows", verbose_name="竞岗交流工作"
    )
    step = models.CharField("步骤", max_length=30, choices=STEP_CHOICES)
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间（不含）")

    class Meta:
        verbose_name = "日程"
        verbose_name_plural = "日程"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "step"], name="one_window_per_step"),
            # S3: a window is half-open [start, end) and never empty.
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="window_end_after_start"),
        ]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{self.get_step_display()} {start:%m-%d}—{end:%m-%d}"

    @property
    def as_rule(self) -> Window:
        # In Beijing time, so the rules' "opens at …" messages read as the schedule prints.
        return Window(timezone.localtime(self.start), timezone.localtime(self.end))

    @property
    def step_enum(self) -> Step:
        return Step(self.step)


class HeadcountFreeze(models.Model):
    """A12: a unit's actual middle-level headcount when the campaign opened."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="headcounts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="headcount_freezes")
    headcount = models.PositiveIntegerField("竞岗前实有中层人数")
    frozen_at = models.DateTimeField("冻结时间", auto_now_add=True)

    class Meta:
        # The table kept its name when the model moved here from competition (issue 12).
        db_table = "competition_headcountfreeze"
        verbose_name = "竞岗前中层人数"
        verbose_name_plural = "竞岗前中层人数"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_freeze_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.headcount}"


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"


class CalendarDay(models.Model):
    """One day of the state council's holiday arrangement, entered by the office for a year
    ``chinesecalendar`` does not cover yet (or to correct it): it overrides the package for
    that date (``cadrex.campaigns.calendar.work_calendar``)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=20, choices=CalendarDayKind.choices)
    note = models.CharField("说明", max_length=100, blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
