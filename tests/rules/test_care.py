"""C4 a talk with each contestant not appointed: who held it, on a day already come."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cadrex.rules import RuleViolation
from cadrex.rules.care import check_talk

TODAY = date(2026, 3, 2)


def test_c4_a_talk_today_or_before_by_someone_is_recorded():
    check_talk(by="局长", talked_on=TODAY, today=TODAY)
    check_talk(by="局长", talked_on=TODAY - timedelta(days=30), today=TODAY)


@pytest.mark.parametrize(
    ("by", "talked_on", "field", "message"),
    [
        ("  ", TODAY, "by", "请填写谈话人"),
        ("局长", None, "talked_on", "请填写谈话日期"),
        ("局长", TODAY + timedelta(days=1), "talked_on", "谈话日期不能晚于今天"),
    ],
)
def test_c4_a_talk_without_its_holder_or_day_or_in_the_future_is_refused(
    by, talked_on, field, message
):
    with pytest.raises(RuleViolation, match=message) as caught:
        check_talk(by=by, talked_on=talked_on, today=TODAY)
    assert (caught.value.rule, caught.value.field) == ("C4", field)
