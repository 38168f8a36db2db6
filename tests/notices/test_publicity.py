"""A11: the pre-appointment publicity (任前公示) carries what a notice must show — and nothing
more — on the public page and in the printable notice; where to report comes from the C1
leading group's office, with a clear fallback when it has not said."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from cadrex.competition.decision import appointment as appointments
from cadrex.documents.pdf import pdf_available
from cadrex.organisation.models import GroupOffice
from cadrex.registry.models import Cadre
from tests.competition.test_decision import calendar, elected, publish

PAGE = reverse("notices:publicity")
PDF = reverse("notices:publicity_pdf")
needs_pdf = pytest.mark.skipif(not pdf_available(), reason="WeasyPrint's pango is missing")


def _in_publicity(built, **fields):
    """The elected contestant of ``built`` (the ``scored`` world) approved and publicised from
    the calendar's Friday, with the roster fields a notice shows."""
    cadre = built["top"].cadre
    defaults = {
        "ethnicity": "汉族",
        "native_place": "浙江嘉兴",
        "political_status": "中共党员",
        "party_join_date": cadre.birth_date.replace(year=cadre.birth_date.year + 22, day=1),
        "fulltime_education": "大学本科",
        "fulltime_degree": "法学学士",
        "inservice_education": "硕士研究生",
        "inservice_degree": "公共管理硕士",
        "current_post": "科员",
    }
    Cadre.objects.filter(pk=cadre.pk).update(**{**defaults, **fields})
    appointment = elected(built)
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    appointment = appointments.appointment_publicise(
        actor=None, appointment=appointment, start=calendar().publicity
    )
    appointment.application.cadre.refresh_from_db()
    return appointment


def _office(campaign, phone="0573-82000000", address="市行政中心3号楼512室"):
    return GroupOffice.objects.create(campaign=campaign, phone=phone, address=address)


def _pdf_text(client, tmp_path) -> str:
    response = client.get(PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(" ", "")


def _private(cadre: Cadre) -> list[str]:
    """What no notice shows of a person: the ID number and the day of birth."""
    born = cadre.birth_date
    return [
        cadre.id_number,
        cadre.masked_id_number,
        born.isoformat(),
        f"{born.year}年{born.month}月{born.day}日",
        f"{born:%Y.%m.%d}",
    ]


def test_a11_the_public_notice_shows_what_a_publicity_notice_carries(client, scored):
    _office(scored["campaign"])
    appointment = _in_publicity(scored)
    cadre = appointment.application.cadre
    born, joined = cadre.birth_date, cadre.party_join_date
    body = client.get(PAGE).content.decode()
    days = calendar()
    start, end = days.publicity, days.publicity_end
    assert (
        f"{cadre.name}，{cadre.sex}，{born.year}年{born.month}月生，汉族，浙江嘉兴人，"
        f"中共党员（{joined.year}年{joined.month}月入党），"
        "全日制教育大学本科学历、法学学士学位，在职教育硕士研究生学历、公共管理硕士学位，"
        "现任市民政局科员，拟任市财政局办公室副主任。"
    ) in body
    assert (
        f"公示时间：{start.year}年{start.month}月{start.day}日 至 "
        f"{end.year}年{end.month}月{end.day}日（5个工作日）"
    ) in body
    assert "市委组织部（竞岗交流工作领导小组办公室）" in body
    assert "受理电话：0573-82000000" in body and "来信来访地址：市行政中心3号楼512室" in body
    assert not any(value in body for value in _private(cadre))
    assert reverse("notices:publicity_pdf") in body  # the printable notice


def test_a11_the_notice_leaves_out_what_the_roster_does_not_hold(client, scored):
    appointment = _in_publicity(
        scored,
        ethnicity="",
        native_place="",
        political_status="",
        party_join_date=None,
        inservice_education="",
        inservice_degree="",
    )
    cadre = appointment.application.cadre
    born = cadre.birth_date
    body = client.get(PAGE).content.decode()
    assert (
        f"{cadre.name}，{cadre.sex}，{born.year}年{born.month}月生，"
        "全日制教育大学本科学历、法学学士学位，现任市民政局科员，拟任市财政局办公室副主任。"
    ) in body
    assert "入党" not in body and "在职教育" not in body


def test_c1_without_the_office_contact_the_notice_says_where_to_report(client, as_user, scored):
    _in_publicity(scored)
    body = client.get(PAGE).content.decode()
    assert (
        "受理电话和地址另行公布；在此之前请直接向市委组织部（竞岗交流工作领导小组办公室）反映"
        in body
    )
    assert "受理电话：" not in body and "去填写" not in body
    # The office sees what is missing and where to fill it in.
    body = as_user("office").get(PAGE).content.decode()
    assert "领导小组办公室尚未填写联系电话和办公地址" in body
    assert reverse("organisation:office_edit") in body


def test_c1_an_office_with_a_phone_only_gives_the_phone(client, scored):
    _office(scored["campaign"], address="")
    _in_publicity(scored)
    body = client.get(PAGE).content.decode()
    assert "受理电话：0573-82000000" in body
    assert "来信来访地址" not in body and "另行公布" not in body


@needs_pdf
def test_a11_the_printable_notice_carries_the_same_and_no_more(client, scored, tmp_path):
    _office(scored["campaign"])
    appointment = _in_publicity(scored)
    cadre = appointment.application.cadre
    response = client.get(PDF)
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = _pdf_text(client, tmp_path)
    flat = text.replace("\n", "")
    assert "任前公示" in text and cadre.name in flat
    assert "拟任市财政局办公室副主任" in flat and "（5个工作日）" in flat
    assert "0573-82000000" in flat and "市行政中心3号楼512室" in flat
    assert not any(value in flat for value in _private(cadre))


@needs_pdf
def test_c1_the_printable_notice_leaves_lines_for_a_missing_contact(client, scored, tmp_path):
    _in_publicity(scored)
    flat = _pdf_text(client, tmp_path).replace("\n", "")
    assert "受理电话：" in flat and "来信来访地址：" in flat
    assert "0573" not in flat


def test_a11_after_the_appointment_the_page_says_so_and_the_printable_notice_ends(client, scored):
    appointment = _in_publicity(scored)
    publish(appointment)
    body = client.get(PAGE).content.decode()
    assert appointment.application.cadre.name in body and "公示期满，已任职" in body
    assert reverse("notices:publicity_pdf") not in body
    assert client.get(PDF).status_code == 404


def test_a11_nobody_in_publicity_no_printable_notice(client, part_a):
    assert "目前没有任前公示。" in client.get(PAGE).content.decode()
    assert client.get(PDF).status_code == 404


def test_a11_the_publicity_page_is_refreshed_by_the_publicise(client, scored, public_cache):
    assert "目前没有任前公示。" in client.get(PAGE).content.decode()
    appointment = _in_publicity(scored)
    body = client.get(PAGE).content.decode()
    assert appointment.application.cadre.name in body
    # Changed behind the services' back (no event): the page comes from the cache.
    Cadre.objects.filter(pk=appointment.application.cadre_id).update(ethnicity="满族")
    assert "满族" not in client.get(PAGE).content.decode()


@needs_pdf
def test_a11_a_cached_printable_notice_keeps_its_file_name(client, scored, public_cache):
    _in_publicity(scored)
    first = client.get(PDF)
    again = client.get(PDF)
    assert again.content == first.content
    assert again["Content-Type"] == "application/pdf"
    assert again["Content-Disposition"] == first["Content-Disposition"]
