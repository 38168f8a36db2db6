"""A8 records: the hearing, its contestants and jurors, recusals, scores, tie breaks, each
juror's hash chain (every score and void they are party to) and the hearing's seals: when a
contestant's scoring closes, the heads of all the jurors' chains (ADR 0003)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cadrex.competition.registration.models import Application, Opening


class HearingStatus(models.TextChoices):
    PLANNED = "planned", "筹备中"
    RUNNING = "running", "进行中"
    FINISHED = "finished", "已结束"


class Hearing(models.Model):
    """A8: the public hearing of one opening: speech, questioning and the panel's scores."""

    opening = models.OneToOneField(Opening, on_delete=models.PROTECT, related_name="hearing")
    scheduled_at = models.DateTimeField("竞岗时间")
    room = models.CharField("地点", max_length=100)
    status = models.CharField(
        "状态", max_length=20, choices=HearingStatus.choices, default=HearingStatus.PLANNED
    )
    # The speaking order is drawn by lot in the system; the draw is recorded.
    lots_drawn_at = models.DateTimeField("抽签时间", null=True, blank=True)
    lots_seed = models.CharField("抽签随机数", max_length=64, blank=True)
    results_published_at = models.DateTimeField("结果公布时间", null=True, blank=True)
    # The hearing's own chain is its seals (``ChainSeal``): the hash of the last one ("" before
    # the first contestant's scoring closes) and how many there are.
    chain_head = models.CharField("封存链末端", max_length=64, blank=True)
    chain_length = models.PositiveIntegerField("封存次数", default=0)

    class Meta:
        verbose_name = "公开竞岗"
        verbose_name_plural = "公开竞岗"
        ordering = ["scheduled_at", "id"]

    def __str__(self) -> str:
        return f"{self.opening}公开竞岗"


class ScoringState(models.TextChoices):
    WAITING = "waiting", "未开始"
    OPEN = "open", "评分中"
    CLOSED = "closed", "评分结束"


class HearingContestant(models.Model):
    """A contestant in a hearing: speaking order, scoring state, and the computed result."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="contestants")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="hearing_entry"
    )
    order = models.PositiveSmallIntegerField("演说顺序")
    scoring = models.CharField(
        "评分状态", max_length=20, choices=ScoringState.choices, default=ScoringState.WAITING
    )
    opened_at = models.DateTimeField("开始评分时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束评分时间", null=True, blank=True)
    # Computed by rules.scoring when scoring closes; never typed.
    leader_mean = models.DecimalField(
        "领导评委平均分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    staff_mean = models.DecimalField(
        "群众评委平均分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    total = models.DecimalField("竞岗得分", max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    rank_tied = models.BooleanField("并列", default=False)

    class Meta:
        verbose_name = "竞岗对象"
        verbose_name_plural = "竞岗对象"
        ordering = ["hearing_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "order"], name="one_speaker_per_slot"),
        ]

    def __str__(self) -> str:
        return f"第{self.order}位 {self.application.cadre.name}"  # as the pages say the order


class Jury(models.TextChoices):
    LEADER = "leader", "领导评委"
    STAFF = "staff", "群众评委"


class Juror(models.Model):
    """A member of a hearing's panel, with a personal scoring link (no account needed)."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="jurors")
    jury = models.CharField("评委组", max_length=10, choices=Jury.choices)
    name = models.CharField("姓名", max_length=50)
    affiliation = models.CharField("单位及职务", max_length=100, blank=True)
    office_assigned = models.BooleanField("办公室选派", default=False)
    # A substitute scores only the contestants whose leader juror recused (A8 keeps 7).
    substitute = models.BooleanField("替补评委", default=False)
    token = models.CharField("评分链接令牌", max_length=64, unique=True)
    # The juror's own login, when they have one: the juror role then shows among that person's
    # roles (issue 15: one login, several roles). The link keeps working without it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="juror_seats",
        verbose_name="对应账号",
    )
    # The link is bound to the first device that opens it (a hash of a cookie secret).
    device_hash = models.CharField("绑定设备", max_length=64, blank=True)
    claimed_at = models.DateTimeField("首次打开时间", null=True, blank=True)

    class Meta:
        verbose_name = "评委"
        verbose_name_plural = "评委"
        ordering = ["hearing_id", "jury", "substitute", "id"]

    def __str__(self) -> str:
        return f"{self.get_jury_display()} {self.name}"


class Recusal(models.Model):
    """A8 / 公务员法 Art. 74: a juror does not score a contestant they are related to."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="recusals")
    contestant = models.ForeignKey(
        HearingContestant, on_delete=models.CASCADE, related_name="recusals"
    )
    reason = models.CharField("回避原因", max_length=200)
    substitute = models.ForeignKey(
        Juror,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substitutions",
        verbose_name="替补评委",
    )

    class Meta:
        verbose_name = "评委回避"
        verbose_name_plural = "评委回避"
        constraints = [
            models.UniqueConstraint(fields=["juror", "contestant"], name="one_recusal_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.juror.name}回避{self.contestant}"


class Score(models.Model):
    """One juror's score for one contestant. Appended to the juror's hash chain."""

    contestant = models.ForeignKey(
        HearingContestant, on_delete=models.PROTECT, related_name="scores"
    )
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="scores")
    jury = models.CharField("评委组", max_length=10, choices=Jury.choices)
    value = models.DecimalField("分数", max_digits=6, decimal_places=2)
    items = models.JSONField("分项得分", default=list, blank=True)
    paper = models.BooleanField("纸质评分表录入", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间")
    voided = models.BooleanField("已作废", default=False)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    # The number of this score's entry in its juror's chain.
    chain_seq = models.PositiveIntegerField("链序号")
    # The phone's own number for this submission (a random UUID made on the phone when the
    # juror confirmed): a retry after a dropped network carries it again and lands once
    # (ADR 0003). Not part of the chained payload. None for paper sheets and old phones.
    submission_key = models.UUIDField("提交编号", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        ordering = ["contestant_id", "jury", "id"]
        constraints = [
            # A submitted score cannot be changed: one live score per juror and contestant.
            models.UniqueConstraint(
                fields=["contestant", "juror"],
                condition=Q(voided=False),
                name="a8_one_score_per_juror",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="a8_score_not_negative"),
            # One submission lands once, voided or not: two retries racing past the check
            # meet here, and the loser is answered as the duplicate it is.
            models.UniqueConstraint(
                fields=["juror", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="a8_one_score_per_submission_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror.name} → {self.contestant}: {self.value}"


class TieBreak(models.Model):
    """A8: the office's order for contestants sharing a rank that matters, with its reason."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="tie_breaks")
    rank = models.PositiveSmallIntegerField("并列名次")
    order = models.JSONField("确定的先后顺序（竞岗对象编号）")
    reason = models.TextField("理由")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("确定时间")

    class Meta:
        verbose_name = "并列名次的确定"
        verbose_name_plural = "并列名次的确定"
        constraints = [
            models.UniqueConstraint(fields=["hearing", "rank"], name="a8_one_tie_break_per_rank")
        ]

    def __str__(self) -> str:
        return f"{self.hearing} 并列第{self.rank}名"


class ChainEntry(models.Model):
    """One link of a juror's chain: a score the juror gave, or the void of one of their
    scores, hash-linked to the juror's previous entry. Each juror appends to their own
    chain, so the phones of a hearing never wait for one another (ADR 0003)."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="chain")
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="chain")
    seq = models.PositiveIntegerField("序号")  # in the juror's chain, from 1
    kind = models.CharField("类型", max_length=10)  # "score" | "void"
    payload = models.JSONField("内容")
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "评分链记录"
        verbose_name_plural = "评分链记录"
        ordering = ["hearing_id", "juror_id", "seq"]
        constraints = [
            # Two entries racing for the same place (one phone submitting twice at once):
            # one of them lands, the other goes again behind it.
            models.UniqueConstraint(fields=["juror", "seq"], name="one_entry_per_juror_seq")
        ]

    def __str__(self) -> str:
        return f"#{self.juror_id}-{self.seq} {self.kind} {self.hash[:12]}"


class ChainSeal(models.Model):
    """The hearing's own chain: when a contestant's scoring closes, the head of every juror's
    chain and the result computed, hash-linked to the previous seal. Nothing a seal covers
    can be removed, added or changed without the seal no longer matching."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="seals")
    contestant = models.OneToOneField(
        HearingContestant, on_delete=models.PROTECT, related_name="seal"
    )
    seq = models.PositiveIntegerField("序号")
    payload = models.JSONField("内容")
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "评分封存记录"
        verbose_name_plural = "评分封存记录"
        ordering = ["hearing_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["hearing", "seq"], name="one_seal_per_seq")]

    def __str__(self) -> str:
        return f"封存#{self.seq} {self.hash[:12]}"
