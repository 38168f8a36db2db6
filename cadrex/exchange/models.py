"""Part B records: sign-ups and exchange candidates (B1), vacancies (B2), preferences (B3),
proposals (B4), matching runs (B5), placements (B5–B6, C3) and standbys (B7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cadrex.campaigns.models import Campaign, DeclarationStatus
from cadrex.registry.models import Cadre, Unit


class TwoWaySelection(models.Model):
    """Part B's milestones for one campaign (the office publishes, the orgdept meeting decides)."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="two_way_selection"
    )
    vacancies_published_at = models.DateTimeField("缺员人数公布时间", null=True, blank=True)
    vacancies_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # B6: the orgdept meeting (部务会议) that decided the directed placements.
    meeting_date = models.DateField("部务会议日期", null=True, blank=True)
    meeting_note = models.TextField("部务会议研究意见", blank=True)
    directed_confirmed_at = models.DateTimeField("定向交流确定时间", null=True, blank=True)
    directed_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Part B's decision ledger (DecisionEntry): its head hash and length, kept here so that
    # appending locks this one row. ``ledger_kept`` is False only for a campaign whose
    # matching was published before the ledger existed (migration 0002): nothing to check.
    ledger_head = models.CharField("决定账本末端哈希", max_length=64, blank=True)
    ledger_length = models.PositiveIntegerField("决定账本条数", default=0)
    ledger_kept = models.BooleanField("建有决定账本", default=True)
    # B5: the matching round now under way (1 unless policy.matching_rounds > 1 and the
    # office opened a later round; ADR 0011).
    round = models.PositiveSmallIntegerField("当前匹配轮次", default=1)

    class Meta:
        verbose_name = "一般干部跨单位双向选择"
        verbose_name_plural = "一般干部跨单位双向选择"

    def __str__(self) -> str:
        return f"{self.campaign}·双向选择"


class ExchangeSignup(models.Model):
    """B1: a general cadre's personal sign-up (个人报名) for the two-way selection."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="exchange_signups")
    created_at = models.DateTimeField("报名时间")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = "双向选择个人报名"
        verbose_name_plural = "双向选择个人报名"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "cadre"], name="b1_one_signup_per_cadre")
        ]

    def __str__(self) -> str:
        return f"{self.cadre.name}报名双向选择"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class ExchangeDeclaration(models.Model):
    """B1–B2: one unit's exchange candidates and vacancies; B4: its proposal list hangs here."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="exchange_declarations"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="exchange_declarations")
    vacancies = models.PositiveIntegerField("缺员人数", default=0)
    status = models.CharField(
        "状态", max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    returned_reason = models.TextField("退回原因", blank=True)
    # B1: the office may allow this unit to be out of balance; who, when and why are kept.
    exception_reason = models.TextField("进出不平衡例外理由", blank=True)
    exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exception_at = models.DateTimeField("同意例外时间", null=True, blank=True)
    # B4: when the unit last saved its proposal list (人选需求表).
    proposals_saved_at = models.DateTimeField("建议人选保存时间", null=True, blank=True)

    class Meta:
        verbose_name = "交流对象与缺员申报"
        verbose_name_plural = "交流对象与缺员申报"
        ordering = ["unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="b1_one_exchange_declaration_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}交流对象与缺员申报"

    @property
    def exception_allowed(self) -> bool:
        return self.exception_at is not None


class ExchangeCandidate(models.Model):
    """B1: a person the unit sends out (交流对象), with whether they signed up personally."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="exchange_candidates"
    )
    declaration = models.ForeignKey(
        ExchangeDeclaration, on_delete=models.CASCADE, related_name="candidates"
    )
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="exchange_candidacies")
    # The unit they are sent out from, kept as it was: the roster may move them later.
    home_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signed_up = models.BooleanField("本人报名", default=True)
    added_reason = models.TextField("未报名而确定为交流对象的理由", blank=True)
    preferences_filed_at = models.DateTimeField("意向填报时间", null=True, blank=True)

    class Meta:
        verbose_name = "交流对象"
        verbose_name_plural = "交流对象"
        ordering = ["home_unit__code", "cadre__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "cadre"], name="b1_one_candidacy_per_cadre"
            ),
            # B1: someone who did not sign up is sent out only with a written reason.
            models.CheckConstraint(
                condition=Q(signed_up=True) | ~Q(added_reason=""),
                name="b1_added_candidate_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.cadre.name


class Preference(models.Model):
    """B3: one line of a candidate's preference form (意向表): the k-th unit they list, in
    matching round ``round`` (B5; round 2 and later only for the previous round's unplaced)."""

    candidate = models.ForeignKey(
        ExchangeCandidate, on_delete=models.CASCADE, related_name="preferences"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("意向顺序")
    round = models.PositiveSmallIntegerField("匹配轮次", default=1)

    class Meta:
        verbose_name = "意向"
        verbose_name_plural = "意向"
        ordering = ["candidate_id", "round", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "round", "rank"], name="b3_one_unit_per_rank"
            ),
            models.UniqueConstraint(fields=["candidate", "round", "unit"], name="b3_no_unit_twice"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} 意向{self.rank}：{self.unit.name}"


class Proposal(models.Model):
    """B4: one line of a unit's proposal form (人选需求表): its k-th proposed person, in
    matching round ``round`` (B5)."""

    declaration = models.ForeignKey(
        ExchangeDeclaration, on_delete=models.CASCADE, related_name="proposals"
    )
    candidate = models.ForeignKey(ExchangeCandidate, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField("建议顺序")
    round = models.PositiveSmallIntegerField("匹配轮次", default=1)

    class Meta:
        verbose_name = "建议人选"
        verbose_name_plural = "建议人选"
        ordering = ["declaration_id", "round", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "round", "rank"], name="b4_strict_order"
            ),
            models.UniqueConstraint(
                fields=["declaration", "round", "candidate"], name="b4_nobody_proposed_twice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration.unit.name} 建议人选{self.rank}：{self.candidate}"


class MatchingRun(models.Model):
    """B5: one run of the matching, its inputs and result frozen as canonical JSON and hashed.

    ``inputs`` and ``result`` are stored as the exact text that was hashed, so anyone can
    re-hash them and re-run the matcher (``manage.py verify_matching``).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="matching_runs")
    round = models.PositiveSmallIntegerField("匹配轮次", default=1)
    created_at = models.DateTimeField("运行时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    inputs = models.TextField("输入（规范化 JSON）")
    inputs_sha256 = models.CharField("输入 SHA-256", max_length=64)
    result = models.TextField("结果（规范化 JSON）")
    result_sha256 = models.CharField("结果 SHA-256", max_length=64)
    blocking_pairs = models.PositiveIntegerField("阻碍对数", default=0)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "双向选择匹配"
        verbose_name_plural = "双向选择匹配"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "round"],
                condition=Q(published_at__isnull=False),
                name="b5_one_published_matching",
            )
        ]

    def __str__(self) -> str:
        return f"第{self.pk}次匹配（{self.result_sha256[:12]}）"


class PlacementKind(models.TextChoices):
    MATCHED = "matched", "双向选择匹配"
    DIRECTED = "directed", "定向交流"


class Answer(models.TextChoices):
    PENDING = "pending", "待表态"
    ACCEPTED = "accepted", "服从安排"
    REFUSED = "refused", "不服从安排"


class Placement(models.Model):
    """B5–B6: where a candidate goes; B7: their answer; C3: reporting and relations transfer.

    A matched placement is decided when the matching is published. A directed one is first a
    draft (``decided_at`` empty) that the orgdept edits, then decided by its meeting.
    """

    candidate = models.OneToOneField(
        ExchangeCandidate, on_delete=models.CASCADE, related_name="placement"
    )
    kind = models.CharField("方式", max_length=20, choices=PlacementKind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 1 = the candidate's first listed unit, 2 = second …; 0 = a unit they did not list.
    choice = models.PositiveSmallIntegerField("意向顺序", null=True, blank=True)
    # B6: what rules.placement.place proposed, and why nobody could be placed, if so.
    proposed_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unplaced_reason = models.CharField("未能安置原因", max_length=300, blank=True)
    decided_at = models.DateTimeField("确定时间", null=True, blank=True)
    answer = models.CharField(
        "本人表态", max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField("表态时间", null=True, blank=True)
    # B7: the last day (inclusive, Beijing date) to answer; set when the placement is decided.
    answer_deadline = models.DateField("表态截止日", null=True, blank=True)
    # B7 (ADR 0012): set by the daily sweep the day after the deadline passed unanswered
    # (逾期未答复); cleared when the orgdept sets a new deadline.
    overdue_at = models.DateTimeField("逾期未答复标记时间", null=True, blank=True)
    answer_note = models.CharField("表态说明", max_length=300, blank=True)
    # C3: the last day to report to the new unit, and the new unit's checklist.
    reporting_deadline = models.DateField("报到期限", null=True, blank=True)
    reported_at = models.DateTimeField("报到时间", null=True, blank=True)
    administrative_at = models.DateTimeField("行政关系转接时间", null=True, blank=True)
    salary_at = models.DateTimeField("工资关系转接时间", null=True, blank=True)
    party_at = models.DateTimeField("党组织关系转接时间", null=True, blank=True)

    class Meta:
        verbose_name = "交流安排"
        verbose_name_plural = "交流安排"
        ordering = ["candidate__home_unit__code", "candidate__cadre__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="directed")
                | (Q(unit__isnull=False) & Q(decided_at__isnull=False)),
                name="b5_matched_placement_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(answer="pending") | Q(decided_at__isnull=False),
                name="b7_answer_only_once_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.unit or '未安置'}"

    @property
    def is_overdue(self) -> bool:
        """B7: marked 逾期未答复 and still unanswered (a late answer ends it)."""
        return self.overdue_at is not None and self.answer == Answer.PENDING

    @property
    def transfers_done(self) -> bool:
        return all((self.reported_at, self.administrative_at, self.salary_at, self.party_at))


# C3: the checklist the new unit ticks, field → label.
TRANSFER_ITEMS = {
    "reported_at": "已到新单位报到",
    "administrative_at": "行政关系已转接",
    "salary_at": "工资关系已转接",
    "party_at": "党组织关系已转接",
}


class StandbyOutcome(models.TextChoices):
    ONGOING = "ongoing", "待岗中"
    PLACED = "placed", "期满后已安排"
    INCOMPETENT = "incompetent", "表现差，年度考核定为不称职"


class Standby(models.Model):
    """B7 (C3): a year on standby (待岗) after refusing a placement, assessment bonus withheld,
    and the warning (警告处分) C3 gives whoever refuses an exchange decision."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="standby")
    rule = models.CharField("依据", max_length=4)  # B7 for a directed placement, C3 otherwise
    start = models.DateField("待岗开始")
    end = models.DateField("待岗期满（当日起可安排）")
    bonus_withheld = models.BooleanField("扣发考核奖", default=True)
    # C3: "对拒不服从轮岗交流决定的干部……给予警告处分和待岗一年处理": the day it was given.
    warning = models.BooleanField("警告处分", default=False)
    warning_on = models.DateField("警告处分日期", null=True, blank=True)
    outcome = models.CharField(
        "结果", max_length=20, choices=StandbyOutcome.choices, default=StandbyOutcome.ONGOING
    )
    outcome_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_note = models.TextField("安排说明", blank=True)
    vetting_note = models.TextField("考察和研究意见", blank=True)
    appraisal_year = models.PositiveIntegerField("不称职等次的考核年度", null=True, blank=True)
    outcome_at = models.DateTimeField("记录时间", null=True, blank=True)

    class Meta:
        verbose_name = "待岗"
        verbose_name_plural = "待岗"
        ordering = ["end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="placed") | Q(outcome_unit__isnull=False),
                name="b7_placed_after_standby_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(warning=False, warning_on__isnull=True)
                | Q(warning=True, warning_on__isnull=False),
                name="c3_warning_has_its_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement.candidate}待岗至{self.end}"


class DecisionEntry(models.Model):
    """Part B's append-only ledger: every decision people read (B5 published matching, B6
    meeting, B7 answers and standbys, C3 transfer ticks), hash-linked per campaign.

    ``hash`` = ``cadrex.audit.chain.entry_hash(prev_hash, kind, seq, payload)``; the head and
    the length live on :class:`TwoWaySelection`. ``verify_matching`` re-walks the chain and
    compares every placement and standby row with what the ledger says.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("类型", max_length=30)
    payload = models.JSONField("内容")
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "双向选择决定账本记录"
        verbose_name_plural = "双向选择决定账本记录"
        ordering = ["campaign_id", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "seq"], name="b5_one_decision_entry_per_seq"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.hash[:12]}"
