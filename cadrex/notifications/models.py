"""What each person is told (ADR 0013): a notification in their inbox, and one delivery of
it per channel (email, SMS), sent by the task runner and never twice."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

# A mainland mobile number: 11 digits, starting with 1.
MOBILE_RE = r"^1\d{10}$"
mobile_validator = RegexValidator(MOBILE_RE, "手机号码应为以1开头的11位数字。")


class Kind(models.TextChoices):
    CONSENT_NEEDED = "consent_needed", "待单位意见"
    CONSENT = "consent", "单位意见"
    SHORTLIST = "shortlist", "竞岗对象"
    HEARING = "hearing", "公开竞岗时间地点"
    VETTING = "vetting", "考察"
    BALLOT = "ballot", "票决结果"
    APPOINTMENT = "appointment", "任职"
    WINDOW_OPEN = "window_open", "日程开始"
    MATCHING = "matching", "双向选择匹配结果"
    PLACEMENT = "placement", "交流安排"
    REMINDER = "reminder", "截止提醒"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    # What it answers: ``event:<audit event id>:<user id>`` or a reminder's key. Unique, so
    # a dispatcher or a reminder run twice tells nobody twice.
    dedupe_key = models.CharField("去重键", max_length=200, unique=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name="消息"
    )
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    address = models.CharField("发送地址", max_length=254)
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    last_error = models.CharField("最近一次错误", max_length=500, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "消息发送"
        verbose_name_plural = "消息发送"
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}"


class Contact(models.Model):
    """Where a person is told besides the inbox. Empty = that channel is not used."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact",
        verbose_name="用户",
    )
    mobile = models.CharField("手机号码", max_length=11, blank=True, validators=[mobile_validator])
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        verbose_name = "联系方式"
        verbose_name_plural = "联系方式"
        constraints = [
            models.CheckConstraint(
                condition=Q(mobile="") | Q(mobile__regex=MOBILE_RE), name="contact_mobile_valid"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Cursor(models.Model):
    """How far the dispatcher has read the audit log (one row, ``name="audit"``)."""

    name = models.CharField("名称", max_length=20, unique=True)
    last_event_id = models.BigIntegerField("已处理到的日志编号", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "消息分发进度"
        verbose_name_plural = "消息分发进度"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"
