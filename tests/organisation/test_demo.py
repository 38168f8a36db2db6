"""C1 in the demo city: the leading group, its office and every unit's team are there."""

from __future__ import annotations

import pytest

from cadrex.campaigns.selectors import current_campaign
from cadrex.demo import city as demo_city
from cadrex.organisation.selectors import organisation
from cadrex.registry.models import Unit


@pytest.mark.django_db
def test_c1_the_demo_city_has_its_leading_group_office_and_unit_teams(clock):
    demo_city.seed_demo(today=clock.today, cadres=300)
    campaign = current_campaign()
    found = organisation(campaign, Unit.objects.filter(vertically_managed=False))
    assert len(found.leading_group) >= 5 and len(found.office_members) >= 3
    assert found.office is not None and found.office.phone
    assert found.units and found.units_without_leader == []
    assert found.units_without_team == []
