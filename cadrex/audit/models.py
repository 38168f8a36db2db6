"""The append-only event log: who, when, what, before → after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cadrex.rules.transitions import move_labels

# Chinese names of the actions services record. Every change of a status is a move of its
# model's transition table and is named there; the other actions are named here.
ACTION_LABELS = {
    **move_labels(),
    "roster_import": "导入干部名册",
    "campaign_create": "创建竞岗交流工作",
    "campaign_policy_update": "修改政策参数",
    "campaign_schedule_update": "修改日程安排",
    "opening_add": "填报竞岗职位",
    "opening_update": "修改竞岗职位",
    "opening_delete": "删除竞岗职位",
    "declaration_submit": "报送竞岗职位",
    "declaration_return": "退回竞岗职位申报",
    "openings_publish": "统一公布竞岗职位",
    "application_submit": "报名",
    "application_consent": "所在单位表态",
    "application_withdraw": "撤回报名",
    "application_switch": "改报职位",
    "counts_snapshot": "统计每日报名人数",
    "application_review": "资格审查",
    "review_close": "结束资格审查",
    "shortlist_record": "确定竞岗对象",
    "contestants_publish": "公布竞岗对象名单",
    "hearing_schedule": "安排公开竞岗",
    "hearing_reschedule": "修改公开竞岗时间地点",
    "tie_break": "确定并列名次",
    "ballot_terminal_claim": "监票人启用投票终端",
    "ballot_issue": "监票人发放选票",
    "ballot_cast": "投入选票",
    "ballot_terminal_reset": "重置投票终端",
    "headcounts_freeze": "冻结竞岗前中层人数",
    "appointment_revise": "修改任免审批材料",
    "hearing_draw_lots": "抽签确定演说顺序",
    "juror_add": "添加评委",
    "jurors_add_staff": "添加群众评委",
    "juror_remove": "移除评委",
    "juror_release": "解除评分链接设备绑定",
    "recusal_declare": "登记评委回避",
    "scoring_open": "开始评分",
    "scoring_close": "结束评分并计算得分",
    "score_paper": "录入纸质评分表",
    "score_void": "作废评分",
    "results_publish": "公布竞岗结果",
    "vetting_fix": "确定考察对象",
    "vetting_record": "记录考察情况",
    "ballot_open": "开始票决",
    "ballot_enter_papers": "录入选票",
    "ballot_count": "计票",
    "appointment_prepare": "生成任免审批材料",
    "appointment_submit": "报送任职材料",
    "appointment_review": "审核任职材料",
    "appointment_publicise": "发布任前公示",
    "appointment_publish": "发文任职",
    "probation_conclude": "记录试用期结论",
    "adjustment_record": "本单位中层调整",
    "talk_record": "记录谈心谈话",
    # part B: two-way selection
    "exchange_signup": "报名参加双向选择",
    "exchange_signup_withdraw": "撤回双向选择报名",
    "exchange_declaration_save": "保存交流对象和缺员人数",
    "exchange_declaration_submit": "报送交流对象和缺员人数",
    "exchange_declaration_return": "退回交流对象和缺员申报",
    "exchange_balance_exception": "同意人员进出不平衡例外",
    "exchange_vacancies_publish": "公布各单位缺员人数",
    "exchange_preferences_save": "填报意向",
    "exchange_proposals_save": "提出建议人选",
    "exchange_matching_run": "运行双向选择匹配",
    "exchange_matching_publish": "公布双向选择匹配结果",
    "exchange_directed_draft": "生成定向交流建议方案",
    "exchange_directed_set": "调整定向交流单位",
    "exchange_directed_confirm": "部务会议确定定向交流",
    "exchange_placement_answer": "对交流安排表态",
    "exchange_standby_outcome": "记录待岗结果",
    "exchange_transfer_tick": "登记报到和关系转接",
}


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
        return f"{at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("操作日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("操作日志只能追加，不能删除。")

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def object_label(self) -> str:
        return object_type_label(self.object_type)


def object_type_label(model_name: str) -> str:
    """The Chinese name of a logged object type (the model's verbose name)."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return str(model._meta.verbose_name)
    return {"roster": "干部名册"}.get(model_name, model_name)
