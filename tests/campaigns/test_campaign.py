"""The campaign: policy overrides validated by rules.Policy, the schedule's half-open windows (S3)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.audit.models import Event
from cadrex.campaigns.models import ScheduleWindow
from cadrex.campaigns.selectors import step_is_open
from cadrex.campaigns.services import campaign_policy_update, campaign_schedule_update
from cadrex.rules.schedule import Step
from tests.clock import current as current_clock


def at(day: int, hour: int = 0) -> datetime:
    """``hour`` o'clock, Beijing time, ``day`` days from the clock's today."""
    clock = current_clock()
    return clock.at(clock.days(day), hour)


def local(moment: datetime) -> str:
    """How the schedule's pages and files write a time."""
    return f"{moment:%Y-%m-%d %H:%M}"


def test_s3_a_window_is_half_open(campaign):
    campaign_schedule_update(
        actor=None, campaign=campaign, windows={Step.REGISTRATION: (at(1), at(8))}
    )
    assert not step_is_open(campaign, Step.REGISTRATION, at(1) - timedelta(seconds=1))
    assert step_is_open(campaign, Step.REGISTRATION, at(1))
    assert step_is_open(campaign, Step.REGISTRATION, at(8) - timedelta(seconds=1))
    assert not step_is_open(campaign, Step.REGISTRATION, at(8))
    assert not step_is_open(campaign, Step.HEARING, at(3))  # no window set: never open


def test_s3_a_window_names_its_days_in_beijing_time(campaign):
    # A window opening at 00:00 in Beijing must not read as the day before (UTC).
    campaign_schedule_update(
        actor=None, campaign=campaign, windows={Step.REGISTRATION: (at(1), at(8))}
    )
    window = ScheduleWindow.objects.get()
    assert str(window).endswith(f" {at(1):%m-%d}—{at(8):%m-%d}")


def test_s3_an_empty_or_reversed_window_is_refused_and_changes_nothing(campaign):
    campaign_schedule_update(
        actor=None, campaign=campaign, windows={Step.HEARING: (at(10), at(12))}
    )
    with pytest.raises(ValidationError) as caught:
        campaign_schedule_update(
            actor=None,
            campaign=campaign,
            windows={Step.REGISTRATION: (at(1), at(8)), Step.HEARING: (at(12), at(10))},
        )
    assert "结束时间必须晚于开始时间" in str(caught.value)
    assert list(ScheduleWindow.objects.values_list("step", flat=True)) == ["hearing"]


def test_s3_the_database_refuses_a_reversed_window_too(campaign):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleWindow.objects.create(campaign=campaign, step="hearing", start=at(12), end=at(10))


def test_policy_overrides_keep_only_what_differs_and_are_audited(campaign, world):
    office = world["users"]["office"]
    campaign_policy_update(
        actor=office,
        campaign=campaign,
        overrides={"leader_weight": "40", "staff_weight": "60", "shortlist_cap": 10},
    )
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {"leader_weight": "40", "staff_weight": "60"}
    assert str(campaign.policy.leader_weight) == "40"
    event = Event.objects.get(action="campaign_policy_update")
    assert event.actor == office and event.before == {} and event.after["staff_weight"] == "60"


def test_policy_weights_that_do_not_sum_to_100_are_refused_and_change_nothing(campaign):
    with pytest.raises(ValidationError) as caught:
        campaign_policy_update(actor=None, campaign=campaign, overrides={"leader_weight": "80"})
    assert "100" in caught.value.messages[0]
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {}
    assert not Event.objects.filter(action="campaign_policy_update").exists()


def _current_form_data(client) -> dict:
    """What a browser would post back for the policy form as it is shown."""
    fields = client.get(reverse("campaigns:policy_edit")).context["form"].fields
    data = {}
    for name, field in fields.items():
        value = field.initial
        if value is True:
            data[name] = "on"
        elif value is not False and value is not None:
            data[name] = str(value)
    return data


def test_the_policy_page_shows_the_rules_message_and_saves_nothing(as_user, campaign):
    data = _current_form_data(as_user("office"))
    data["leader_jury_size"] = "1"
    response = as_user("office").post(reverse("campaigns:policy_edit"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {}


def test_policy_the_page_says_every_refusal_beside_its_box_in_one_answer(as_user, campaign):
    data = _current_form_data(as_user("office"))
    data.update({"leader_weight": "80", "score_min": "100", "score_max": "60"})
    response = as_user("office").post(reverse("campaigns:policy_edit"), data)
    errors = response.context["form"].errors
    assert "权重之和必须为100%" in errors["leader_weight"][0]
    assert "评分下限（100）必须小于评分上限（60）" in errors["score_min"][0]
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {}


def test_the_policy_page_saves_a_valid_change(as_user, campaign):
    data = _current_form_data(as_user("office"))
    data["shortlist_cap"] = "8"
    response = as_user("office").post(reverse("campaigns:policy_edit"), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {"shortlist_cap": 8}


def test_the_schedule_page_saves_windows_in_shanghai_time(as_user, campaign):
    response = as_user("office").post(
        reverse("campaigns:schedule_edit"),
        {
            "registration__start": f"{at(1):%Y-%m-%d}T08:30",
            "registration__end": f"{at(8):%Y-%m-%d}T17:30",
        },
    )
    assert response.status_code == 302
    window = ScheduleWindow.objects.get(step="registration")
    assert window.start == at(1, 8) + timedelta(minutes=30)
    assert window.end == at(8, 17) + timedelta(minutes=30)


def test_the_schedule_page_refuses_half_a_window(as_user, campaign):
    response = as_user("office").post(
        reverse("campaigns:schedule_edit"), {"hearing__start": f"{at(1):%Y-%m-%d}T08:30"}
    )
    assert "开始和截止时间须同时填写或同时留空" in response.content.decode()
    assert not ScheduleWindow.objects.exists()


def test_c5_the_schedule_prints_as_a_table(client, campaign):
    campaign_schedule_update(
        actor=None, campaign=campaign, windows={Step.REGISTRATION: (at(1), at(8))}
    )
    response = client.get(reverse("campaigns:schedule_xlsx"))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "测试竞岗交流工作日程安排表"
    registration = next(r for r in rows if r[0] == "报名、改报与每日公布报名人数")
    assert registration[2:4] == (local(at(1)), local(at(8)))


def test_only_one_campaign_is_current(db, clock):
    from cadrex.campaigns.models import Campaign
    from cadrex.campaigns.services import campaign_create

    campaign_create(actor=None, name="一", year=clock.year - 1)
    second = campaign_create(actor=None, name="二", year=clock.year)
    assert list(Campaign.objects.filter(is_current=True)) == [second]


def test_s3_a_refusal_gives_the_time_in_beijing_time(campaign):
    from cadrex.competition.windows import require_step
    from cadrex.rules import RuleViolation

    campaign_schedule_update(
        actor=None, campaign=campaign, windows={Step.BALLOT: (at(4, 14), at(6, 14))}
    )
    with pytest.raises(RuleViolation) as caught:
        require_step(campaign, Step.BALLOT, at(1))
    assert f"{local(at(4, 14))} 开始" in caught.value.message
