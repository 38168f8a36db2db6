"""One person, several roles (ADR 0014): 甲二 of D01 is D01's leader (primary role), a cadre
of D01 (a grant) and a staff juror of D01's hearing (a seat naming the login)."""

from __future__ import annotations

import pytest

from cadrex.accounts.models import Role, User
from cadrex.accounts.services import role_grant_add
from tests.conftest import PASSWORD


@pytest.fixture
def multi(ready):
    world = ready
    person = User(
        username="multi",
        first_name="甲二",
        role=Role.UNIT_LEADER,
        unit=world["units"]["D01"],
        cadre=world["cadres"]["甲二"],
    )
    person.set_password(PASSWORD)
    person.save()
    grant = role_grant_add(actor=world["users"]["office"], user=person, role=Role.CADRE)
    seat = world["staff"][0]
    seat.user = person
    seat.save(update_fields=["user"])
    return {**world, "multi": person, "cadre_grant": grant, "seat": seat}
