"""Part A registration records: declarations and openings (A1–A2), applications (A3–A5),
daily counts (A4), review (A6) and the shortlist (A7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cadrex.campaigns.models import Campaign, DeclarationStatus
from cadrex.registry.models import Cadre, PostLevel, Unit


class OpeningDeclaration(models.Model):
    """A1: one unit's openings table for one campaign, submitted by the unit's leader."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="declarations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="declarations")
    status = models.CharField(
        "状态", max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    # The unit's middle-level headcount when it submitted: printed on the openings table.
    headcount = models.PositiveIntegerField("竞岗前中层人数", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    returned_reason = models.TextField("退回原因", blank=True)

    class Meta:
        verbose_name = "竞岗职位申报"
        verbose_name_plural = "竞岗职位申报"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_declaration_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}竞岗职位申报"


class OpeningStatus(models.TextChoices):
    DRAFT = "draft", "未公布"
    PUBLISHED = "published", "已公布"
    CANCELLED = "cancelled", "不进行竞岗"


class Opening(models.Model):
    """A middle-level post offered for cross-unit competition (竞岗职位)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="openings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="openings")
    declaration = models.ForeignKey(
        OpeningDeclaration, on_delete=models.CASCADE, related_name="openings"
    )
    post_name = models.CharField("职位名称", max_length=100)
    section = models.CharField("所在科室（机构）", max_length=100)
    level = models.CharField("正副职", max_length=10, choices=PostLevel.choices)
    seats = models.PositiveSmallIntegerField("职数", default=1)
    duties = models.TextField("岗位职责", blank=True)
    conditions = models.TextField("任职条件", blank=True)
    contact = models.CharField("联系人及电话", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=OpeningStatus.choices, default=OpeningStatus.DRAFT
    )
    cancelled_reason = models.CharField("不进行竞岗原因", max_length=200, blank=True)
    # A7: the offering unit's pre-screen, and when its contestant list was fixed.
    prescreen_method = models.CharField("初步比选方式", max_length=100, blank=True)
    prescreen_note = models.TextField("初步比选说明", blank=True)
    shortlist_confirmed_at = models.DateTimeField("确定竞岗对象时间", null=True, blank=True)
    # A9: why the unit departed from score order when it fixed its vetting candidates.
    vetting_reason = models.TextField("未按得分确定考察对象的理由", blank=True)
    # A10: the seal of the last ballot round; each round's seal covers the one before it.
    ballot_head = models.CharField("票决记录末端", max_length=64, blank=True)
    contestants_published_at = models.DateTimeField("公布竞岗对象时间", null=True, blank=True)

    class Meta:
        verbose_name = "竞岗职位"
        verbose_name_plural = "竞岗职位"
        ordering = ["unit__code", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="opening_has_a_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.post_name}"

    @property
    def code(self) -> str:
        """The opening's number on notices and in the rules core."""
        return f"{self.unit.code}-{self.pk}"


class ApplicationStatus(models.TextChoices):
    PENDING_CONSENT = "pending_consent", "待所在单位同意"
    DECLINED = "declined", "所在单位不同意"
    SUBMITTED = "submitted", "待资格审查"
    QUALIFIED = "qualified", "资格审查通过"
    UNQUALIFIED = "unqualified", "资格审查未通过"
    OPENING_CANCELLED = "opening_cancelled", "职位不进行竞岗，可改报"
    CONTESTANT = "contestant", "竞岗对象"
    NOT_SHORTLISTED = "not_shortlisted", "未列为竞岗对象"
    WITHDRAWN = "withdrawn", "已撤回"
    SWITCHED = "switched", "已改报其他职位"
    LAPSED = "lapsed", "所在单位未在报名期内同意，未报送"


# Statuses that no longer hold the person's one application (A3, A5).
ENDED = (
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.SWITCHED,
    ApplicationStatus.LAPSED,
)
# Statuses of an application that has reached the office (A3: after home-unit consent).
REACHED_OFFICE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.QUALIFIED,
    ApplicationStatus.UNQUALIFIED,
    ApplicationStatus.OPENING_CANCELLED,
    ApplicationStatus.CONTESTANT,
    ApplicationStatus.NOT_SHORTLISTED,
)


class Application(models.Model):
    """A3: one person's application to one opening, with the form as submitted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="applications")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="applications")
    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="applications")
    # The unit the person applied from: notices name it even after an appointment moves them.
    home_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报名时所在单位",
    )
    status = models.CharField("状态", max_length=20, choices=ApplicationStatus.choices)
    # A3: which of the person's allowed applications this is (1 under the plan's limit of
    # one). Unique among active rows, so the database refuses a second application.
    slot = models.PositiveSmallIntegerField("报名序号", default=1)
    active = models.BooleanField("有效", default=True)
    form = models.JSONField("报名表内容", default=dict)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="switched_to",
        verbose_name="改报前的报名",
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_at = models.DateTimeField("所在单位意见时间", null=True, blank=True)
    consent_note = models.CharField("所在单位意见", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("资格审查时间", null=True, blank=True)
    review_note = models.CharField("资格审查意见", max_length=300, blank=True)
    prescreen_rank = models.PositiveSmallIntegerField("初步比选名次", null=True, blank=True)
    ended_at = models.DateTimeField("撤回/改报时间", null=True, blank=True)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["opening_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "cadre", "slot"],
                condition=Q(active=True),
                name="a3_one_active_application_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(active=False) | ~Q(status__in=[s.value for s in ENDED]),
                name="ended_application_is_inactive",
            ),
        ]
        indexes = [models.Index(fields=["opening", "status"])]

    def __str__(self) -> str:
        return f"{self.cadre.name} → {self.opening}"

    @property
    def applied_from(self) -> Unit:
        """The unit the person applied from (rows filed before it was kept: their unit now)."""
        return self.home_unit or self.cadre.unit

    @property
    def reached_office(self) -> bool:
        return self.status in REACHED_OFFICE


class DailyCount(models.Model):
    """A4: applicants per opening on one day, as published (no names)."""

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="daily_counts")
    day = models.DateField("日期")
    applicants = models.PositiveIntegerField("报名人数")
    taken_at = models.DateTimeField("统计时间", auto_now=True)

    class Meta:
        verbose_name = "每日报名人数"
        verbose_name_plural = "每日报名人数"
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "day"], name="one_count_per_opening_day")
        ]

    def __str__(self) -> str:
        return f"{self.opening} {self.day}：{self.applicants}人"
