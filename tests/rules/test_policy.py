"""POLICY: defaults are the plan's values; overrides are validated and round-trip as JSON."""

from __future__ import annotations

import json
from dataclasses import fields
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.policy import (
    DEFAULT_POLICY,
    POLICY_LABELS,
    Policy,
    appraisal_level,
    education_level,
)


def test_policy_defaults_are_the_plans_values():
    p = Policy()
    assert p.mandatory_offer_threshold == 8
    assert p.towns_must_offer is True
    assert p.min_openings_when_mandatory == 1
    assert p.max_applications_per_person == 1
    assert p.may_apply_to_own_unit is False
    assert p.home_unit_consent_required is True
    assert p.switch_allowed_in_window is True
    assert p.min_qualified_to_compete == 2
    assert p.shortlist_cap == 10
    assert p.leader_jury_size == 7
    assert p.min_office_assigned_leader_jurors == 2
    assert p.min_staff_jury_size == 3
    assert (p.leader_weight, p.staff_weight) == (Decimal("70"), Decimal("30"))
    assert (p.trim_high, p.trim_low, p.trim_only_above) == (1, 1, 0)
    assert (p.score_min, p.score_max, p.score_places) == (Decimal(0), Decimal(100), 2)
    assert p.vetting_ratio == 2
    assert p.probation_months == 12
    assert p.probation_start == "decision"
    assert p.publicity_working_days == 5
    assert (p.max_preferences, p.proposal_ratio, p.matching_rounds) == (2, 2, 1)
    assert p.standby_months == 12
    assert p.reporting_working_days == 10
    assert (p.max_age, p.min_years_in_post, p.min_years_in_rank, p.min_education) == (None,) * 4
    assert (p.appraisal_years, p.min_appraisal_grade) == (3, "称职")
    assert p.exclude_sanctioned and p.exclude_on_probation
    assert p == DEFAULT_POLICY
    assert p.overrides() == {}


def test_policy_is_frozen_and_hashable():
    with pytest.raises(AttributeError):
        Policy().shortlist_cap = 5  # type: ignore[misc]
    assert hash(Policy()) == hash(Policy())


def test_policy_labels_cover_every_field_with_a_rule_id():
    names = {f.name for f in fields(Policy)}
    assert set(POLICY_LABELS) == names
    for label, rule in POLICY_LABELS.values():
        assert label and rule in {"A1", "A3", "A5", "A6", "A7", "A8", "A9", "A11"} | {
            "B3",
            "B4",
            "B5",
            "B7",
            "C3",
        }
    assert POLICY_LABELS["leader_weight"] == ("领导评委评分权重（%）", "A8")


def test_policy_from_overrides_accepts_json_values_from_elsewhere():
    p = Policy.from_overrides(
        {
            "leader_weight": "40",
            "staff_weight": 60,
            "trim_only_above": 5,
            "shortlist_ratio": 3,
            "max_age": 45,
            "min_education": "大学本科",
            "min_appraisal_grade": None,
            "probation_start": "notice",
            "max_applications_per_person": 2,
            "switch_allowed_in_window": False,
        }
    )
    assert p.leader_weight == Decimal("40") and p.staff_weight == Decimal("60")
    assert p.min_education == "本科"
    assert p.min_appraisal_grade is None
    assert p.max_applications_per_person == 2


def test_policy_from_overrides_of_nothing_is_the_default():
    assert Policy.from_overrides({}) == Policy()
    assert Policy.from_overrides(None) == Policy()


def test_policy_overrides_lists_only_changes_as_json():
    p = Policy(leader_weight=Decimal("40"), staff_weight=Decimal("60"), max_age=45)
    out = p.overrides()
    assert out == {"leader_weight": "40", "staff_weight": "60", "max_age": 45}
    assert json.loads(json.dumps(out)) == out
    assert Policy.from_overrides(out) == p


def test_policy_unknown_key_is_refused():
    with pytest.raises(RuleViolation) as caught:
        Policy.from_overrides({"shortlist_size": 5})
    assert caught.value.rule == "POLICY"
    assert caught.value.field == "shortlist_size"
    assert "未知" in caught.value.message


def test_policy_weights_must_sum_to_100_blaming_the_field_changed():
    with pytest.raises(RuleViolation) as caught:
        Policy.from_overrides({"staff_weight": "60"})
    assert caught.value.field == "staff_weight"
    assert "100" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        Policy.from_overrides({"leader_weight": "60"})
    assert caught.value.field == "leader_weight"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"shortlist_cap": -1}, "shortlist_cap"),
        ({"leader_jury_size": 0}, "leader_jury_size"),
        ({"trim_high": -1}, "trim_high"),
        ({"vetting_ratio": 0}, "vetting_ratio"),
        ({"proposal_ratio": 0}, "proposal_ratio"),
        ({"score_min": "100"}, "score_min"),
        ({"score_max": "0"}, "score_max"),
        ({"probation_start": "appointment"}, "probation_start"),
        ({"min_education": "小学"}, "min_education"),
        ({"min_appraisal_grade": "良好"}, "min_appraisal_grade"),
        ({"max_age": 5}, "max_age"),
        ({"leader_weight": "110", "staff_weight": "-10"}, "leader_weight"),
        ({"min_office_assigned_leader_jurors": 8}, "min_office_assigned_leader_jurors"),
        ({"shortlist_cap": None}, "shortlist_cap"),
        ({"score_places": 9}, "score_places"),
    ],
)
def test_policy_impossible_values_are_refused(overrides, field):
    with pytest.raises(RuleViolation) as caught:
        Policy.from_overrides(overrides)
    assert caught.value.rule == "POLICY"
    assert caught.value.field == field
    assert caught.value.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"shortlist_cap": "10"}, "shortlist_cap"),
        ({"shortlist_cap": 10.0}, "shortlist_cap"),
        ({"shortlist_cap": True}, "shortlist_cap"),
        ({"leader_weight": 70.0}, "leader_weight"),
        ({"leader_weight": True}, "leader_weight"),
        ({"leader_weight": "seventy"}, "leader_weight"),
        ({"leader_weight": "NaN"}, "leader_weight"),
        ({"towns_must_offer": "yes"}, "towns_must_offer"),
        ({"towns_must_offer": 1}, "towns_must_offer"),
    ],
)
def test_policy_wrong_types_are_refused(overrides, field):
    with pytest.raises(RuleViolation) as caught:
        Policy.from_overrides(overrides)
    assert caught.value.field == field


def test_policy_overrides_must_be_a_mapping():
    with pytest.raises(RuleViolation):
        Policy.from_overrides([("shortlist_cap", 5)])  # type: ignore[arg-type]


def test_policy_trim_that_leaves_no_score_is_refused():
    # The leader jury of 7 trimmed 4 + 3 keeps nothing.
    with pytest.raises(RuleViolation) as caught:
        Policy.from_overrides({"trim_high": 4, "trim_low": 3})
    assert caught.value.field == "trim_high"
    # A staff jury of the minimum 3 trimmed 2 + 1 keeps nothing.
    with pytest.raises(RuleViolation, match="群众评委3人"):
        Policy.from_overrides({"trim_high": 2})
    # … unless the minimum staff jury is larger.
    assert Policy.from_overrides({"trim_high": 2, "min_staff_jury_size": 4}).trim_high == 2
    # Staff of 2 is fine when juries of ≤ 5 are not trimmed at all.
    assert Policy.from_overrides({"min_staff_jury_size": 2, "trim_only_above": 5})
    # Blame the field that changed.
    with pytest.raises(RuleViolation) as caught:
        Policy.from_overrides({"min_staff_jury_size": 2})
    assert caught.value.field == "min_staff_jury_size"


def test_policy_direct_construction_is_validated_and_coerced():
    assert Policy(leader_weight=40, staff_weight="60").staff_weight == Decimal("60")  # type: ignore[arg-type]
    with pytest.raises(RuleViolation):
        Policy(leader_weight=70.0)  # type: ignore[arg-type]
    with pytest.raises(RuleViolation):
        Policy(score_min=Decimal(100))


def test_policy_education_and_appraisal_scales_are_ordered():
    assert education_level("高中") < education_level("中专") < education_level("大专")
    assert education_level("大专") < education_level("本科") < education_level("硕士研究生")
    assert education_level("硕士研究生") < education_level("博士研究生")
    assert education_level("大学本科") == education_level("本科")
    assert appraisal_level("优秀") > appraisal_level("称职") > appraisal_level("基本称职")
    assert appraisal_level("基本称职") > appraisal_level("不称职")
    with pytest.raises(RuleViolation):
        education_level("小学")
    with pytest.raises(RuleViolation):
        appraisal_level("良好")


weights = st.integers(0, 100)
overrides = st.fixed_dictionaries(
    {},
    optional={
        "leader_weight": weights,
        "shortlist_cap": st.integers(1, 30),
        "trim_only_above": st.integers(0, 9),
        "vetting_ratio": st.integers(1, 5),
        "max_age": st.none() | st.integers(18, 70),
        "min_education": st.none() | st.sampled_from(["大专", "本科"]),
        "probation_start": st.sampled_from(["decision", "notice"]),
        "towns_must_offer": st.booleans(),
        "score_max": st.sampled_from(["100", "10", "150.5"]),
    },
)


@settings(max_examples=100, deadline=None)
@given(overrides)
def test_policy_overrides_round_trip_through_json(raw):
    if "leader_weight" in raw:
        raw = {**raw, "staff_weight": str(100 - raw["leader_weight"])}
    policy = Policy.from_overrides(raw)
    stored = json.loads(json.dumps(policy.overrides()))
    assert Policy.from_overrides(stored) == policy
    assert set(stored) <= set(raw)


def test_policy_problems_lists_every_refusal_each_with_its_field():
    from cadrex.rules.policy import policy_problems

    problems = policy_problems({"leader_weight": "80", "score_min": 100, "score_max": 60, "x": 1})
    assert [p.field for p in problems] == ["x"]  # a refused key stops the combined checks
    problems = policy_problems({"leader_weight": "80", "score_min": 100, "score_max": 60})
    assert [p.field for p in problems] == ["leader_weight", "score_min"]
    assert all(p.rule == "POLICY" for p in problems)
    assert policy_problems({"shortlist_cap": 8}) == []
