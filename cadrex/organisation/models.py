"""C1 records of a campaign: the leading group (领导小组) and its office (领导小组办公室, in the
organisation department), each unit's responsible leader (第一责任人, the unit's principal
leader) and its task team (工作专班)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cadrex.campaigns.models import Campaign
from cadrex.registry.models import Unit
from cadrex.rules import organisation as rules


class Body(models.TextChoices):
    LEADING_GROUP = "leading_group", "领导小组"
    OFFICE = "office", "领导小组办公室"


class Position(models.TextChoices):
    """One's position in the leading group or in its office."""

    LEADER = "leader", "组长"
    DEPUTY_LEADER = "deputy_leader", "副组长"
    DIRECTOR = "director", "主任"
    DEPUTY_DIRECTOR = "deputy_director", "副主任"
    MEMBER = "member", "成员"


# C1's positions per body and its heads are the rules' (rules.organisation).
BODY_POSITIONS, HEADS = rules.BODY_POSITIONS, rules.HEADS


class GroupMember(models.Model):
    """C1: a member of the leading group or of its office."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="group_members",
        verbose_name="竞岗交流工作",
    )
    body = models.CharField("所在机构", max_length=20, choices=Body.choices)
    position = models.CharField("小组职务", max_length=20, choices=Position.choices)
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("单位及职务", max_length=100)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    seq = models.PositiveSmallIntegerField("排序号", default=0)

    class Meta:
        verbose_name = "领导小组（办公室）成员"
        verbose_name_plural = "领导小组（办公室）成员"
        ordering = ["campaign_id", "body", "seq", "id"]
        constraints = [
            # C1: one 组长 of the leading group, one 主任 of its office.
            models.UniqueConstraint(
                fields=["campaign", "body"],
                condition=Q(position__in=["leader", "director"]),
                name="c1_one_head_per_body",
            ),
            models.CheckConstraint(
                condition=Q(
                    body="leading_group", position__in=["leader", "deputy_leader", "member"]
                )
                | Q(body="office", position__in=["director", "deputy_director", "member"]),
                name="c1_position_of_its_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}{self.get_position_display()} {self.name}"


class GroupOffice(models.Model):
    """C1: the leading group's office: where it sits (the organisation department), and how
    to reach it."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="group_office", verbose_name="竞岗交流工作"
    )
    seat = models.CharField("办公室设在", max_length=100, default="市委组织部")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)

    class Meta:
        verbose_name = "领导小组办公室"
        verbose_name_plural = "领导小组办公室"

    def __str__(self) -> str:
        return f"领导小组办公室（设在{self.seat}）"


class ResponsibleLeader(models.Model):
    """C1: a unit's principal leader, the first person responsible (第一责任人) for the work."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name="竞岗交流工作"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="responsible_leaders", verbose_name="单位"
    )
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100)
    phone = models.CharField("联系电话", max_length=20, blank=True)

    class Meta:
        verbose_name = "单位第一责任人"
        verbose_name_plural = "单位第一责任人"
        ordering = ["unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="c1_one_responsible_leader_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}第一责任人 {self.name}"


class TaskTeamMember(models.Model):
    """C1: a member of a unit's task team (工作专班) and the duty they carry."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name="竞岗交流工作"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="task_team_members", verbose_name="单位"
    )
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100)
    duty = models.CharField("工作职责", max_length=500)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    seq = models.PositiveSmallIntegerField("排序号", default=0)

    class Meta:
        verbose_name = "工作专班成员"
        verbose_name_plural = "工作专班成员"
        ordering = ["unit__code", "seq", "id"]

    def __str__(self) -> str:
        return f"{self.unit.name}工作专班 {self.name}"
