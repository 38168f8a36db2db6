"""One person, several roles (ADR 0014): nobody decides a matter of their own
(``rules.scope.check_not_own_case``); and the B7 deadline's pure pieces (ADR 0012): counted
from the answering window's opening, nobody overdue before it, a new deadline bounded."""

from __future__ import annotations

from datetime import date

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.applications import check_consent_not_own
from cadrex.rules.deadlines import (
    NEW_DEADLINE_MAX_DAYS,
    answer_deadline,
    answer_from,
    check_new_answer_deadline,
    check_overdue,
    is_overdue,
)
from cadrex.rules.scope import OWN_CASE_MESSAGE, check_not_own_case
from cadrex.rules.workdays import WEEKDAYS_ONLY


@pytest.mark.parametrize("rule", ["A11", "B6", "B7"])
def test_own_case_is_refused_under_the_rule_cited(rule):
    with pytest.raises(RuleViolation) as caught:
        check_not_own_case(7, 7, rule=rule)
    assert caught.value.rule == rule and caught.value.message == OWN_CASE_MESSAGE
    check_not_own_case(7, 8, rule=rule)  # someone else's
    check_not_own_case(None, 7, rule=rule)  # an account that is nobody's record


def test_a3_consent_keeps_its_own_wording():
    with pytest.raises(RuleViolation, match="不能对本人的报名表态") as caught:
        check_consent_not_own(deciding_cadre_id=3, applicant_cadre_id=3)
    assert caught.value.rule == "A3"


def test_b7_the_deadline_counts_from_the_later_of_decision_and_opening():
    decided, opens = date(2025, 11, 3), date(2025, 11, 10)  # Mondays
    assert answer_from(decided, None) == decided
    assert answer_from(decided, date(2025, 11, 1)) == decided
    assert answer_from(decided, opens) == opens
    assert answer_deadline(decided) == date(2025, 11, 6)
    assert answer_deadline(decided, opens_on=opens) == date(2025, 11, 13)


def test_b7_nobody_is_overdue_before_the_window_opens():
    deadline, today = date(2025, 11, 6), date(2025, 11, 10)
    assert is_overdue(deadline=deadline, answered=False, today=today)
    assert not is_overdue(deadline=deadline, answered=False, today=today, window_opened=False)
    with pytest.raises(RuleViolation, match="表态期尚未开始"):
        check_overdue(deadline=deadline, answered=False, today=today, window_opened=False)


def test_b7_a_new_deadline_is_bounded_and_not_before_the_opening():
    today = date(2025, 11, 3)
    check_new_answer_deadline(new=date(2025, 12, 3), today=today, calendar=WEEKDAYS_ONLY)
    with pytest.raises(RuleViolation, match=f"{NEW_DEADLINE_MAX_DAYS} 天内"):
        check_new_answer_deadline(new=date(2025, 12, 4), today=today, calendar=WEEKDAYS_ONLY)
    with pytest.raises(RuleViolation, match="不能早于表态期开始之日"):
        check_new_answer_deadline(
            new=date(2025, 11, 5), today=today, calendar=WEEKDAYS_ONLY, opens_on=date(2025, 11, 6)
        )
    check_new_answer_deadline(
        new=date(2025, 11, 6), today=today, calendar=WEEKDAYS_ONLY, opens_on=date(2025, 11, 6)
    )
