"""What the notices say: Beijing dates without zero padding (``cn_date``), an inclusive
deadline written as inclusive (截至……（含当日）), 报名期内 — no notice contradicts the rule it
reports (A3, B7; issue 15)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command

import cadrex.notifications
from cadrex.exchange.models import Placement
from cadrex.notifications.models import Kind, Notification
from cadrex.notifications.recipients import cn_last_day, cn_moment, placement_text
from cadrex.notifications.services import notifications_dispatch
from cadrex.registry.models import Unit


def _dispatch_all():
    more = True
    while more:
        _, more = notifications_dispatch()


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_notices_format_dates_without_zero_padding(clock):
    assert cn_moment(clock.at(date(2026, 3, 5), 9, 5)) == "2026年3月5日 09:05"
    # A window ending at midnight ends with the day before, inclusive.
    assert cn_last_day(clock.at(date(2026, 12, 8))) == "2026年12月7日（含当日）"
    assert cn_last_day(clock.at(date(2026, 12, 7), 17, 30)) == "2026年12月7日 17:30"


def test_b7_the_placement_deadline_is_inclusive_in_words():
    placement = Placement(unit=Unit(name="市财政局"), answer_deadline=date(2026, 12, 5))
    text = placement_text(placement)
    assert "2026年12月5日（含当日）" in text and "前" not in text


def test_no_notice_text_is_zero_padded_or_says_baoming_qijian_nei():
    """The texts live in cadrex/notifications: none formats ``%m月%d日`` (zero-padded) nor
    writes 报名期间内 (the plan's word is 报名期内)."""
    root = Path(cadrex.notifications.__file__).parent
    for source in root.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"%m月|%d日", text), source.name
        assert "报名期间内" not in text, source.name
        assert "（不含）" not in text, source.name


@pytest.mark.django_db
def test_b7_the_overdue_notice_says_until_the_deadline_inclusive(directed, clock):
    yi = Placement.objects.get(candidate=directed["candidates"]["乙一"])
    deadline = yi.answer_deadline
    clock.move_to(deadline + timedelta(days=1))
    call_command("sweep_deadlines")
    _dispatch_all()
    told = Notification.objects.get(
        recipient=directed["users"]["cadre"], kind=Kind.PLACEMENT, title="交流安排逾期未表态"
    )
    assert told.body == f"截至{_cn(deadline)}（含当日）您未对交流安排表态，已列为逾期未答复。"
