"""Users and the roles they hold. A unit role is scoped to one unit; a cadre account to one record.

A user's **primary** role is the one on the row (``role``, ``unit``); further roles the person
holds are ``RoleGrant`` rows (ADR 0014). Which one a request acts in is the session's choice,
applied in memory by ``cadrex.accounts.middleware`` and never written back (``User.save``).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    OFFICE = "office", "竞岗交流工作办公室"
    ORGDEPT = "orgdept", "市委组织部"
    UNIT_OPERATOR = "unit_operator", "单位经办人"
    UNIT_LEADER = "unit_leader", "单位主要领导"
    CADRE = "cadre", "干部"
    JUROR = "juror", "评委"


UNIT_ROLES = (Role.UNIT_OPERATOR, Role.UNIT_LEADER)


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "registry.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="所属单位",
    )
    cadre = models.OneToOneField(
        "registry.Cadre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name="对应干部",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            # A unit role without a unit would see nothing or, worse, everything.
            models.CheckConstraint(
                condition=~Q(role__in=["unit_operator", "unit_leader"]) | Q(unit__isnull=False),
                name="unit_role_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(role="cadre") | Q(cadre__isnull=False),
                name="cadre_role_has_cadre",
            ),
        ]

    def save(self, *args, **kwargs):
        """A user acting in another role (``accounts.roles.act_as``) is stored with their
        primary role: the role in memory is the request's, never the row's."""
        primary = self.__dict__.get("_primary")
        if primary is None:
            return super().save(*args, **kwargs)
        acting = (self.role, self.unit_id)
        self.role, self.unit_id = primary
        try:
            return super().save(*args, **kwargs)
        finally:
            self.role, self.unit_id = acting

    @property
    def primary_role(self) -> tuple[str, int | None]:
        """(role, unit id) as stored on the row, whatever role the request acts in."""
        return self.__dict__.get("_primary") or (self.role, self.unit_id)

    @property
    def is_office(self) -> bool:
        return self.role == Role.OFFICE

    @property
    def is_orgdept(self) -> bool:
        return self.role == Role.ORGDEPT

    @property
    def is_unit_role(self) -> bool:
        return self.role in UNIT_ROLES

    @property
    def role_label(self) -> str:
        label = self.get_role_display()
        if self.is_unit_role and self.unit_id:
            return f"{self.unit.name} · {label}"
        return label


class RoleGrant(models.Model):
    """A further role the person holds beside the primary one on ``User`` (ADR 0014): a unit's
    leader who is also a juror elsewhere, a cadre who also operates their unit's records.
    Written by ``accounts.services.role_grant_add`` / ``role_grant_remove`` only."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "registry.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name="所属单位",
    )
    granted_at = models.DateTimeField("授予时间")
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="授予人",
    )
    note = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "兼任角色"
        verbose_name_plural = "兼任角色"
        ordering = ["user_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["unit_operator", "unit_leader"]) | Q(unit__isnull=False),
                name="grant_unit_role_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["unit_operator", "unit_leader"]) | Q(unit__isnull=True),
                name="grant_other_role_has_no_unit",
            ),
            # NULL units are distinct to a plain unique constraint: one for each case.
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="one_grant_per_role_and_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(unit__isnull=True), name="one_grant_per_role"
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        return (
            f"{self.user} · {self.unit.name} · {label}"
            if self.unit_id
            else f"{self.user} · {label}"
        )


class LoginThrottle(models.Model):
    """Failed logins counted across every address, for one user name (``user:NAME``) or for
    one trusted device (``device:NONCE``). django-axes locks one (user name, address) pair;
    this slows a guesser who spreads tries over many addresses (cadrex/accounts/throttle.py)."""

    key = models.CharField("对象", max_length=200, unique=True)
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    last_failure_at = models.DateTimeField("最近一次失败")
    locked_until = models.DateTimeField("暂停尝试至", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"

    def __str__(self) -> str:
        return self.key
