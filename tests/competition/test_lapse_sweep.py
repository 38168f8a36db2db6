"""A3 (ADR 0012): an application never consented to lapses by the daily sweep once
registration is over and the review window opens — a visible state, not a count on the fly;
once, with one event each."""

from __future__ import annotations

from django.core.management import call_command

from cadrex.audit.models import Event
from cadrex.competition.registration import services
from cadrex.competition.registration.lapse import applications_lapse_sweep
from cadrex.competition.registration.models import ApplicationStatus as S
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only


def _waiting(part_a):
    return services.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )


def test_a3_the_sweep_lapses_an_unconsented_application_once_review_opens(part_a):
    campaign = part_a["campaign"]
    waiting = _waiting(part_a)
    open_only(campaign, Step.QUALIFICATION_REVIEW)
    call_command("sweep_deadlines")
    waiting.refresh_from_db()
    assert waiting.status == S.LAPSED and not waiting.active
    assert Event.objects.filter(action="application_lapse").count() == 1
    call_command("sweep_deadlines")  # safe to run twice
    assert Event.objects.filter(action="application_lapse").count() == 1


def test_a3_nothing_lapses_while_registration_is_open(part_a):
    waiting = _waiting(part_a)
    assert applications_lapse_sweep(campaign=part_a["campaign"]) == 0
    waiting.refresh_from_db()
    assert waiting.status == S.PENDING_CONSENT


def test_a3_nothing_lapses_while_re_application_is_open(part_a):
    waiting = _waiting(part_a)
    open_only(part_a["campaign"], Step.QUALIFICATION_REVIEW, Step.REAPPLICATION)
    assert applications_lapse_sweep(campaign=part_a["campaign"]) == 0
    waiting.refresh_from_db()
    assert waiting.status == S.PENDING_CONSENT
