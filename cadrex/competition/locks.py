"""Which of part A's rules have work under way (``campaigns.policy_locks``)."""

from __future__ import annotations

from cadrex.campaigns.models import Campaign
from cadrex.competition.hearing.models import Score
from cadrex.competition.registration.models import Application


def begun(campaign: Campaign) -> dict[str, str]:
    """Rule ID → why its settings hold: people have applied (A3), jurors have scored (A8)."""
    found = {}
    if Application.objects.filter(opening__campaign=campaign).exists():
        found["A3"] = "已有干部按现行报名条件报名"
    if Score.objects.filter(contestant__hearing__opening__campaign=campaign).exists():
        found["A8"] = "公开竞岗已开始评分，已算出的得分依据现行评分办法"
    return found
