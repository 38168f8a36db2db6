from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.audit.models import AppendOnlyError, Event
from cadrex.audit.services import event_record


def test_an_event_records_who_what_and_before_after(world):
    office = world["users"]["office"]
    unit = world["units"]["D01"]
    event = event_record(
        actor=office, action="unit_rename", obj=unit, before={"name": "旧"}, after={"name": "新"}
    )
    assert (event.actor_label, event.object_type, event.object_id) == (
        "office",
        "unit",
        str(unit.pk),
    )
    assert event.before == {"name": "旧"} and event.after == {"name": "新"}


def test_the_log_is_append_only(world):
    event = event_record(actor=None, action="x", object_type="t", object_id="1")
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
    event = event_record(actor=None, action="x", object_type="t", object_id="1")
    stored = Event.objects.get(pk=event.pk)
    assert stored.at == clock.now
    assert str(stored).startswith(f"{clock.today:%Y-%m-%d} 00:30 ")


def test_the_office_filters_the_log_by_object(as_user, world):
    event_record(actor=None, action="a", object_type="unit", object_id="1")
    event_record(actor=None, action="b", object_type="unit", object_id="2")
    page = as_user("office").get(reverse("audit:events"), {"object_type": "unit", "object_id": "2"})
    assert [e.action for e in page.context["page"]] == ["b"]


def test_every_action_a_service_records_has_a_chinese_name():
    import re
    from pathlib import Path

    from cadrex.audit.models import ACTION_LABELS

    source = "\n".join(p.read_text() for p in Path("cadrex").rglob("*.py"))
    recorded = set(re.findall(r'action="([a-z_]+)"', source))
    recorded |= set(re.findall(r'(?<!getattr\()actor, "([a-z_]+)"', source))  # _move(...)
    recorded -= {"store_true"}  # argparse, not an audit action
    assert recorded and recorded - set(ACTION_LABELS) == set()


def test_the_log_page_reads_as_chinese(as_user, world):
    unit = world["units"]["D01"]
    event_record(
        actor=None,
        action="application_consent",
        obj=unit,
        before={"status": "x"},
        after={"ok": True},
    )
    body = as_user("office").get(reverse("audit:events")).content.decode()
    assert "所在单位表态" in body and "单位 #" in body and "ok：是" in body
    assert "{&#x27;" not in body and "application_consent" not in body.split("<select")[0]
