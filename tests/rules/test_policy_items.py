"""A8 / POLICY: the optional item score sheet (分项评分表) — items whose maxima add up to the
top of the score range; a juror's sheet is checked item by item and added up exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.policy import DEFAULT_POLICY, Policy, ScoreItems, policy_problems
from cadrex.rules.scoring import policy_sheet_values

SHEET = "工作思路=30；演讲表达=20；回答追问=30；综合素质=20"


def sheet_policy(**extra) -> Policy:
    return Policy.from_overrides({"score_items": SHEET, **extra})


def test_a8_by_default_jurors_give_one_total():
    assert DEFAULT_POLICY.score_items == () and "score_items" not in DEFAULT_POLICY.overrides()


def test_a8_the_sheet_is_read_from_text_or_json_and_round_trips():
    policy = sheet_policy()
    assert policy.score_items.names == ("工作思路", "演讲表达", "回答追问", "综合素质")
    assert policy.score_items.maxima == (Decimal(30), Decimal(20), Decimal(30), Decimal(20))
    assert str(policy.score_items) == SHEET
    stored = policy.overrides()
    assert stored == {
        "score_items": [
            ["工作思路", "30"],
            ["演讲表达", "20"],
            ["回答追问", "30"],
            ["综合素质", "20"],
        ]
    }
    assert Policy.from_overrides(stored) == policy
    as_dicts = [{"name": n, "max": str(m)} for n, m in policy.score_items]
    assert Policy.from_overrides({"score_items": as_dicts}) == policy
    assert (
        Policy.from_overrides(
            {"score_items": "工作思路：30，演讲表达:20\n回答追问=30；综合素质=20"}
        )
        == policy
    )
    assert Policy.from_overrides({"score_items": ""}).score_items == ScoreItems()
    assert Policy.from_overrides({"score_items": None}).score_items == ()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"score_items": "工作思路=30；演讲表达=20"}, "各项满分之和为50，应等于评分上限100分"),
        ({"score_items": "全部=100"}, "应有2～10项，现有1项"),
        ({"score_items": "甲=50；甲=50"}, "项目名称重复：甲"),
        ({"score_items": "甲50；乙=50"}, "“甲50”应写成“名称=满分”"),
        ({"score_items": "甲=0；乙=100"}, "“甲”的满分必须大于0"),
        ({"score_items": "甲=abc；乙=100"}, "不是有效的数字"),
        ({"score_items": "甲=33.333；乙=66.667"}, "超过评委打分允许的2位小数"),
        ({"score_items": SHEET, "score_min": "60"}, "使用分项评分表时评分下限须为0"),
        ({"score_items": [["甲", 50.0], ["乙", "50"]]}, "请填写整数或数字字符串"),
        ({"score_items": 100}, "应写成“名称=满分；名称=满分”"),
        ({"score_items": [["甲"], ["乙", "50"]]}, "“名称”和“满分”两个值"),
        ({"score_items": "甲\x00=50；乙=50"}, "控制字符"),
    ],
)
def test_a8_an_impossible_sheet_is_refused_naming_the_setting(overrides, message):
    problems = policy_problems(overrides)
    assert problems and message in problems[0].message
    assert problems[0].field in ("score_items", "score_min")
    with pytest.raises(RuleViolation):
        Policy.from_overrides(overrides)


def test_a8_a_sheet_adds_up_to_another_score_max():
    policy = Policy.from_overrides({"score_max": "10", "score_items": "甲=4；乙=6"})
    assert policy_sheet_values(["4", "5.5"], policy) == (Decimal(4), Decimal("5.5"))


def test_a8_a_jurors_sheet_is_checked_item_by_item_and_added_exactly():
    policy = sheet_policy()
    values = policy_sheet_values(["28.5", "19.75", "30", "0"], policy)
    assert values == (Decimal("28.5"), Decimal("19.75"), Decimal(30), Decimal(0))
    assert sum(values) == Decimal("78.25")


@pytest.mark.parametrize(
    ("items", "field", "message"),
    [
        (["31", "20", "30", "20"], "item_1", "“工作思路”的得分“31”超出0～30分的范围"),
        (["30", "", "30", "20"], "item_2", "请填写“演讲表达”的得分（0～20分）"),
        (["30", "20", None, "20"], "item_3", "请填写“回答追问”的得分（0～30分）"),
        (["30", "20", "30", "-1"], "item_4", "超出0～20分的范围"),
        (["30", "20", "30", "1.234"], "item_4", "最多只能保留2位小数"),
        (["30", "20", "30", "abc"], "item_4", "不是有效的数字"),
        (["30", "20", "30", 19.5], "item_4", "不接受浮点数"),
        (["30", "20", "30"], None, "评分表共有4项，实际填写3项"),
        ("30", None, "评分表共有4项，实际填写1项"),
    ],
)
def test_a8_each_refusal_names_its_item_and_box(items, field, message):
    with pytest.raises(RuleViolation) as refused:
        policy_sheet_values(items, sheet_policy())
    assert message in refused.value.message and refused.value.field == field


def test_a8_no_sheet_no_items():
    with pytest.raises(RuleViolation, match="不使用分项评分表"):
        policy_sheet_values(["50", "50"], DEFAULT_POLICY)
