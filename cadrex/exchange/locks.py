"""Which of part B's rules have work under way (``campaigns.policy_locks``)."""

from __future__ import annotations

from cadrex.campaigns.models import Campaign
from cadrex.exchange.models import Preference, Proposal


def begun(campaign: Campaign) -> dict[str, str]:
    """Rule ID → why its settings hold: preferences filed (B3), proposals made (B4)."""
    found = {}
    if Preference.objects.filter(candidate__campaign=campaign).exists():
        found["B3"] = "已有干部按现行意向单位数填报了意向"
    if Proposal.objects.filter(candidate__campaign=campaign).exists():
        found["B4"] = "已有单位按现行比例提出了建议人选"
    return found
