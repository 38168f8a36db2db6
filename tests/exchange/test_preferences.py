"""B3: each exchange candidate's preference form (意向表)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import Preference
from cadrex.exchange.selectors import preference_state
from cadrex.registry.models import Unit
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only


def _listed(candidate) -> list[str]:
    return list(candidate.preferences.order_by("rank").values_list("unit__code", flat=True))


def _save(part_b, name: str, codes: list[str]):
    return services.preferences_save(
        actor=None,
        candidate=part_b["candidates"][name],
        unit_ids=[part_b["units"][c].pk for c in codes],
    )


def test_b3_a_candidate_lists_two_units_in_order(part_b):
    _save(part_b, "乙一", ["T01", "D01"])
    candidate = part_b["candidates"]["乙一"]
    assert _listed(candidate) == ["T01", "D01"]
    candidate.refresh_from_db()
    assert candidate.preferences_filed_at is not None
    _save(part_b, "乙一", ["D01"])  # a change within the window replaces the form
    assert _listed(candidate) == ["D01"]


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (["D01", "T01", "D01"], "最多填报 2 个意向单位"),
        (["D02"], "不能填报本单位"),
        (["D01", "D01"], "重复填报了意向单位"),
    ],
)
def test_b3_a_bad_form_is_refused_and_the_old_one_stays(part_b, codes, message):
    _save(part_b, "乙一", ["T01"])
    events = Event.objects.count()
    with pytest.raises(RuleViolation) as caught:
        _save(part_b, "乙一", codes)
    assert caught.value.rule == "B3" and message in caught.value.message
    assert "乙一" in caught.value.message
    assert _listed(part_b["candidates"]["乙一"]) == ["T01"] and Event.objects.count() == events


def test_b3_a_third_preference_posted_on_the_page_is_refused_with_a_clear_message(client, part_b):
    client.force_login(part_b["users"]["cadre"])
    units = part_b["units"]
    page = client.get(reverse("exchange:preferences")).content.decode()
    assert 'name="pref_2"' in page and 'name="pref_3"' not in page
    response = client.post(
        reverse("exchange:preferences"),
        {"pref_1": units["D01"].pk, "pref_2": units["T01"].pk, "pref_3": units["D01"].pk},
        follow=True,
    )
    body = response.content.decode()
    assert "干部“乙一”填报了 3 个意向单位，最多填报 2 个意向单位。" in body
    assert "意向单位。（规则" not in body  # a cadre reads the message, not the rule's ID
    assert not Preference.objects.exists()


def test_b3_ones_own_unit_posted_on_the_page_is_refused(client, part_b):
    client.force_login(part_b["users"]["cadre"])
    page = client.get(reverse("exchange:preferences"))
    assert part_b["units"]["D02"] not in page.context["choices"]  # not even offered
    response = client.post(
        reverse("exchange:preferences"), {"pref_1": part_b["units"]["D02"].pk}, follow=True
    )
    assert "不能填报本单位“市民政局”作为意向单位" in response.content.decode()
    assert not Preference.objects.exists()


def test_b3_only_units_with_published_vacancies(part_b, world):
    extra = Unit.objects.create(code="D09", name="市审计局", kind="department")
    with pytest.raises(RuleViolation, match="不在公布的缺员单位之列"):
        services.preferences_save(
            actor=None, candidate=part_b["candidates"]["乙一"], unit_ids=[extra.pk]
        )


def test_b3_outside_the_window_nothing_changes(part_b):
    open_only(part_b["campaign"], Step.PROPOSALS)
    with pytest.raises(RuleViolation) as caught:
        _save(part_b, "乙一", ["D01"])
    assert caught.value.rule == "S3" and "填报意向" in caught.value.message
    assert not Preference.objects.exists()


def test_b3_who_filed_nothing_by_the_close_is_marked_without_a_job(part_b, clock):
    campaign = part_b["campaign"]
    _save(part_b, "乙一", ["D01"])
    yi, er = part_b["candidates"]["乙一"], part_b["candidates"]["乙二"]
    yi.refresh_from_db()
    assert preference_state(er, campaign) == "open"
    later = clock.now + timedelta(days=3)  # the window closes after one day
    assert preference_state(er, campaign, later) == "not_filed"
    assert preference_state(yi, campaign, later) == "filed"


def test_b3_the_cadres_page_says_when_they_did_not_file(client, part_b):
    open_only(part_b["campaign"], Step.PROPOSALS)
    client.force_login(part_b["users"]["cadre"])
    body = client.get(reverse("exchange:my")).content.decode()
    assert "视为不填报《意向表》" in body


def test_b3_the_preference_form_downloads(as_user, part_b):
    _save(part_b, "乙一", ["T01", "D01"])
    response = as_user("cadre").get(reverse("exchange:preferences_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:5] == ("序号", "姓名", "所在单位", "第一意向", "第二意向")
    assert rows[1][1:5] == ("乙一", "市民政局", "东湖街道", "市财政局")
    response = as_user("office").get(reverse("exchange:preferences_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert len(list(sheet.iter_rows(min_row=3))) == 6


def test_b3_the_preference_form_dates_the_filing_in_beijing_time(as_user, part_b, clock):
    """Filed at 00:30 in Beijing, when the UTC date is still yesterday's."""
    clock.move_to(clock.at(clock.today, 0, 30))
    _save(part_b, "乙一", ["T01", "D01"])
    response = as_user("cadre").get(reverse("exchange:preferences_xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    heads = rows[1]
    filed = rows[2][heads.index("填报日期")]
    assert filed == f"{clock.today.year}年{clock.today.month}月{clock.today.day}日"


def test_b3_someone_who_is_not_a_candidate_is_sent_back(client, world, campaign):
    open_only(campaign, Step.PREFERENCES)
    client.force_login(world["users"]["cadre"])
    response = client.get(reverse("exchange:preferences"), follow=True)
    assert "您不是本次一般干部跨单位双向选择的交流对象" in response.content.decode()
