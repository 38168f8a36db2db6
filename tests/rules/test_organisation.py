"""C1 organisation: positions per body, one head each, required texts, vertical units."""

from __future__ import annotations

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.organisation import (
    check_office_seat,
    check_position,
    check_takes_part,
    required_texts,
)


def _refused(call, *args, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call(*args, **kwargs)
    assert caught.value.rule == "C1"
    return caught.value


def test_c1_a_body_takes_only_its_own_positions():
    check_position("leading_group", "deputy_leader")
    refused = _refused(check_position, "leading_group", "director")
    assert (refused.field, refused.message) == (
        "position",
        "领导小组的职务只能是组长、副组长、成员。",
    )


def test_c1_each_body_has_one_head():
    check_position("office", "director")
    refused = _refused(check_position, "office", "director", head="王某")
    assert refused.message == "领导小组办公室已有主任（王某），请先修改或移除后再设置。"
    check_position("office", "member", head="王某")  # members are many


def test_c1_a_record_without_its_name_post_or_duty_is_refused_naming_the_field():
    assert required_texts({"name": " 张三 ", "phone": ""}) == {"name": "张三", "phone": ""}
    assert _refused(required_texts, {"name": "张三", "duty": "  "}).field == "duty"
    assert _refused(check_office_seat, "").field == "seat"


def test_c1_a_vertically_managed_unit_names_no_task_team():
    check_takes_part("市财政局", vertically_managed=False)
    assert "垂直管理部门" in _refused(check_takes_part, "市税务局", vertically_managed=True).message
