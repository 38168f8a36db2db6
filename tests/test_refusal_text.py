"""Who reads a rule's ID beside a refusal: those who work the campaign, not a cadre, a juror
or the public (issue 14: rule codes stay out of what cadres and the public read)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cadrex.accounts.models import Role
from cadrex.rules import RuleViolation
from cadrex.web import refusal_text

VIOLATION = RuleViolation("A3", "报名人不符合年龄条件。")


@pytest.mark.parametrize("role", [Role.OFFICE, Role.ORGDEPT, Role.UNIT_OPERATOR, Role.UNIT_LEADER])
def test_those_who_work_the_campaign_read_the_rule_id(role):
    user = SimpleNamespace(role=role)
    assert refusal_text(user, VIOLATION) == "报名人不符合年龄条件。（规则 A3）"


@pytest.mark.parametrize("role", [Role.CADRE, Role.JUROR, None])
def test_a_cadre_a_juror_and_the_public_read_the_message_alone(role):
    user = SimpleNamespace(role=role) if role else SimpleNamespace()
    assert refusal_text(user, VIOLATION) == "报名人不符合年龄条件。"


def test_a_refusal_without_a_rule_is_the_message_alone():
    user = SimpleNamespace(role=Role.OFFICE)
    assert refusal_text(user, RuleViolation("", "请填写姓名。")) == "请填写姓名。"
