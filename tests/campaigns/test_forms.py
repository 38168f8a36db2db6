"""The office's campaign forms: every POST goes through a form, bad input is refused in
Chinese and changes nothing, every control has a label."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.campaigns.models import ScheduleWindow
from cadrex.campaigns.services import campaign_schedule_update
from cadrex.rules.schedule import Step
from tests.clock import current as current_clock


def _window(day: int, days: int = 3):
    clock = current_clock()
    return clock.at(clock.days(day), 9), clock.at(clock.days(day + days), 9)


def _windows() -> list[tuple]:
    return list(ScheduleWindow.objects.order_by("step").values_list("step", "start", "end"))


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def scheduled(campaign):
    campaign_schedule_update(
        actor=None,
        campaign=campaign,
        windows={Step.REGISTRATION: _window(2), Step.HEARING: _window(10)},
    )
    return campaign


@pytest.mark.parametrize("step", ["abc", "0", "", "-1", "９", "hearing "])
def test_s3_shifting_to_an_unknown_step_is_refused_in_chinese_and_changes_nothing(
    as_user, scheduled, step
):
    before, events = _windows(), Event.objects.count()
    response = as_user("office").post(reverse("campaigns:schedule_shift"), {"step": step})
    assert response.status_code == 302
    assert _messages(response) == ["无法调整日程：未知的环节。"]
    assert _windows() == before and Event.objects.count() == events


def test_s3_shifting_to_a_step_without_a_window_names_the_step(as_user, scheduled):
    before = _windows()
    response = as_user("office").post(reverse("campaigns:schedule_shift"), {"step": "vetting"})
    assert _messages(response) == [
        "无法调整日程：“确定考察对象并考察”尚未安排日程，无法以它为准调整。"
    ]
    assert _windows() == before


def test_s3_shifting_moves_every_window_so_the_step_starts_now(as_user, scheduled):
    now = current_clock().now
    response = as_user("office").post(reverse("campaigns:schedule_shift"), {"step": "hearing"})
    assert _messages(response)[0].startswith("日程已整体调整：“公开竞岗")
    windows = {w.step: w for w in ScheduleWindow.objects.all()}
    assert windows["hearing"].start == now
    assert windows["hearing"].start - windows["registration"].start == (
        _window(10)[0] - _window(2)[0]
    )


@pytest.mark.parametrize(
    ("step", "refusal"),
    [("abc", "未知的环节。"), ("", "未知的环节。"), ("declare_openings", "该环节不能快进。")],
)
def test_the_demo_fast_forward_refuses_a_step_it_cannot_reach(
    as_user, scheduled, settings, step, refusal
):
    settings.CADREX_DEMO = True
    before, events = _windows(), Event.objects.count()
    response = as_user("office").post(reverse("demo:advance"), {"step": step})
    assert response.status_code == 404
    assert refusal in response.content.decode()
    assert _windows() == before and Event.objects.count() == events


def test_every_schedule_input_is_named_for_a_screen_reader(as_user, campaign):
    body = as_user("office").get(reverse("campaigns:schedule_edit")).content.decode()
    assert 'aria-label="公开竞岗（竞职演说、追问、评分）（开始）"' in body
    inputs = re.findall(r'<input type="datetime-local"[^>]*>', body)
    assert len(inputs) == 2 * len(Step) and all("aria-label=" in i for i in inputs)


def test_the_schedule_page_keeps_what_was_typed_after_an_error(as_user, campaign):
    clock = current_clock()
    typed = f"{clock.days(1):%Y-%m-%d}T08:30"
    response = as_user("office").post(
        reverse("campaigns:schedule_edit"), {"hearing__start": typed, "vetting__end": "abc"}
    )
    body = response.content.decode()
    assert f'value="{typed}"' in body and 'value="abc"' in body
    assert not ScheduleWindow.objects.exists()


def test_s3_a_window_ending_before_it_starts_is_refused_beside_that_step(as_user, scheduled):
    clock = current_clock()
    before = _windows()
    response = as_user("office").post(
        reverse("campaigns:schedule_edit"),
        {
            "registration__start": f"{clock.days(5):%Y-%m-%d}T09:00",
            "registration__end": f"{clock.days(1):%Y-%m-%d}T09:00",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "结束时间必须晚于开始时间" in errors["registration__end"][0]
    assert _windows() == before


@pytest.mark.parametrize("year", ["1900", "9999", "0001"])
def test_s3_a_window_in_a_far_year_is_refused_beside_that_step_and_changes_nothing(
    as_user, scheduled, year
):
    before, events = _windows(), Event.objects.count()
    response = as_user("office").post(
        reverse("campaigns:schedule_edit"),
        {
            "registration__start": f"{year}-01-05T09:00",
            "registration__end": f"{year}-01-08T09:00",
        },
    )
    assert response.status_code == 200
    error = response.context["form"].errors["registration__end"][0]
    first, last = scheduled.year - 1, scheduled.year + 1
    assert f"时间须在 {first} 年至 {last} 年之间" in error
    assert _windows() == before and Event.objects.count() == events


def test_s3_steps_out_of_the_plans_order_are_saved_but_said(as_user, scheduled):
    clock = current_clock()
    response = as_user("office").post(
        reverse("campaigns:schedule_edit"),
        {
            "registration__start": f"{clock.days(2):%Y-%m-%d}T09:00",
            "registration__end": f"{clock.days(5):%Y-%m-%d}T09:00",
            "hearing__start": f"{clock.days(1):%Y-%m-%d}T09:00",
            "hearing__end": f"{clock.days(4):%Y-%m-%d}T09:00",
        },
    )
    assert response.status_code == 302
    assert "请核对：“公开竞岗（竞职演说、追问、评分）”的开始时间早于计划中在它之前的环节。" in (
        _messages(response)
    )
    assert ScheduleWindow.objects.get(step=Step.HEARING).start == clock.at(clock.days(1), 9)


def test_policy_an_empty_item_sheet_box_says_what_empty_means(as_user, campaign):
    page = as_user("office").get(reverse("campaigns:policy_edit")).content.decode()
    assert "（空白表示不用分项评分表，只打总分）" in page
    assert "（空白表示不限）" in page  # the other optional boxes: no limit
