"""Every write records its event: the three the house found silent (issue 12) — a unit's
late headcount freeze, a cast paper (by nobody) and a juror's device binding."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.campaigns.headcount import headcount_freeze_unit
from cadrex.registry.models import Unit
from tests.competition.test_secret_ballot import PIN, secret_round  # noqa: F401


def test_a12_the_headcount_freeze_as_the_campaign_opens_is_recorded(world, campaign):
    event = Event.objects.get(action="headcounts_freeze")
    assert (event.object_type, event.object_id) == ("campaign", str(campaign.pk))
    assert event.after == {"units": 4, "headcount": 1}


def test_a12_a_units_late_headcount_freeze_is_recorded(world, campaign):
    late = Unit.objects.create(code="D09", name="市新设局", kind="department")
    assert headcount_freeze_unit(campaign, late) == 0
    event = Event.objects.get(action="headcount_freeze_unit")
    assert event.after["headcount"] == 0


def test_a10_a_paper_cast_is_recorded_by_nobody_with_nothing_of_the_paper(secret_round):  # noqa: F811
    tablet = Client()
    tablet.post(secret_round["url"], {"pin": PIN, "pin_again": PIN})
    voter = secret_round["ballot"].voters.first()
    tablet.post(secret_round["url"], {"step": "issue", "voter": voter.pk, "pin": PIN})
    tablet.post(secret_round["url"], {"step": "cast", f"m_{secret_round['top'].pk}": "for"})
    event = Event.objects.get(action="ballot_cast")
    assert event.actor is None and event.actor_label == "系统"
    assert event.before is None and event.after is None and event.note == "投入选票一张"


def test_a8_binding_a_jurors_device_is_recorded(ready):
    juror = ready["staff"][0]
    assert Client().get(reverse("juror_page", args=[juror.token])).status_code == 200
    event = Event.objects.get(action="juror_bind")
    assert (event.object_type, event.object_id, event.actor) == ("juror", str(juror.pk), None)
