"""Part A records: declarations and openings (A1–A2), applications (A3–A5), daily counts (A4),
review (A6) and the shortlist (A7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from cadrex.campaigns.models import Campaign
from cadrex.registry.models import Cadre, PostLevel, Unit


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", "填报中"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"


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


# ---------------------------------------------------------------------- A8 the hearing


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
    # The hash of the last entry of this hearing's score chain ("" before the first).
    chain_head = models.CharField("评分链末端", max_length=64, blank=True)
    chain_length = models.PositiveIntegerField("评分链条数", default=0)

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
        return f"{self.order}号 {self.application.cadre.name}"


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
    """One juror's score for one contestant. Appended to the hearing's hash chain."""

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
    chain_seq = models.PositiveIntegerField("链序号")

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
    """The append-only ledger of a hearing: every score and every void, hash-linked."""

    hearing = models.ForeignKey(Hearing, on_delete=models.PROTECT, related_name="chain")
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("类型", max_length=10)  # "score" | "void"
    payload = models.JSONField("内容")
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "评分链记录"
        verbose_name_plural = "评分链记录"
        ordering = ["hearing_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["hearing", "seq"], name="one_entry_per_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.hash[:12]}"


# ---------------------------------------------------------------------- A9–A12, C4


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
    """C4: the talk a unit has with a contestant who was not appointed."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="talk")
    talked_on = models.DateField("谈话日期")
    by = models.CharField("谈话人", max_length=50)
    note = models.TextField("谈话情况", blank=True)

    class Meta:
        verbose_name = "谈心谈话"
        verbose_name_plural = "谈心谈话"

    def __str__(self) -> str:
        return f"与{self.application.cadre.name}谈话"
