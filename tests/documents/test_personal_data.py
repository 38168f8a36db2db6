"""Security issue 4 in the forms: the 干部任免审批表 carries the ID number in full only when the
caller says so (the office and the orgdept, which approves it: ADR 0007)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cadrex.competition.decision.paperwork import approval_form
from cadrex.documents.appointment_form import appointment_form_lrmx, form_values
from cadrex.registry.idnumber import mask
from tests.documents.hostile import FULL_ID, appointment_like


def test_issue4_the_appointment_form_masks_the_id_number_by_default():
    appointment = appointment_like("张三")
    number = appointment.application.cadre.id_number
    assert form_values(approval_form(appointment))["id_number"] == mask(number)
    root = ET.fromstring(appointment_form_lrmx(approval_form(appointment)))
    assert root.findtext("ShenFenZheng") == mask(number)
    assert FULL_ID.findall(appointment_form_lrmx(approval_form(appointment)).decode()) == []


def test_issue4_the_appointment_form_carries_it_in_full_when_the_caller_may_see_it():
    appointment = appointment_like("张三")
    root = ET.fromstring(appointment_form_lrmx(approval_form(appointment, full_id=True)))
    assert root.findtext("ShenFenZheng") == appointment.application.cadre.id_number
