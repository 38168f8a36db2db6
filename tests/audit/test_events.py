from __future__ import annotations

import pytest

from cadrex.audit.actions import Action
from cadrex.audit.models import AppendOnlyError, Event
from cadrex.audit.services import event_record


def test_an_event_records_who_by_name_what_and_before_after(world):
    office = world["users"]["office"]
    office.first_name = "周敏"
    office.save()
    unit = world["units"]["D01"]
    event = event_record(
        actor=office,
        action=Action.ROSTER_IMPORT,
        obj=unit,
        before={"name": "旧"},
        after={"name": "新"},
    )
    stored = Event.objects.get(pk=event.pk)
    assert (stored.actor_label, stored.action, stored.object_type, stored.object_id) == (
        "周敏",
        "roster_import",
        "unit",
        str(unit.pk),
    )
    assert stored.before == {"name": "旧"} and stored.after == {"name": "新"}


def test_the_log_keeps_the_name_an_account_had_when_it_acted(world):
    office = world["users"]["office"]
    office.first_name = "周敏"
    office.save()
    event = event_record(actor=office, action="roster_import", object_type="roster")
    office.first_name = "周新敏"
    office.save()
    assert Event.objects.get(pk=event.pk).actor_name == "周敏"


def test_an_entry_written_with_a_login_reads_as_the_accounts_name(world):
    """Entries written before names were recorded hold the login: they read as the name."""
    office = world["users"]["office"]
    event = event_record(actor=office, action="roster_import", object_type="roster")
    assert event.actor_label == "office"  # no name yet: the login stands for it
    office.first_name = "周敏"
    office.save()
    assert Event.objects.select_related("actor").get(pk=event.pk).actor_name == "周敏"


def test_no_account_reads_as_the_system(world):
    event = event_record(actor=None, action="counts_snapshot", object_type="campaign")
    assert (event.actor_label, event.actor_name) == ("系统", "系统")


def test_the_log_is_append_only(world):
    event = event_record(actor=None, action="roster_import", object_type="roster", object_id="1")
    event.note = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(note="改写")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).note == ""


def test_an_event_reads_in_beijing_time(world, clock):
    """At 00:30 in Beijing the UTC date is still yesterday's: the event gives Beijing's."""
    clock.move_to(clock.at(clock.today, 0, 30))
    event = event_record(actor=None, action="roster_import", object_type="roster", object_id="1")
    stored = Event.objects.get(pk=event.pk)
    assert stored.at == clock.now
    assert str(stored).startswith(f"{clock.today:%Y-%m-%d} 00:30 系统 导入干部名册")


def test_a_name_is_family_name_first_with_no_space(world):
    office = world["users"]["office"]
    office.last_name, office.first_name = "周", "敏"
    office.save()
    event = event_record(actor=office, action="roster_import", object_type="roster")
    assert event.actor_label == "周敏"
