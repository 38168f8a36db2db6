"""POLICY: once jurors have scored, the A8 method holds — a published total is never
recomputed under another one; once people have applied, the A3 conditions hold."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.campaigns.services import campaign_policy_update
from tests.campaigns.test_campaign import _current_form_data


def test_policy_a8_weights_hold_after_scoring_and_the_page_says_why(as_user, scored):
    campaign = scored["campaign"]
    campaign.refresh_from_db()
    before = dict(campaign.policy_overrides)
    office = as_user("office")
    data = _current_form_data(office)
    data.update({"leader_weight": "60", "staff_weight": "40"})
    response = office.post(reverse("campaigns:policy_edit"), data)
    errors = response.context["form"].errors
    assert "“领导评委评分权重（%）”不能再修改：公开竞岗已开始评分" in errors["leader_weight"][0]
    campaign.refresh_from_db()
    assert campaign.policy_overrides == before
    assert not Event.objects.filter(action="campaign_policy_update").exists()


def test_policy_a3_conditions_hold_once_anyone_has_applied(scored):
    campaign = scored["campaign"]
    with pytest.raises(ValidationError) as refused:
        campaign_policy_update(actor=None, campaign=campaign, overrides={"max_age": 30})
    assert "已有干部按现行报名条件报名" in str(refused.value.message_dict["max_age"])
    # a setting of a rule whose work has not begun still changes
    campaign_policy_update(actor=None, campaign=campaign, overrides={"probation_months": 6})
    campaign.refresh_from_db()
    assert campaign.policy_overrides == {"probation_months": 6}
