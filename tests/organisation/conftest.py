"""C1 fixtures: the personas' world with a campaign, a leading group member and a task team
member of D01."""

from __future__ import annotations

import pytest

from cadrex.organisation import services
from cadrex.organisation.models import Body, Position


@pytest.fixture
def org(world, campaign):
    member = services.group_member_add(
        actor=None,
        campaign=campaign,
        body=Body.LEADING_GROUP,
        position=Position.LEADER,
        name="王建国",
        post="市委常委、组织部部长",
    )
    team = services.task_team_member_add(
        actor=None,
        campaign=campaign,
        unit=world["units"]["D01"],
        name="李明",
        post="办公室主任",
        duty="统筹协调",
    )
    return {**world, "campaign": campaign, "member": member, "team": team}
