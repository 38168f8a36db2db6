"""The demo city's part B: fast-forwarded to the end of B4, the office can match it at once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cadrex.campaigns.selectors import current_campaign
from cadrex.campaigns.services import campaign_schedule_shift
from cadrex.demo.part_b import advance_part_b
from cadrex.exchange import services
from cadrex.exchange.models import ExchangeCandidate, ExchangeDeclaration, Proposal
from cadrex.rules.schedule import Step


@pytest.mark.django_db
def test_b1_to_b5_the_demo_city_is_filed_and_matches_after_a_shift(capsys, clock):
    call_command("seed_demo")
    campaign = current_campaign()
    assert not ExchangeCandidate.objects.exists()  # part B waits for the demo's fast-forward

    def start_now(step):
        campaign_schedule_shift(actor=None, campaign=campaign, step=step, start=clock.now)

    advance_part_b(campaign=campaign, target=Step.MATCHING, start_now=start_now)
    candidates = ExchangeCandidate.objects.filter(campaign=campaign)
    assert 150 <= candidates.count() <= 300
    assert candidates.filter(signed_up=False).exists()  # some added by their unit
    assert candidates.filter(preferences_filed_at__isnull=True).exists()  # a few non-filers
    assert ExchangeDeclaration.objects.exclude(exception_at=None).count() == 2
    assert Proposal.objects.exists()
    campaign_schedule_shift(actor=None, campaign=campaign, step=Step.MATCHING, start=clock.now)
    run = services.matching_run(actor=None, campaign=campaign)
    assert run.blocking_pairs == 0
    services.matching_publish(actor=None, run=run)
    capsys.readouterr()
    call_command("verify_matching")
    assert "OK" in capsys.readouterr().out
