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


def test_the_office_filters_the_log_by_object(as_user, world):
    event_record(actor=None, action="a", object_type="unit", object_id="1")
    event_record(actor=None, action="b", object_type="unit", object_id="2")
    page = as_user("office").get(reverse("audit:events"), {"object_type": "unit", "object_id": "2"})
    assert [e.action for e in page.context["page"]] == ["b"]
