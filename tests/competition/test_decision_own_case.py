"""A11 (ADR 0014, one person, several roles): the orgdept does not review an appointment
package about the reviewer themselves — another of the orgdept does."""

from __future__ import annotations

import pytest

from cadrex.accounts.models import Role, User
from cadrex.audit.models import Event
from cadrex.competition.decision import appointment as appointments
from cadrex.competition.models import AppointmentStatus
from cadrex.rules import RuleViolation
from tests.competition.test_decision import elected
from tests.conftest import PASSWORD


def test_a11_the_orgdept_cannot_review_an_appointment_of_their_own(scored):
    appointment = elected(scored)
    appointments.appointment_submit(actor=scored["users"]["leader"], appointment=appointment)
    appointment.refresh_from_db()
    status, events = appointment.status, Event.objects.count()
    reviewer = User(username="orgdept-self", role=Role.ORGDEPT, cadre=appointment.application.cadre)
    reviewer.set_password(PASSWORD)
    reviewer.save()
    for approve, note in ((True, ""), (False, "材料不全")):
        with pytest.raises(RuleViolation, match="不能办理本人的事项") as caught:
            appointments.appointment_review(
                actor=reviewer, appointment=appointment, approve=approve, note=note
            )
        assert caught.value.rule == "A11"
    appointment.refresh_from_db()
    assert appointment.status == status and Event.objects.count() == events
    appointments.appointment_review(
        actor=scored["users"]["orgdept"], appointment=appointment, approve=True
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.APPROVED
