"""The demo personas get contacts, so every channel can be watched in the demo."""

import pytest

from cadrex.demo.seed_contacts import seed_contacts
from cadrex.notifications.models import Contact


@pytest.mark.django_db
def test_the_demo_personas_get_a_mobile_number_and_an_email(world):
    assert seed_contacts() == 3  # office, orgdept, cadre are personas of the demo too
    mobiles = set(Contact.objects.values_list("mobile", flat=True))
    assert len(mobiles) == 3 and all(m.startswith("1") and len(m) == 11 for m in mobiles)
