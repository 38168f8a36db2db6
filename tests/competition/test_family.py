"""A11: the unit's 简历 and family members for its 《干部任免审批表》, and the cadre's photo in
the photo box of the approval form and the 报名表 (A3), and the blank 报名表."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cadrex.audit.models import Event
from cadrex.competition.decision import appointment as appointments
from cadrex.competition.decision.models import Appointment, AppointmentStatus, FamilyMember
from cadrex.competition.registration import services
from cadrex.registry.photos import photo_upload
from cadrex.rules import RuleViolation
from tests.conftest import requires_pdf
from tests.registry.test_photos import image_bytes


@pytest.fixture
def appt(part_a):
    """乙一's consented application to D01's opening, and D01's appointment package."""
    application = services.application_submit(
        actor=None, cadre=part_a["cadres"]["乙一"], opening=part_a["d01"], recusal_confirmed=True
    )
    services.application_consent(actor=None, application=application, agree=True)
    part_a["cadres"]["乙一"].resume = "2008.07—2015.06  市民政局科员"
    part_a["cadres"]["乙一"].save()
    return Appointment.objects.create(
        opening=part_a["d01"],
        application=application,
        proposed_post="市财政局办公室副主任",
        reason="竞岗产生",
    )


def row(i: int, relation="", name="", born="", politics="", work="") -> dict:
    values = {"relation": relation, "name": name, "born": born, "politics": politics}
    return {f"m{i}_{k}": v for k, v in (values | {"work": work}).items()}


def post_details(client, appointment, data: dict):
    url = reverse("competition:appointment_details", args=[appointment.pk])
    return client.post(url, data, follow=True)


def test_a11_the_unit_enters_family_members_and_they_print(as_user, appt):
    client = as_user("operator")
    page = client.get(reverse("competition:appointment_details", args=[appt.pk])).content
    assert "市民政局科员" in page.decode()  # the roster's résumé to start from
    data = {
        "resume": "2008.07—2015.06  市民政局科员\n2015.06—  市民政局办公室副主任科员",
        **row(0, "妻子", "王某", "1985-3", "中共党员", "青川市第一中学教师"),
        **row(2, "父亲", "李某", "1955.10", "群众", "退休"),
    }
    response = post_details(client, appt, data)
    assert "已保存" in response.content.decode()
    family = list(appt.family.values_list("relation", "name", "born"))
    assert family == [("妻子", "王某", "1985.03"), ("父亲", "李某", "1955.10")]
    event = Event.objects.get(action="appointment_form_details_update")
    assert event.after["family"][0]["name"] == "王某"

    lrmx = client.get(reverse("competition:appointment_form", args=[appt.pk, "lrmx"]))
    text = lrmx.content.decode()
    assert "<ChengWei>妻子</ChengWei>" in text and "<ChuShengRiQi>198503</ChuShengRiQi>" in text
    assert "办公室副主任科员" in text
    docx = client.get(reverse("competition:appointment_form", args=[appt.pk, "docx"]))
    cells = {
        c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    }
    assert {"妻子", "王某", "1985.03", "青川市第一中学教师"} <= cells


def test_a11_a_row_begun_needs_relation_and_name_and_a_real_month(as_user, appt):
    client = as_user("leader")
    page = post_details(
        client,
        appt,
        {"resume": "", **row(0, "", "", "1985.13"), **row(1, "=cmd|' /C calc'!A0", "张")},
    ).content.decode()
    assert "第1位家庭成员请填写称谓" in page or "出生年月应写作" in page
    assert not FamilyMember.objects.exists()
    assert not Event.objects.filter(action="appointment_form_details_update").exists()


def test_a11_a_nul_byte_is_refused(as_user, appt):
    url = reverse("competition:appointment_details", args=[appt.pk])
    response = as_user("operator").post(url, {"resume": "a\x00b", **row(0, "妻\x00子", "王某")})
    assert response.status_code == 400  # the site's guard turns a NUL away before any view
    assert not FamilyMember.objects.exists()
    appt.refresh_from_db()
    assert appt.resume == ""


def test_a11_a_formula_like_cell_is_kept_as_text_in_the_docx(as_user, appt):
    client = as_user("operator")
    post_details(client, appt, {"resume": "", **row(0, "弟弟", '=HYPERLINK("x")', "", "", "=1+1")})
    assert FamilyMember.objects.get().name == '=HYPERLINK("x")'
    docx = client.get(reverse("competition:appointment_form", args=[appt.pk, "docx"]))
    cells = {
        c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells
    }
    assert '=HYPERLINK("x")' in cells  # plain text in a Word cell: nothing evaluates it


@pytest.mark.parametrize("status", [AppointmentStatus.SUBMITTED, AppointmentStatus.APPROVED])
def test_a11_details_are_refused_once_submitted(as_user, appt, status):
    FamilyMember.objects.create(appointment=appt, position=0, relation="妻子", name="王某")
    Appointment.objects.filter(pk=appt.pk).update(status=status)
    client = as_user("operator")
    page = client.get(reverse("competition:appointment_details", args=[appt.pk])).content.decode()
    assert "不能再修改" in page
    page = post_details(client, appt, {"resume": "改", **row(0, "儿子", "李小某")}).content
    assert "不能再修改简历和家庭成员" in page.decode()
    assert list(appt.family.values_list("name", flat=True)) == ["王某"]
    appt.refresh_from_db()
    assert appt.resume == ""
    with pytest.raises(RuleViolation):
        appointments.appointment_form_details_update(
            actor=None, appointment=appt, resume="x", family=[]
        )


def test_a11_a_returned_package_is_editable_again(as_user, appt):
    Appointment.objects.filter(pk=appt.pk).update(status=AppointmentStatus.RETURNED)
    post_details(as_user("operator"), appt, {"resume": "", **row(0, "妻子", "王某")})
    assert appt.family.count() == 1


def test_a11_another_unit_cannot_reach_the_details(as_user, appt):
    url = reverse("competition:appointment_details", args=[appt.pk])
    assert as_user("other_operator").post(url, row(0, "妻子", "王某")).status_code == 404
    assert as_user("office").get(url).status_code == 403
    assert not FamilyMember.objects.exists()


def test_the_photo_goes_into_the_approval_form(as_user, appt):
    photo = image_bytes()
    photo_upload(actor=None, cadre=appt.application.cadre, content=photo)
    client = as_user("operator")
    lrmx = client.get(reverse("competition:appointment_form", args=[appt.pk, "lrmx"]))
    import base64

    assert f"<ZhaoPian>{base64.b64encode(photo).decode()}</ZhaoPian>" in lrmx.content.decode()
    docx = client.get(reverse("competition:appointment_form", args=[appt.pk, "docx"]))
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        assert any(n.startswith("word/media/") for n in archive.namelist())


def test_a3_the_photo_goes_into_the_application_form(as_user, appt):
    photo_upload(actor=None, cadre=appt.application.cadre, content=image_bytes())
    response = as_user("cadre").get(
        reverse("competition:application_form", args=[appt.application.pk, "xlsx"])
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    assert len(ws._images) == 1


def test_a3_the_blank_form_has_every_label_and_no_values(as_user, appt):
    response = as_user("juror").get(reverse("competition:application_form_blank", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    labels = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert "姓名" in labels and "报名职位" in labels and "本人签名" in labels
    assert all(ws.cell(r, 2).value in (None, "") for r in range(2, ws.max_row + 1))
    page = as_user("cadre").get(reverse("competition:my_applications")).content.decode()
    assert reverse("competition:application_form_blank", args=["pdf"]) in page


@requires_pdf
@pytest.mark.skipif(not shutil.which("pdfimages"), reason="poppler-utils is not installed")
def test_the_pdfs_carry_the_photo(as_user, appt, tmp_path):
    photo_upload(actor=None, cadre=appt.application.cadre, content=image_bytes())
    client = as_user("operator")
    for url in (
        reverse("competition:appointment_form", args=[appt.pk, "pdf"]),
        reverse("competition:application_form", args=[appt.application.pk, "pdf"]),
    ):
        path = tmp_path / "form.pdf"
        path.write_bytes(client.get(url).content)
        listing = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True)
        assert len(listing.stdout.strip().splitlines()) >= 3, url  # header lines + one image
    blank = client.get(reverse("competition:application_form_blank", args=["pdf"]))
    assert blank.content.startswith(b"%PDF")
