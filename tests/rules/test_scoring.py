"""A8 hearing score: trim, average, round half-up, weight, rank; item sheets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.policy import Policy
from cadrex.rules.scoring import (
    HearingScore,
    check_leader_jury,
    hearing_score,
    parse_score,
    rank,
    round_score,
    sheet_total,
    trim_words,
)

D = Decimal
LEADER = [80, 82, 85, 88, 90, 91, 95]
STAFF = [70, 75, 80, 85]


def test_a8_worked_example_with_plan_defaults():
    score = hearing_score(LEADER, STAFF)
    # Leader: drop 95 and 80 → (82+85+88+90+91)/5 = 87.2; staff: drop 85 and 70 → 77.5.
    assert score.leader_mean == D("87.20")
    assert score.staff_mean == D("77.50")
    # 87.20 × 0.7 + 77.50 × 0.3 = 61.04 + 23.25
    assert score.total == D("84.29")
    assert str(score.total) == "84.29"
    assert score.leader_dropped_high == (6,)
    assert score.leader_dropped_low == (0,)
    assert score.leader_dropped == (0, 6)
    assert score.leader_kept == (1, 2, 3, 4, 5)
    assert score.staff_dropped == (0, 3)
    assert score.staff_kept == (1, 2)


def test_a8_results_are_decimals_never_floats():
    score = hearing_score(LEADER, STAFF)
    for value in (score.leader_mean, score.staff_mean, score.total, *score.leader_scores):
        assert type(value) is Decimal


def test_a8_tied_extremes_drop_only_one_instance_each():
    score = hearing_score([90, 90, 80, 80, 85, 85, 85], [60, 70, 70, 80, 80])
    assert len(score.leader_dropped) == 2
    kept = sorted(score.leader_scores[i] for i in score.leader_kept)
    assert kept == [80, 85, 85, 85, 90]  # one 90 and one 80 remain
    assert score.leader_mean == D("85.00")
    assert sorted(score.staff_scores[i] for i in score.staff_kept) == [70, 70, 80]
    assert score.staff_mean == D("73.33")


def test_a8_all_equal_scores_still_drop_one_high_and_one_low():
    score = hearing_score([85] * 7, [77] * 3)
    assert len(score.leader_dropped) == 2
    assert score.leader_dropped_high != score.leader_dropped_low
    assert len(score.leader_kept) == 5
    assert len(score.staff_kept) == 1
    assert score.leader_mean == D("85.00")
    assert score.staff_mean == D("77.00")
    assert score.total == D("82.60")


def test_a8_score_101_is_refused_naming_jury_and_position():
    with pytest.raises(RuleViolation) as caught:
        hearing_score([80, 82, 101, 88, 90, 91, 95], STAFF)
    assert caught.value.rule == "A8"
    assert caught.value.field == "leader"
    assert "领导评委第3份评分" in caught.value.message
    assert "101" in caught.value.message


def test_a8_negative_score_is_refused_naming_staff_jury():
    with pytest.raises(RuleViolation) as caught:
        hearing_score(LEADER, [70, 75, -1, 85])
    assert caught.value.field == "staff"
    assert "群众评委第3份评分" in caught.value.message


def test_a8_range_ends_are_accepted():
    score = hearing_score([0, 100, 50, 50, 50, 50, 50], ["0", "100", "100.00"])
    assert score.leader_mean == D("50.00")
    assert score.staff_mean == D("100.00")


@pytest.mark.parametrize("bad", [85.5, 85.0, True, False, None, [85]])
def test_a8_float_bool_and_other_types_are_refused(bad):
    with pytest.raises(RuleViolation) as caught:
        hearing_score([bad, 80, 80, 80, 80, 80, 80], STAFF)
    assert caught.value.rule == "A8"
    assert "领导评委第1份评分" in caught.value.message


@pytest.mark.parametrize("bad", ["abc", "", "NaN", "Infinity", "85,5"])
def test_a8_text_that_is_not_a_number_is_refused(bad):
    with pytest.raises(RuleViolation, match="不是有效的数字"):
        hearing_score(LEADER, [bad, 80, 80])


def test_a8_scores_as_strings_and_decimals_are_accepted():
    as_text = hearing_score([str(s) for s in LEADER], [f" {s} " for s in STAFF])
    as_decimal = hearing_score([D(s) for s in LEADER], [D(s) for s in STAFF])
    assert as_text == as_decimal == hearing_score(LEADER, STAFF)


def test_a8_two_decimal_places_accepted_three_refused():
    assert parse_score("85.25") == D("85.25")
    assert parse_score(D("85.50")) == D("85.5")
    assert parse_score("85.500") == D("85.5")  # the same value, only written longer
    with pytest.raises(RuleViolation, match="最多只能保留2位小数"):
        parse_score("85.125")
    with pytest.raises(RuleViolation, match="最多只能保留2位小数"):
        hearing_score(LEADER, ["85.125", 80, 80])


def test_a8_leader_jury_of_6_is_refused():
    with pytest.raises(RuleViolation) as caught:
        hearing_score(LEADER[:6], STAFF)
    assert caught.value.rule == "A8"
    assert caught.value.field == "leader"
    assert "领导评委应为7人" in caught.value.message
    assert "6份" in caught.value.message


def test_a8_leader_jury_of_8_is_refused():
    with pytest.raises(RuleViolation, match="领导评委应为7人"):
        hearing_score([*LEADER, 90], STAFF)


def test_a8_staff_jury_too_small_to_trim_is_refused():
    with pytest.raises(RuleViolation) as caught:
        hearing_score(LEADER, [80, 90])
    assert caught.value.field == "staff"
    assert "群众评委至少3人" in caught.value.message


def test_a8_leader_jury_of_7_with_at_least_2_sent_by_the_office():
    check_leader_jury(jurors=7, office_assigned=2)
    check_leader_jury(jurors=7, office_assigned=7)
    with pytest.raises(RuleViolation, match="至少2人须由竞岗交流工作办公室选派"):
        check_leader_jury(jurors=7, office_assigned=1)
    with pytest.raises(RuleViolation, match="领导评委应为7人"):
        check_leader_jury(jurors=6, office_assigned=2)
    with pytest.raises(RuleViolation, match="无效"):
        check_leader_jury(jurors=7, office_assigned=8)
    check_leader_jury(jurors=9, office_assigned=3, policy=Policy(leader_jury_size=9))


def test_a8_a_single_string_is_not_a_jury():
    with pytest.raises(RuleViolation, match="不是单个字符串"):
        hearing_score(LEADER, "858")


def test_a8_jury_mean_rounds_half_up_at_the_005_boundary():
    # Staff: drop 100 and 0, keep seven 85s and one 86 → 681 / 8 = 85.125 → 85.13 (half-even
    # would give 85.12).
    staff = [85] * 7 + [86, 100, 0]
    score = hearing_score(LEADER, staff)
    assert score.staff_mean == D("85.13")
    # Total from the rounded means: 87.20 × 0.7 + 85.13 × 0.3 = 61.04 + 25.539 = 86.579.
    assert score.total == D("86.58")


def test_a8_total_rounds_half_up_at_the_005_boundary():
    # Leader keeps 85, 85, 85, 85, 85.75 → 85.15; staff keeps 80 → 80.00.
    # 85.15 × 0.7 + 80 × 0.3 = 59.605 + 24 = 83.605 → 83.61 (half-even: 83.60).
    score = hearing_score([100, 85, 85, 85, 85, "85.75", 0], [80, 80, 80])
    assert score.leader_mean == D("85.15")
    assert score.total == D("83.61")


def test_a8_round_score_is_half_up():
    assert round_score(D("85.125")) == D("85.13")
    assert round_score(D("85.124999")) == D("85.12")
    assert round_score(D("85.135")) == D("85.14")
    assert round_score(D("85.125"), Policy(score_places=1)) == D("85.1")


def test_a8_other_weights_40_60():
    policy = Policy(leader_weight=D("40"), staff_weight=D("60"))
    score = hearing_score(LEADER, STAFF, policy)
    # 87.20 × 0.4 + 77.50 × 0.6 = 34.88 + 46.5
    assert score.total == D("81.38")


def test_a8_trim_only_above_5_leaves_small_staff_jury_untrimmed():
    policy = Policy(trim_only_above=5)
    five = hearing_score(LEADER, [60, 70, 80, 90, 100], policy)
    assert five.staff_dropped == ()
    assert five.staff_mean == D("80.00")
    six = hearing_score(LEADER, [60, 70, 80, 90, 100, 100], policy)
    assert six.staff_dropped == (0, 5)
    assert six.staff_mean == D("85.00")
    # The leader jury of 7 is above 5, so it is still trimmed.
    assert five.leader_dropped == (0, 6)


def test_a8_trimming_two_each_side():
    policy = Policy(trim_high=2, trim_low=2, min_staff_jury_size=5)
    score = hearing_score(LEADER, [10, 20, 30, 40, 50], policy)
    assert score.leader_kept == (2, 3, 4)
    assert score.leader_mean == D("87.67")  # (85+88+90)/3
    assert score.staff_kept == (2,)


def _row_keys(rows):
    return [(row.key, row.rank, row.tied) for row in rows]


def _score(total: str, leader_mean: str) -> HearingScore:
    empty: tuple = ()
    return HearingScore(
        empty, empty, empty, empty, empty, empty, empty, empty, empty, empty,
        leader_mean=D(leader_mean), staff_mean=D("0"), total=D(total),
    )  # fmt: skip


def test_a8_rank_uses_competition_ranking_for_shared_places():
    rows = rank(
        [
            ("c", _score("88", "80")),
            ("a", _score("90", "80")),
            ("b", _score("88", "80")),
            ("d", _score("85", "99")),
        ]
    )
    assert _row_keys(rows) == [("a", 1, False), ("c", 2, True), ("b", 2, True), ("d", 4, False)]


def test_a8_rank_tie_on_total_goes_to_higher_leader_mean():
    rows = rank([("x", _score("88", "80")), ("y", _score("88", "85"))])
    assert _row_keys(rows) == [("y", 1, False), ("x", 2, False)]


def test_a8_rank_without_leader_tie_break_shares_the_rank():
    policy = Policy(tie_break_by_leader_mean=False)
    rows = rank([("x", _score("88", "80")), ("y", _score("88", "85"))], policy)
    assert [(row.rank, row.tied) for row in rows] == [(1, True), (1, True)]


def test_a8_rank_refuses_duplicate_contestants():
    with pytest.raises(RuleViolation, match="重复"):
        rank([("x", _score("88", "80")), ("x", _score("80", "80"))])


def test_a8_rank_of_real_scores():
    first = hearing_score(LEADER, STAFF)
    second = hearing_score([70] * 7, [70] * 3)
    rows = rank([("second", second), ("first", first)])
    assert [row.key for row in rows] == ["first", "second"]
    assert rows[0].score is first


MAXIMA = [30, 25, 25, 20]


def test_a8_sheet_total_adds_items_within_their_maxima():
    assert sheet_total([28, "22.5", 20, 18], MAXIMA) == D("88.5")
    assert sheet_total([30, 25, 25, 20], MAXIMA) == D("100")
    assert sheet_total([0, 0, 0, 0], MAXIMA) == D("0")


def test_a8_sheet_item_over_its_maximum_is_refused():
    with pytest.raises(RuleViolation) as caught:
        sheet_total([28, 26, 20, 18], MAXIMA)
    assert caught.value.rule == "A8"
    assert "评分表第2项" in caught.value.message


def test_a8_sheet_refuses_floats_wrong_length_and_bad_maxima():
    with pytest.raises(RuleViolation, match="第1项"):
        sheet_total([28.0, 20, 20, 18], MAXIMA)
    with pytest.raises(RuleViolation, match="共有4项"):
        sheet_total([28, 20, 20], MAXIMA)
    with pytest.raises(RuleViolation, match="满分之和"):
        sheet_total([28, 20, 20, 18], [30, 25, 25, 25])
    with pytest.raises(RuleViolation, match="满分必须大于0"):
        sheet_total([0, 0], [100, 0])
    with pytest.raises(RuleViolation, match="满分"):
        sheet_total([0, 0], [50.0, 50])


def test_a8_sheet_total_feeds_the_hearing_score():
    leader = [sheet_total(items, MAXIMA) for items in [[25, 20, 20, 15]] * 7]
    score = hearing_score(leader, [80, 80, 80])
    assert score.leader_mean == D("80.00")


# Properties -------------------------------------------------------------------------------

score_values = st.integers(min_value=0, max_value=10000).map(lambda cents: D(cents) / 100)
leader_juries = st.lists(score_values, min_size=7, max_size=7)
staff_juries = st.lists(score_values, min_size=3, max_size=30)


@settings(max_examples=150, deadline=None)
@given(leader_juries, staff_juries, st.data())
def test_a8_permuting_the_scores_never_changes_the_result(leader, staff, data):
    before = hearing_score(leader, staff)
    shuffled_leader = data.draw(st.permutations(leader))
    shuffled_staff = data.draw(st.permutations(staff))
    after = hearing_score(shuffled_leader, shuffled_staff)
    assert (after.leader_mean, after.staff_mean, after.total) == (
        before.leader_mean,
        before.staff_mean,
        before.total,
    )
    assert sorted(after.leader_scores[i] for i in after.leader_dropped) == sorted(
        before.leader_scores[i] for i in before.leader_dropped
    )


@settings(max_examples=150, deadline=None)
@given(leader_juries, staff_juries)
def test_a8_kept_and_dropped_partition_each_jury(leader, staff):
    score = hearing_score(leader, staff)
    for kept, dropped, n in (
        (score.leader_kept, score.leader_dropped, 7),
        (score.staff_kept, score.staff_dropped, len(staff)),
    ):
        assert sorted(kept + dropped) == list(range(n))
        assert len(dropped) == 2
    kept_values = [score.leader_scores[i] for i in score.leader_kept]
    assert min(leader) <= min(kept_values) <= max(kept_values) <= max(leader)
    assert min(kept_values) <= score.leader_mean <= max(kept_values)


# Kept counts whose means of whole numbers are exact at 2 places: they divide 100.
EXACT_KEPT = st.sampled_from([1, 2, 4, 5, 10, 20])


@st.composite
def exact_mean_juries(draw):
    leader = draw(st.lists(st.integers(0, 80), min_size=7, max_size=7))
    kept = draw(EXACT_KEPT)
    staff = draw(st.lists(st.integers(0, 80), min_size=kept + 2, max_size=kept + 2))
    shift = draw(st.integers(0, 100 - max(leader + staff)))
    return leader, staff, shift


@settings(max_examples=150, deadline=None)
@given(exact_mean_juries())
def test_a8_adding_a_constant_to_every_score_adds_it_to_the_total(case):
    leader, staff, shift = case
    before = hearing_score(leader, staff)
    after = hearing_score([s + shift for s in leader], [s + shift for s in staff])
    assert after.leader_mean == before.leader_mean + shift
    assert after.staff_mean == before.staff_mean + shift
    assert after.total == before.total + shift


@settings(max_examples=100, deadline=None)
@given(leader_juries, staff_juries, st.integers(0, 100))
def test_a8_whole_number_shift_commutes_with_half_up_rounding(leader, staff, shift):
    # Shifting by a multiple of 0.01 cannot move a value across a rounding boundary.
    if max(leader + staff) + shift > 100:
        shift = int(100 - max(leader + staff))
    before = hearing_score(leader, staff)
    after = hearing_score([s + shift for s in leader], [s + shift for s in staff])
    assert after.total == before.total + shift


def test_a8_a_score_is_read_as_written_full_width_digits_too():
    assert parse_score("８５．５") == Decimal("85.5")  # a Chinese input method's digits
    assert parse_score(" 90 ") == Decimal("90")
    for typed in ("1e2", "NaN", "1_0", "8 5", "0x50", "--5"):
        with pytest.raises(RuleViolation) as refused:
            parse_score(typed)
        assert refused.value.message == f"评分“{typed}”不是有效的数字。"


def test_a8_the_trimming_is_stated_as_the_policy_sets_it():
    assert trim_words(Policy()) == "各去掉1个最高分和1个最低分"
    two = Policy(trim_high=2, trim_low=1, min_staff_jury_size=5)
    assert trim_words(two) == "各去掉2个最高分和1个最低分"
    assert trim_words(Policy(trim_high=0, trim_low=0)) == "不去掉最高分、最低分"
    assert trim_words(Policy(trim_only_above=6)) == "评分多于6份时各去掉1个最高分和1个最低分"
