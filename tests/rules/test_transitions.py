"""The transition tables: which moves exist, in which window, under which guard.

Pure: the tables never read a clock; every date here is built from one fixed day, and the
properties hold for any day (hypothesis draws them).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step, Window
from cadrex.rules.transitions import (
    APPLICATION,
    APPOINTMENT,
    BALLOT,
    MACHINES,
    NEW,
    PLACEMENT,
    PROBATION,
    STANDBY,
    move_labels,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def _window_around(moment: datetime) -> Window:
    return Window(moment - timedelta(hours=1), moment + timedelta(hours=1))


def test_every_move_names_known_states_and_a_chinese_label():
    for machine in MACHINES:
        for move in machine.moves.values():
            assert move.target in machine.states
            assert all(s == NEW or s in machine.states for s in move.source)
            assert move.label and move.rule
    labels = move_labels()
    assert labels["application_consent"] == "报名：同意报名"
    assert len(labels) == sum(len(m.moves) for m in MACHINES)  # no name used twice


def test_a3_the_same_step_twice_is_refused_by_the_table():
    now = datetime(2030, 5, 6, 10, tzinfo=UTC)
    windows = {Step.REGISTRATION: _window_around(now)}
    APPLICATION.check("application_consent", current="pending_consent", now=now, windows=windows)
    with pytest.raises(RuleViolation) as caught:
        APPLICATION.check("application_consent", current="submitted", now=now, windows=windows)
    assert caught.value.rule == "A3"
    assert caught.value.message == "该报名已是“待资格审查”，无需重复办理。"
    with pytest.raises(RuleViolation) as caught:  # a step out of order
        APPLICATION.check("application_decline", current="submitted", now=now, windows=windows)
    assert caught.value.message == "该报名当前为“待资格审查”，不能办理“不同意报名”。"


def test_s3_a_move_outside_its_window_says_when():
    now = datetime(2030, 5, 6, 10, tzinfo=UTC)
    later = Window(now + timedelta(days=1), now + timedelta(days=2))
    with pytest.raises(RuleViolation) as caught:
        APPLICATION.check(
            "application_withdraw",
            current="submitted",
            now=now,
            windows={Step.REGISTRATION: later},
        )
    assert caught.value.rule == "S3" and "开始" in caught.value.message
    with pytest.raises(RuleViolation, match="尚未安排日程"):
        APPLICATION.check("application_withdraw", current="submitted", now=now, windows={})


def test_a6_review_is_open_in_either_of_its_windows():
    now = datetime(2030, 5, 6, 10, tzinfo=UTC)
    closed = Window(now - timedelta(days=3), now - timedelta(days=2))
    for open_step in (Step.QUALIFICATION_REVIEW, Step.REAPPLICATION):
        windows = {Step.QUALIFICATION_REVIEW: closed, Step.REAPPLICATION: closed}
        windows[open_step] = _window_around(now)
        move = APPLICATION.check(
            "application_disqualify", current="qualified", now=now, windows=windows
        )
        assert move.target == "unqualified"


@given(today=days, back=st.integers(1, 400))
def test_a11_publicity_never_starts_in_the_past(today, back):
    facts = dict(end=today + timedelta(days=30), minimum_end=today, approved_on=today)
    with pytest.raises(RuleViolation) as caught:
        APPOINTMENT.check(
            "appointment_publicise",
            current="approved",
            start=today - timedelta(days=back),
            today=today,
            **facts,
        )
    assert caught.value.field == "start"
    APPOINTMENT.check(
        "appointment_publicise", current="approved", start=today, today=today, **facts
    )


def test_a11_publicity_starts_after_approval_and_lasts_the_policy_minimum():
    today = date(2031, 3, 3)
    with pytest.raises(RuleViolation, match="任前公示开始日期不能早于2031年03月05日"):
        APPOINTMENT.check(
            "appointment_publicise",
            current="approved",
            start=today,
            end=today + timedelta(days=10),
            minimum_end=today + timedelta(days=4),
            today=today,
            approved_on=today + timedelta(days=2),
        )
    with pytest.raises(RuleViolation) as caught:
        APPOINTMENT.check(
            "appointment_publicise",
            current="approved",
            start=today,
            end=today + timedelta(days=3),
            minimum_end=today + timedelta(days=4),
            today=today,
            approved_on=today,
        )
    assert caught.value.field == "end"
    with pytest.raises(RuleViolation):  # approval first: a draft cannot be publicised
        APPOINTMENT.check("appointment_publicise", current="submitted")


@given(today=days, days_after=st.integers(-10, 10))
def test_a11_published_only_after_the_publicity_and_never_ahead(today, days_after):
    end = today - timedelta(days=3)
    on = end + timedelta(days=days_after)
    allowed = end < on <= today
    try:
        APPOINTMENT.check(
            "appointment_publish", current="publicised", on=on, today=today, publicity_end=end
        )
    except RuleViolation as refused:
        assert not allowed and refused.field == "on"
    else:
        assert allowed


@given(end=days, early=st.integers(0, 400))
def test_a11_probation_outcome_waits_for_the_term(end, early):
    today = end - timedelta(days=early)
    for move in ("probation_confirm", "probation_remove"):
        if early:
            with pytest.raises(RuleViolation, match="届满前不能作出结论"):
                PROBATION.check(move, current="", today=today, end=end)
        else:
            assert PROBATION.check(move, current="", today=today, end=end).target != ""


@given(end=days, early=st.integers(1, 400))
def test_b7_standby_outcome_waits_for_the_term(end, early):
    for move in ("standby_place", "standby_incompetent"):
        with pytest.raises(RuleViolation) as caught:
            STANDBY.check(move, current="ongoing", today=end - timedelta(days=early), end=end)
        assert caught.value.rule == "B7"
        STANDBY.check(move, current="ongoing", today=end, end=end)


def test_a10_a_meeting_without_quorum_is_a_round_that_decides_nothing():
    now = datetime(2030, 5, 6, 10, tzinfo=UTC)
    windows = {Step.BALLOT: _window_around(now)}
    move = BALLOT.check("ballot_no_quorum", current=NEW, now=now, windows=windows)
    assert move.target == "no_quorum"
    assert not any("no_quorum" in m.source for m in BALLOT.moves.values())  # nothing follows
    with pytest.raises(RuleViolation):
        BALLOT.check("ballot_count", current="no_quorum", now=now, windows=windows)


def test_b7_an_answer_needs_a_decided_placement():
    now = datetime(2030, 5, 6, 10, tzinfo=UTC)
    windows = {Step.ACCEPTANCE: _window_around(now)}
    with pytest.raises(RuleViolation, match="尚未确定"):
        PLACEMENT.check(
            "placement_accept",
            current="pending",
            now=now,
            windows=windows,
            decided=False,
            has_unit=True,
        )
    with pytest.raises(RuleViolation, match="无需重复办理"):
        PLACEMENT.check(
            "placement_refuse",
            current="refused",
            now=now,
            windows=windows,
            decided=True,
            has_unit=True,
        )


def test_s3_out_of_order_names_each_step_starting_before_an_earlier_one():
    from cadrex.rules.schedule import out_of_order

    day = datetime(2026, 11, 16, 9, tzinfo=UTC)
    windows = {
        Step.REGISTRATION: Window(day, day + timedelta(days=3)),
        Step.SHORTLIST: Window(day + timedelta(days=5), day + timedelta(days=6)),
        Step.HEARING: Window(day + timedelta(days=4), day + timedelta(days=7)),
        Step.VETTING: Window(day + timedelta(days=6), day + timedelta(days=8)),
    }
    assert out_of_order(windows) == [Step.HEARING]
    assert out_of_order({Step.HEARING: windows[Step.HEARING]}) == []


def test_s3_a_window_within_a_year_of_the_campaign_passes_and_a_far_one_is_named():
    from cadrex.rules.schedule import window_out_of_years

    day = datetime(2026, 11, 16, 9, tzinfo=UTC)
    assert window_out_of_years(Window(day, day + timedelta(days=3)), 2026) is None
    assert window_out_of_years(Window(day, day + timedelta(days=400)), 2026) is None
    far = window_out_of_years(Window(day.replace(year=1900), day), 2026)
    assert far == "时间须在 2025 年至 2027 年之间（本次工作为 2026 年度）。"
