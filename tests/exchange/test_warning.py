"""C3: refusing an exchange decision brings a warning (警告处分) beside the year on standby —
recorded on the standby, written into the person's 奖惩情况, shown where the standby is
shown, and logged."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.exchange import services
from cadrex.exchange.models import Placement, Standby
from cadrex.registry.models import Cadre


def _placement(world, name: str) -> Placement:
    return Placement.objects.get(candidate=world["candidates"][name])


def _line(day) -> str:
    return f"{day.year}年{day.month}月因拒不服从交流决定受到警告处分"


def test_c3_refusing_a_matched_placement_records_a_warning_beside_the_standby(directed, clock):
    services.placement_answer(actor=None, placement=_placement(directed, "甲二"), accept=False)
    standby = Standby.objects.get()
    assert standby.rule == "C3" and standby.bonus_withheld
    assert (standby.warning, standby.warning_on) == (True, clock.today)
    cadre = Cadre.objects.get(name="甲二")
    assert cadre.rewards_and_sanctions == _line(clock.today)
    event = Event.objects.get(action="standby_start")
    assert event.after["warning"] is True and event.after["warning_on"] == clock.today.isoformat()
    assert (event.after["sanctions_before"], event.after["sanctions"]) == ("", _line(clock.today))


def test_c3_refusing_a_directed_placement_is_a_refusal_too_and_is_warned(directed, clock):
    services.placement_answer(actor=None, placement=_placement(directed, "乙二"), accept=False)
    standby = Standby.objects.get()
    assert standby.rule == "B7" and standby.warning and standby.warning_on == clock.today


def test_c3_accepting_brings_no_warning(directed):
    services.placement_answer(actor=None, placement=_placement(directed, "甲二"), accept=True)
    assert not Standby.objects.exists()
    assert Cadre.objects.get(name="甲二").rewards_and_sanctions == ""


@pytest.mark.parametrize("earlier", ["无", "2019年获嘉奖", "记" * 500])
def test_c3_the_warning_joins_what_the_record_already_says(directed, clock, earlier):
    Cadre.objects.filter(name="甲二").update(rewards_and_sanctions=earlier)
    services.placement_answer(actor=None, placement=_placement(directed, "甲二"), accept=False)
    text = Cadre.objects.get(name="甲二").rewards_and_sanctions
    line = _line(clock.today)
    kept = {"无": "", "2019年获嘉奖": "2019年获嘉奖；"}.get(
        earlier, "记" * (499 - len(line)) + "；"
    )
    assert text == kept + line and len(text) <= 500


def test_c3_the_warning_shows_on_the_standby_page_and_the_persons_pages(client, directed, clock):
    cadre_user = directed["users"]["cadre"]  # 乙一, matched to D01
    client.force_login(cadre_user)
    client.post(reverse("exchange:answer"), {"accept": "no", "note": "家庭原因"})
    standby = Standby.objects.get()
    day = f"{clock.today.year}年{clock.today.month}月{clock.today.day}日"
    own = client.get(reverse("exchange:my")).content.decode()
    assert f"因拒不服从交流决定，您于 {day} 受到警告处分。" in own
    client.force_login(directed["users"]["orgdept"])
    page = client.get(reverse("exchange:standbys")).content.decode()
    cell = page.split(f'data-testid="standby-warning-{standby.pk}">', 1)[1].split("</td>", 1)[0]
    assert "警告处分" in cell and clock.today.isoformat() in cell
    client.force_login(directed["users"]["office"])
    record = client.get(reverse("registry:cadre_detail", args=[cadre_user.cadre_id]))
    assert _line(clock.today) in record.content.decode()


def test_c3_standbys_recorded_before_the_warning_field_get_their_warning(directed, clock):
    services.placement_answer(actor=None, placement=_placement(directed, "甲二"), accept=False)
    Standby.objects.update(warning=False, warning_on=None)  # as the table stood before
    migration = importlib.import_module("cadrex.exchange.migrations.0003_standby_warning")
    migration.warn_earlier_refusals(apps, None)
    standby = Standby.objects.get()
    assert standby.warning and standby.warning_on == standby.start == clock.today
