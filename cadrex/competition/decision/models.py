"""A9–A12 and C4 records: vetting candidates, the committee's ballot rounds and papers,
the appointment and its probation, the unit's own adjustments, and the talks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cadrex.campaigns.models import Campaign
from cadrex.competition.registration.models import Application, Opening
from cadrex.registry.models import Cadre, Unit


class VettingOpinion(models.TextChoices):
    PENDING = "", "未形成"
    FIT = "fit", "同意作为拟任人选"
    UNFIT = "unfit", "不宜作为拟任人选"


class VettingCandidate(models.Model):
    """A9: a vetting candidate (考察对象) of an opening, and the vetting record."""

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="vetting")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="vetting"
    )
    methods = models.JSONField("考察方式", default=list, blank=True)
    findings = models.TextField("考察情况", blank=True)
    opinion = models.CharField(
        "考察意见", max_length=10, choices=VettingOpinion.choices, blank=True
    )
    vetted_on = models.DateField("考察日期", null=True, blank=True)

    class Meta:
        verbose_name = "考察对象"
        verbose_name_plural = "考察对象"
        ordering = ["opening_id", "id"]

    def __str__(self) -> str:
        return f"考察对象 {self.application.cadre.name}"


VETTING_METHODS = [
    ("talks", "个别谈话"),
    ("appraisal", "民主测评"),
    ("files", "查阅档案"),
    ("visits", "走访了解"),
]


class BallotMode(models.TextChoices):
    COUNTED = "counted", "录入纸质选票"
    SECRET = "secret", "现场电子票决"


class BallotStatus(models.TextChoices):
    OPEN = "open", "投票中"
    DECIDED = "decided", "已产生任职人选"
    UNDECIDED = "undecided", "未产生任职人选，须重新票决"
    NO_QUORUM = "no_quorum", "到会不足三分之二，未进行票决"


class BallotRound(models.Model):
    """A10: one round of the committee's competitive ballot for one opening.

    A meeting without quorum is a round too (``no_quorum``): recorded, deciding nothing.
    """

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="ballots")
    round = models.PositiveSmallIntegerField("轮次")
    held_on = models.DateField("会议日期")
    committee = models.CharField("党委（党组）", max_length=100)
    members = models.TextField("成员名单", blank=True)
    expected = models.PositiveSmallIntegerField("应到会人数")
    present = models.PositiveSmallIntegerField("实到会人数")
    on_leave = models.CharField("请假人员", max_length=200, blank=True)
    supervisor = models.CharField("监票人", max_length=50, blank=True)
    counter = models.CharField("计票人", max_length=50, blank=True)
    mode = models.CharField("投票方式", max_length=10, choices=BallotMode.choices)
    status = models.CharField(
        "状态", max_length=20, choices=BallotStatus.choices, default=BallotStatus.OPEN
    )
    candidates = models.JSONField("候选人（报名编号）", default=list)
    # Set by rules.ballot.tally when the round is counted.
    counted_at = models.DateTimeField("计票时间", null=True, blank=True)
    tally = models.JSONField("计票结果", null=True, blank=True)
    # A10 secret ballot: counted although members present had not all voted — how many,
    # confirmed by whom (the chair's word on the record).
    unvoted = models.PositiveSmallIntegerField("未投票人数", default=0)
    unvoted_note = models.CharField("未投票情况说明", max_length=200, blank=True)
    # SHA-256 over the round as counted (attendance, candidates, papers, result) and the
    # previous round's seal: ``manage.py verify_ballot`` recounts and re-seals.
    seal = models.CharField("封存哈希", max_length=64, blank=True)
    # A10 secret ballot (ADR 0008): one voting terminal in the room, claimed by the first
    # device with the supervisor's PIN; the box is a multiset {paper: how many}, no order.
    terminal_token = models.CharField("投票终端链接令牌", max_length=64, blank=True)
    terminal_device = models.CharField("投票终端设备", max_length=64, blank=True)
    terminal_pin = models.CharField("监票人密码（散列）", max_length=128, blank=True)
    terminal_failures = models.PositiveSmallIntegerField("密码错误次数", default=0)
    issued = models.BooleanField("已发出一张待投选票", default=False)
    box = models.JSONField("票箱", default=dict, blank=True)
    elected = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="当选",
    )

    class Meta:
        verbose_name = "票决"
        verbose_name_plural = "票决"
        ordering = ["opening_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "round"], name="one_ballot_round_number"),
            models.UniqueConstraint(
                fields=["terminal_token"],
                condition=~Q(terminal_token=""),
                name="a10_one_round_per_terminal_link",
            ),
            models.CheckConstraint(
                condition=Q(present__lte=F("expected")), name="a10_present_within_expected"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opening} 第{self.round}轮票决"


class BallotPaper(models.Model):
    """A10: one ballot as typed from paper, or as taken from a secret ballot's box when it
    is counted. No time, no voter: a secret round's papers are written at the count in
    sorted order, so neither their ids nor their order say anything of who cast them."""

    ballot = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="papers")
    marks = models.JSONField("选票内容")  # {application id: "for" | "against" | "abstain"}

    class Meta:
        verbose_name = "选票"
        verbose_name_plural = "选票"

    def __str__(self) -> str:
        return f"选票#{self.pk}"


class BallotVoter(models.Model):
    """A10 secret ballot: the roll of members present. ``voted`` says a ballot was handed to
    them (by the supervisor at the terminal), never which — no time is kept."""

    ballot = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="voters")
    name = models.CharField("到会成员", max_length=50)
    voted = models.BooleanField("已领取选票", default=False)

    class Meta:
        verbose_name = "到会成员"
        verbose_name_plural = "到会成员"
        ordering = ["ballot_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "name"], name="a10_member_once_per_round")
        ]

    def __str__(self) -> str:
        return self.name


class AppointmentStatus(models.TextChoices):
    DRAFT = "draft", "准备材料"
    SUBMITTED = "submitted", "已报市委组织部审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "审核通过，待公示"
    PUBLICISED = "publicised", "任前公示中"
    PUBLISHED = "published", "已发文任职"


class Appointment(models.Model):
    """A11: the appointment of the elected contestant, from the package to the published post."""

    opening = models.OneToOneField(Opening, on_delete=models.PROTECT, related_name="appointment")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="appointment"
    )
    status = models.CharField(
        "状态", max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.DRAFT
    )
    proposed_post = models.CharField("拟任职务", max_length=100)
    post_to_leave = models.CharField("拟免职务", max_length=100, blank=True)
    reason = models.TextField("任免理由", blank=True)
    # The approval form's 简历 as the unit edited it for this appointment; "" prints the
    # roster's (Cadre.resume).
    resume = models.TextField("简历（任免审批表）", blank=True)
    promotion = models.BooleanField("提拔任职", default=False)
    # What the person held before, so a removal after probation can restore it.
    before = models.JSONField("任前职务职级", default=dict)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    decided_on = models.DateField("任职决定日期", null=True, blank=True)
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示截止", null=True, blank=True)
    published_on = models.DateField("发文日期", null=True, blank=True)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"

    def __str__(self) -> str:
        return f"{self.application.cadre.name}任{self.proposed_post}"


class ProbationOutcome(models.TextChoices):
    RUNNING = "", "试用中"
    CONFIRMED = "confirmed", "试用期满，正式任职"
    REMOVED = "removed", "不胜任，免职并恢复原职级"


class Probation(models.Model):
    """A11: a promotion's year on probation, [start, end)."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, related_name="probation"
    )
    start = models.DateField("开始")
    end = models.DateField("期满（不含）")
    outcome = models.CharField("结论", max_length=10, choices=ProbationOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "试用期"
        verbose_name_plural = "试用期"
        ordering = ["end"]

    def __str__(self) -> str:
        return f"{self.appointment} 试用期至{self.end}"


class AdjustmentKind(models.TextChoices):
    ALL_COMPETE = "all_compete", "全员竞岗"
    ROTATION = "rotation", "局部轮岗"


class Adjustment(models.Model):
    """A12: a unit's own adjustment of its middle-level cadres after the competition."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField("方式", max_length=20, choices=AdjustmentKind.choices)
    cadre = models.ForeignKey(
        Cadre, on_delete=models.PROTECT, related_name="+", verbose_name="干部"
    )
    action = models.CharField("调整", max_length=10)  # "release" | "assign"
    section = models.CharField("科室（机构）", max_length=100, blank=True)
    level = models.CharField("正副职", max_length=10, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "本单位中层调整"
        verbose_name_plural = "本单位中层调整"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.cadre}"


class Talk(models.Model):
    """C4: a talk a unit has with a contestant who was not appointed: who held it, when, and
    what was said. A person may be talked to more than once; the history is kept."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="talks")
    talked_on = models.DateField("谈话日期")
    by = models.CharField("谈话人", max_length=50)
    note = models.TextField("谈话情况", blank=True)

    class Meta:
        verbose_name = "谈心谈话"
        verbose_name_plural = "谈心谈话"
        ordering = ["application_id", "talked_on", "id"]

    def __str__(self) -> str:
        return f"与{self.application.cadre.name}谈话"


class FamilyMember(models.Model):
    """A11: one row of the approval form's 家庭主要成员及重要社会关系, entered by the unit for
    its appointment (the roster does not hold them). Rows hang on the appointment, not the
    cadre: the unit fills them for the form it sends, and they stay as sent."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="family", verbose_name="任职"
    )
    position = models.PositiveSmallIntegerField("顺序")
    relation = models.CharField("称谓", max_length=20)
    name = models.CharField("姓名", max_length=50)
    born = models.CharField("出生年月", max_length=7, blank=True)  # yyyy.MM
    politics = models.CharField("政治面貌", max_length=20, blank=True)
    work = models.CharField("工作单位及职务", max_length=100, blank=True)

    class Meta:
        verbose_name = "家庭主要成员"
        verbose_name_plural = "家庭主要成员"
        ordering = ["appointment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "position"], name="a11_family_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.relation} {self.name}"
