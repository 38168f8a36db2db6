"""The append-only event log: who, when, what, before → after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cadrex.audit.actions import ACTION_LABELS, Action, action_label

__all__ = [
    "ACTION_LABELS",
    "Action",
    "AppendOnlyError",
    "Event",
    "model_for",
    "object_type_label",
    "person_name",
]

# Object types that are no model (a roster import acts on a file).
OTHER_OBJECT_TYPES = {"roster": "干部名册"}


class AppendOnlyError(Exception):
    pass


class EventQuerySet(models.QuerySet):
    # Bulk paths bypass save()/delete(); close them too so history cannot be rewritten.
    def update(self, **kwargs):
        raise AppendOnlyError("操作日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("操作日志只能追加，不能删除。")


class Event(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    # Kept as text too: the log must still say who acted if an account is renamed.
    actor_label = models.CharField("操作人（记录时）", max_length=150, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, db_index=True)
    object_id = models.CharField("对象编号", max_length=60, db_index=True, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)  # Beijing time; the database gives it back in UTC
        return f"{at:%Y-%m-%d %H:%M} {self.actor_label} {self.action_label} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("操作日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("操作日志只能追加，不能删除。")

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def object_label(self) -> str:
        return object_type_label(self.object_type)

    @property
    def actor_name(self) -> str:
        """Who acted, as people know them: the name recorded at the time (an account later
        renamed still shows who it was), else the account's name or login, else 系统."""
        if self.actor_id is None:
            return self.actor_label or "系统"
        if self.actor_label and self.actor_label != self.actor.get_username():
            return self.actor_label
        return person_name(self.actor)  # entries written before names were recorded


def person_name(user) -> str:
    """How the log names a person: the account's name (姓名), else its login. A Chinese
    name is 姓 then 名, with no space (Django's get_full_name puts 名 first)."""
    last, first = getattr(user, "last_name", ""), getattr(user, "first_name", "")
    name = f"{(last or '').strip()}{(first or '').strip()}"
    return name or user.get_username()


def model_for(object_type: str):
    """The model a logged object type names (its ``model_name``), or None."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return model
    return None


def object_type_label(object_type: str) -> str:
    """The Chinese name of a logged object type (the model's verbose name)."""
    model = model_for(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    return OTHER_OBJECT_TYPES.get(object_type, object_type)
