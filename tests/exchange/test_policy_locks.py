"""POLICY in part B: the number of preferences holds once anyone has filed (B3), the
proposal ratio once a unit has proposed (B4); other settings still change."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cadrex.campaigns.services import campaign_policy_update


def test_policy_b3_and_b4_hold_once_filed_and_proposed(through_proposals):
    campaign = through_proposals["campaign"]
    with pytest.raises(ValidationError) as refused:
        campaign_policy_update(
            actor=None, campaign=campaign, overrides={"max_preferences": 3, "proposal_ratio": 3}
        )
    errors = refused.value.message_dict
    assert "已有干部按现行意向单位数填报了意向" in errors["max_preferences"][0]
    assert "已有单位按现行比例提出了建议人选" in errors["proposal_ratio"][0]
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {}
    campaign_policy_update(actor=None, campaign=campaign, overrides={"standby_months": 6})
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {"standby_months": 6}
