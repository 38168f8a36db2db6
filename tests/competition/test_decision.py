"""A9 vetting, A10 the committee ballot, A11 appointment and probation, A12 the cap, C4 talks."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.campaigns.calendar import work_calendar
from cadrex.campaigns.headcount import frozen_headcount
from cadrex.competition.decision import appointment as appointments
from cadrex.competition.decision import ballot as ballots
from cadrex.competition.decision import services as svc
from cadrex.competition.models import (
    Adjustment,
    AppointmentStatus,
    BallotRound,
    BallotStatus,
    Probation,
    Talk,
)
from cadrex.documents.appointment_form import LRMX_FIELDS, LRMX_TAIL
from cadrex.registry.models import Cadre, MiddleLevelPost
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.clock import FRIDAY, years_after
from tests.clock import current as current_clock
from tests.competition.conftest import add_cadre, open_only
from tests.competition.controls import messages_of, unlabelled
from tests.conftest import requires_pdf


@dataclass(frozen=True)
class Calendar:
    """The decision's dates, forward from the hearing (held at the clock's base instant):
    vetting and the committee's ballot on the hearing's day, the publicity notice from the
    first Friday on or after it (Friday and Monday–Thursday are its five working days), and
    the appointment published on the Monday after, once the clock has moved there."""

    hearing: date
    publicity: date
    publicity_end: date
    published: date


def calendar() -> Calendar:
    """Counted on the site's holiday calendar (ADR 0012), as the services count: a clock
    set before 国庆 or 春节 moves the publicity past the holiday."""
    days = work_calendar()
    hearing = current_clock().base.date()
    friday = hearing + timedelta(days=(FRIDAY - hearing.weekday()) % 7)
    while not days.is_working_day(friday):
        friday += timedelta(days=7)
    end = days.nth_working_day(friday, 5)
    return Calendar(
        hearing=hearing,
        publicity=friday,
        publicity_end=end,
        published=days.nth_working_day(end, 1, include_start=False),
    )


def publish(appointment):
    """The appointment published on the Monday after its publicity: the clock moves there."""
    day = calendar().published
    current_clock().move_to(day)
    return appointments.appointment_publish(actor=None, appointment=appointment, on=day)


def vetted(scored, opinions=("fit", "fit")):
    rows = svc.vetting_fix(actor=None, opening=scored["d01"])
    for row, opinion in zip(rows, opinions, strict=True):
        svc.vetting_record(
            actor=None,
            candidate=row,
            methods=["talks", "files"],
            findings="德才表现良好",
            opinion=opinion,
            vetted_on=calendar().hearing,
        )
    open_only(scored["campaign"], Step.BALLOT)
    return rows


def test_a9_the_top_two_by_score_are_the_vetting_candidates(scored):
    rows = svc.vetting_fix(actor=None, opening=scored["d01"])
    assert [r.application_id for r in rows] == [scored["top"].pk, scored["second"].pk]


def test_a9_departing_from_score_order_needs_a_written_reason(scored):
    chosen = [scored["top"].pk, scored["third"].pk]
    with pytest.raises(RuleViolation) as caught:
        svc.vetting_fix(actor=None, opening=scored["d01"], chosen=chosen)
    assert caught.value.rule == "A9" and "须写明理由" in caught.value.message
    assert not scored["d01"].vetting.exists()
    svc.vetting_fix(
        actor=None, opening=scored["d01"], chosen=chosen, reason="初步比选中该同志业务匹配度最高"
    )
    scored["d01"].refresh_from_db()
    assert scored["d01"].vetting_reason == "初步比选中该同志业务匹配度最高"
    assert Event.objects.filter(action="vetting_fix", note__contains="业务匹配度").exists()


def test_a9_a_vetting_record_needs_methods_findings_and_an_opinion(scored, clock):
    row = svc.vetting_fix(actor=None, opening=scored["d01"])[0]
    with pytest.raises(RuleViolation, match="考察方式"):
        svc.vetting_record(
            actor=None,
            candidate=row,
            methods=[],
            findings="x",
            opinion="fit",
            vetted_on=clock.today,
        )
    with pytest.raises(RuleViolation, match="考察意见"):
        svc.vetting_record(
            actor=None,
            candidate=row,
            methods=["talks"],
            findings="x",
            opinion="",
            vetted_on=clock.today,
        )


def open_ballot(scored, expected, present, mode="counted"):
    return ballots.ballot_open(
        actor=None,
        opening=scored["d01"],
        held_on=calendar().hearing,
        committee="市财政局党组",
        expected=expected,
        present=present,
        mode=mode,
        supervisor="监票人甲",
        counter="计票人乙",
    )


def test_a10_nine_members_five_present_is_recorded_and_decides_nothing(scored):
    vetted(scored)
    ballot = open_ballot(scored, 9, 5)
    assert ballot.status == BallotStatus.NO_QUORUM and ballot.elected_id is None
    assert BallotRound.objects.count() == 1 and not ballot.papers.exists()
    assert open_ballot(scored, 9, 6).round == 2  # the next meeting is the next round


def _post_papers(client, scored, ballot, for_top: int):
    """Through the page: ``for_top`` ballots for the top candidate, the rest for nobody."""
    top = str(scored["top"].pk)
    data = {"ballot": ballot.pk}
    for i in range(ballot.present):
        data[f"p{i}_returned"] = "on"
        if i < for_top:
            data[f"p{i}_{top}"] = "for"
    return client.post(
        reverse("competition:ballot_papers", args=[scored["d01"].pk]), data, follow=True
    )


@pytest.mark.parametrize(("for_top", "elected"), [(4, False), (5, True)])
def test_a10_nine_members_six_present_needs_five_votes_through_the_page(
    client, scored, for_top, elected
):
    vetted(scored)
    ballot = open_ballot(scored, 9, 6)
    client.force_login(scored["users"]["operator"])
    body = _post_papers(client, scored, ballot, for_top).content.decode()
    ballot.refresh_from_db()
    assert (ballot.elected_id == scored["top"].pk) is elected
    assert ballot.tally["threshold"] == 5
    assert ("票决产生任职人选" in body) is elected
    if not elected:
        assert "须重新票决" in body
        second = open_ballot(scored, 9, 7)  # a new round is recorded as such
        assert second.round == 2


def test_a10_a_tie_at_the_seat_is_re_voted_among_the_tied(scored):
    vetted(scored)
    ballot = open_ballot(scored, 10, 10)
    top, second = str(scored["top"].pk), str(scored["second"].pk)
    # Six ballots back each of them alone would be twelve "for" from ten members: a tie
    # above the threshold needs each to reach 6 on separate ballots, so use 2 seats' worth of
    # abstention instead — both at 5 of 10 expected is below the threshold: nobody passes.
    ballots.ballot_enter_papers(
        actor=None, ballot=ballot, papers=[{top: "for"}] * 5 + [{second: "for"}] * 5
    )
    counted = ballots.ballot_count(actor=None, ballot=ballot)
    assert counted.elected_id is None and counted.tally["threshold"] == 6
    assert counted.tally["decided"] is False
    again = open_ballot(scored, 10, 10)
    assert again.round == 2 and again.candidates == [top, second]


def test_a10_a_secret_ballot_paper_with_too_many_for_is_counted_invalid(scored):
    from cadrex.competition.decision import secret_ballot

    vetted(scored)
    members = [f"成员{i}" for i in range(6)]
    ballot = ballots.ballot_open(
        actor=None,
        opening=scored["d01"],
        held_on=calendar().hearing,
        committee="市财政局党组",
        expected=9,
        present=6,
        mode="secret",
        voters=members,
    )
    secret = secret_ballot.terminal_claim(
        token=ballot.terminal_token, pin="864209", pin_again="864209"
    )
    top, second = str(scored["top"].pk), str(scored["second"].pk)
    papers = [{top: "for", second: "against"}] * 5 + [{top: "for", second: "for"}]
    for voter, marks in zip(ballot.voters.all(), papers, strict=True):
        secret_ballot.ballot_issue(
            token=ballot.terminal_token, secret=secret, voter_id=voter.pk, pin="864209"
        )
        if len(marks) == 2 and set(marks.values()) == {"for"}:  # a spoilt paper: confirmed
            with pytest.raises(RuleViolation, match="将作为无效票"):
                secret_ballot.ballot_cast(token=ballot.terminal_token, secret=secret, marks=marks)
        secret_ballot.ballot_cast(
            token=ballot.terminal_token, secret=secret, marks=marks, confirm_spoil=True
        )
    counted = ballots.ballot_count(actor=None, ballot=ballot)
    assert counted.tally["valid"] == 5 and counted.tally["invalid"] == 1
    assert counted.elected_id == scored["top"].pk
    assert ballot.papers.count() == 6


def elected(scored):
    vetted(scored)
    ballot = open_ballot(scored, 9, 7)
    top = str(scored["top"].pk)
    ballots.ballot_enter_papers(actor=None, ballot=ballot, papers=[{top: "for"}] * 6 + [{}])
    ballots.ballot_count(actor=None, ballot=ballot)
    open_only(scored["campaign"], Step.APPOINTMENT)
    return appointments.appointment_prepare(
        actor=None, opening=scored["d01"], reason="竞岗得分第一，考察、票决通过"
    )


def test_a11_from_ballot_to_a_published_appointment_and_its_probation(scored, clock):
    appointment = elected(scored)
    cadre = appointment.application.cadre
    home = cadre.unit
    assert appointment.promotion  # a general cadre becoming a deputy section chief
    appointments.appointment_submit(actor=scored["users"]["leader"], appointment=appointment)
    with pytest.raises(RuleViolation, match="退回时须写明原因"):
        appointments.appointment_review(
            actor=scored["users"]["orgdept"], appointment=appointment, approve=False
        )
    appointments.appointment_review(
        actor=scored["users"]["orgdept"], appointment=appointment, approve=True
    )
    days = calendar()
    assert days.publicity.weekday() == FRIDAY
    appointment = appointments.appointment_publicise(
        actor=None, appointment=appointment, start=days.publicity
    )
    assert appointment.publicity_end == days.publicity_end  # Friday + Monday–Thursday
    clock.move_to(days.publicity_end)  # the notice's last day
    with pytest.raises(RuleViolation, match="期满后才能发文"):
        appointments.appointment_publish(actor=None, appointment=appointment, on=days.publicity_end)
    published = publish(appointment)
    assert published.status == AppointmentStatus.PUBLISHED
    cadre.refresh_from_db()
    assert cadre.unit == scored["d01"].unit and cadre.unit != home
    assert cadre.middle_level_post.section == "办公室" and cadre.middle_level_post.level == "deputy"
    probation = Probation.objects.get(appointment=appointment)
    # Decided by the ballot on the hearing's day: 12 months of probation, to that day a year on.
    a_year_on = years_after(days.hearing, 1)
    assert (probation.start, probation.end) == (days.hearing, a_year_on)
    assert cadre.probation_until == a_year_on


def test_a11_the_orgdept_sees_probations_ending_soon_and_records_a_removal(client, scored, clock):
    appointment = elected(scored)
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    appointment = appointments.appointment_publicise(
        actor=None, appointment=appointment, start=calendar().publicity
    )
    publish(appointment)
    probation = Probation.objects.get()
    Probation.objects.filter(pk=probation.pk).update(end=clock.days(10))
    client.force_login(scored["users"]["orgdept"])
    page = client.get(reverse("competition:appointments"))
    assert [p.pk for p in page.context["ending"]] == [probation.pk]
    clock.move_to(clock.days(10))  # the term is served: a conclusion may be recorded
    client.post(
        reverse("competition:probation_conclude", args=[probation.pk]),
        {"outcome": "removed", "note": "不胜任"},
    )
    cadre = Cadre.objects.get(pk=appointment.application.cadre_id)
    assert (
        not MiddleLevelPost.objects.filter(cadre=cadre).exists() and cadre.probation_until is None
    )


def test_a11_dates_in_the_future_are_refused(scored, clock):
    tomorrow = clock.days(1)
    rows = svc.vetting_fix(actor=None, opening=scored["d01"])
    with pytest.raises(RuleViolation, match="考察日期不能晚于今天"):
        svc.vetting_record(
            actor=None,
            candidate=rows[0],
            methods=["talks"],
            findings="好",
            opinion="fit",
            vetted_on=tomorrow,
        )
    appointment = elected(scored)
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    appointment = appointments.appointment_publicise(
        actor=None, appointment=appointment, start=calendar().publicity
    )
    with pytest.raises(RuleViolation, match="发文日期不能晚于今天"):
        appointments.appointment_publish(actor=None, appointment=appointment, on=tomorrow)
    assert not Probation.objects.exists()


def test_a12_the_headcount_is_frozen_when_the_campaign_opens(scored):
    unit = scored["d01"].unit
    before = frozen_headcount(scored["campaign"], unit)
    MiddleLevelPost.objects.filter(unit=unit).first().delete()
    assert frozen_headcount(scored["campaign"], unit) == before


def test_a12_a_unit_over_its_frozen_count_is_flagged_and_blocked_until_it_adjusts(client, scored):
    appointment = elected(scored)
    unit = scored["d01"].unit
    extra = Cadre.objects.filter(unit=unit, middle_level_post__isnull=True).first()
    MiddleLevelPost.objects.create(
        cadre=extra, unit=unit, section="新科", level="deputy"
    )  # over by one
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    appointment = appointments.appointment_publicise(
        actor=None, appointment=appointment, start=calendar().publicity
    )
    with pytest.raises(RuleViolation) as caught:
        publish(appointment)
    assert caught.value.rule == "A12" and "超出1人" in caught.value.message
    client.force_login(scored["users"]["office"])
    over = client.get(reverse("competition:headcounts")).context["over"]
    assert [r["unit"] for r in over] == [unit]
    open_only(scored["campaign"], Step.ADJUSTMENT)
    with pytest.raises(RuleViolation, match="A12|超出"):
        svc.adjustment_record(
            actor=None,
            campaign=scored["campaign"],
            unit=unit,
            kind="rotation",
            cadre=add_cadre(unit, 880, name="新提拔者"),
            action="assign",
            section="又一科",
            level="deputy",
        )
    svc.adjustment_record(
        actor=None,
        campaign=scored["campaign"],
        unit=unit,
        kind="all_compete",
        cadre=extra,
        action="release",
    )
    open_only(scored["campaign"], Step.APPOINTMENT)
    published = publish(appointment)
    assert published.status == AppointmentStatus.PUBLISHED


def _published(scored):
    appointment = elected(scored)
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    appointment = appointments.appointment_publicise(
        actor=None, appointment=appointment, start=calendar().publicity
    )
    return publish(appointment)


def test_c4_the_unit_records_a_talk_with_each_contestant_not_appointed(client, scored, clock):
    _published(scored)
    client.force_login(scored["users"]["operator"])
    pending = list(client.get(reverse("competition:talks")).context["pending"])
    assert {p.application_id for p in pending} == {scored["second"].pk, scored["third"].pk}
    client.post(
        reverse("competition:talks"),
        {
            "contestant": pending[0].pk,
            "talked_on": clock.today.isoformat(),
            "by": "局长",
            "note": "鼓励继续努力",
        },
    )
    assert Talk.objects.get().talked_on == clock.today
    assert len(client.get(reverse("competition:talks")).context["pending"]) == 1


# ------------------------------------------------------------------ A11, A12, C4 pages: forms


def _refused(client, url: str, data: dict, message: str) -> None:
    """A refused POST goes back to its page as it always did (302), saying why."""
    response = client.post(url, data)
    assert response.status_code == 302, response.status_code
    assert message in messages_of(response), messages_of(response)


def test_a11_a_return_without_a_reason_comes_back_as_typed_and_changes_nothing(client, scored):
    appointment = elected(scored)
    appointments.appointment_submit(actor=None, appointment=appointment)
    client.force_login(scored["users"]["orgdept"])
    page_url = reverse("competition:appointments")
    assert unlabelled(client.get(page_url).content.decode()) == []
    url = reverse("competition:appointment_review", args=[appointment.pk])
    events = Event.objects.count()
    _refused(client, url, {"approve": "no", "note": "  "}, "退回时须写明原因。（规则 A11）")
    form = client.get(page_url).context["appointments"][0].form
    assert form["approve"].value() == "no"
    assert form.errors["note"] == ["退回时须写明原因。"]
    for bad, message in [
        ({"approve": "abc", "note": "缺材料"}, "请选择审核通过或退回。（规则 A11）"),
        ({"note": "缺材料"}, "请选择审核通过或退回。（规则 A11）"),
        ({"approve": "no", "note": "长" * 301}, "意见（退回必填）最多 300 个字。（规则 A11）"),
    ]:
        _refused(client, url, bad, message)
        kept = client.get(page_url).context["appointments"][0].form
        assert kept["note"].value() == bad["note"] and kept.errors
    assert client.get(page_url).context["appointments"][0].form.errors == {}  # shown once
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SUBMITTED and Event.objects.count() == events
    done = client.post(url, {"approve": "no", "note": "缺考察材料"})
    assert done.status_code == 302
    who = appointment.application.cadre.name
    assert f"已退回{who}的任职材料，单位可修改后重新报送。" in messages_of(done)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.review_note) == ("returned", "缺考察材料")


def test_a11_a_removal_without_a_reason_keeps_the_choice_beside_its_error(client, scored, clock):
    probation = Probation.objects.get(appointment=_published(scored))
    Probation.objects.filter(pk=probation.pk).update(end=clock.days(10))
    clock.move_to(clock.days(10))
    client.force_login(scored["users"]["orgdept"])
    page_url = reverse("competition:appointments")
    assert unlabelled(client.get(page_url).content.decode()) == []
    url = reverse("competition:probation_conclude", args=[probation.pk])
    _refused(client, url, {"outcome": "removed", "note": ""}, "免职须写明理由。（规则 A11）")
    (row,) = client.get(page_url).context["probations"]
    assert row.form["outcome"].value() == "removed"
    assert row.form.errors["note"] == ["免职须写明理由。"]
    _refused(client, url, {"outcome": "abc", "note": "不胜任"}, "请选择试用期结论。（规则 A11）")
    assert client.get(page_url).context["probations"][0].form["note"].value() == "不胜任"
    probation.refresh_from_db()
    assert probation.outcome == ""
    client.post(url, {"outcome": "confirmed", "note": ""})
    probation.refresh_from_db()
    assert probation.outcome == "confirmed"


def test_a12_the_adjustment_form_keeps_what_was_typed_and_takes_only_the_units_cadres(
    client, scored
):
    open_only(scored["campaign"], Step.ADJUSTMENT)
    unit = scored["d01"].unit
    url = reverse("competition:adjustments")
    client.force_login(scored["users"]["operator"])
    assert unlabelled(client.get(url).content.decode()) == []
    holder = MiddleLevelPost.objects.filter(unit=unit).first().cadre
    stranger = Cadre.objects.exclude(unit=unit).first()
    typed = {"kind": "rotation", "cadre": holder.pk, "action": "assign", "section": "新设科"}
    _refused(client, url, {**typed, "level": ""}, "请填写科室（机构）和正副职。（规则 A12）")
    form = client.get(url).context["form"]
    assert (form["section"].value(), form["cadre"].value()) == ("新设科", str(holder.pk))
    assert form.errors["section"] == ["请填写科室（机构）和正副职。"]
    for cadre in (stranger.pk, "abc", "0", "9" * 30, "²"):
        message = "所选干部不是本单位干部，请从列表中选择。（规则 A12）"
        _refused(client, url, {**typed, "level": "deputy", "cadre": cadre}, message)
        assert client.get(url).context["form"].errors["cadre"], cadre
    _refused(client, url, {**typed, "cadre": ""}, "请选择本单位干部。（规则 A12）")
    _refused(client, url, {**typed, "kind": "abc"}, "请选择全员竞岗或局部轮岗。（规则 A12）")
    assert not Adjustment.objects.exists()
    done = client.post(url, {**typed, "level": "deputy"})
    assert done.status_code == 302 and "已记录本单位调整。" in messages_of(done)
    assert Adjustment.objects.get().section == "新设科"
    post = MiddleLevelPost.objects.get(cadre=holder)
    assert (post.section, post.level) == ("新设科", "deputy")  # a move: the headcount stays


def test_c4_a_refused_talk_comes_back_in_its_row_as_typed(client, scored, clock):
    _published(scored)
    url = reverse("competition:talks")
    client.force_login(scored["users"]["operator"])
    first, second = client.get(url).context["pending"]
    assert unlabelled(client.get(url).content.decode()) == []
    typed = {"contestant": first.pk, "talked_on": clock.days(1).isoformat(), "by": "局长"}
    _refused(client, url, {**typed, "note": "鼓励继续努力"}, "谈话日期不能晚于今天。（规则 C4）")
    rows = {c.pk: c.form for c in client.get(url).context["pending"]}
    assert rows[first.pk]["by"].value() == "局长"
    assert rows[first.pk]["note"].value() == "鼓励继续努力"
    assert rows[first.pk].errors["talked_on"] == ["谈话日期不能晚于今天。"]
    assert not rows[second.pk].is_bound
    bad_day = "请填写有效的谈话日期，如 2026-03-02。（规则 C4）"
    _refused(client, url, {**typed, "talked_on": "2026-02-30"}, bad_day)
    assert client.get(url).context["pending"][0].form.errors["talked_on"]
    gone = "该人员不在待谈话名单中，请刷新页面后重试。（规则 C4）"
    for contestant in ("abc", "0", "-1", "9" * 30, "²"):
        _refused(client, url, {**typed, "contestant": contestant}, gone)
    _refused(client, url, {**typed, "contestant": ""}, "请从列表中选择谈话对象。（规则 C4）")
    client.force_login(scored["users"]["other_operator"])  # D01's contestants are not theirs
    _refused(client, url, {**typed, "talked_on": clock.today.isoformat()}, gone)
    assert not Talk.objects.exists()


# ------------------------------------------------------------------ the forms


def test_the_appointment_form_as_docx_carries_the_record(client, scored):
    from docx import Document

    appointment = elected(scored)
    client.force_login(scored["users"]["operator"])
    response = client.get(reverse("competition:appointment_form", args=[appointment.pk, "docx"]))
    doc = Document(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    cadre = appointment.application.cadre
    assert doc.paragraphs[0].text == "干部任免审批表"
    for label, value in [
        ("姓名", cadre.name),
        ("拟任职务", "市财政局办公室副主任"),
        ("任免理由", "竞岗得分第一，考察、票决通过"),
    ]:
        assert cells[cells.index(label) + 1] == value
    assert "家庭主要成员及重要社会关系" in cells


def test_the_lrmx_is_well_formed_with_the_official_nodes_in_order(client, scored):
    appointment = elected(scored)
    cadre = appointment.application.cadre
    cadre.resume = "2010.07—2015.06  青川市民政局科员"
    cadre.save()
    client.force_login(scored["users"]["office"])
    content = client.get(
        reverse("competition:appointment_form", args=[appointment.pk, "lrmx"])
    ).content
    root = ET.fromstring(content)
    expected = [t for t, _ in LRMX_FIELDS] + ["JiaTingChengYuan"] + [t for t, _ in LRMX_TAIL]
    assert root.tag == "Person" and [child.tag for child in root] == expected
    assert root.findtext("XingMing") == cadre.name
    assert root.findtext("ChuShengNianYue") == cadre.birth_date.strftime("%Y%m")
    assert root.findtext("NiRenZhiWu") == "市财政局办公室副主任"
    assert root.findtext("JianLi") == "2010.07--2015.06  青川市民政局科员"
    assert root.findtext("ShenFenZheng") == cadre.id_number
    assert root.findtext("JiangChengQingKuang") == "无"


@requires_pdf
@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed"
)
def test_the_pdfs_render_in_chinese_with_embedded_fonts(client, scored, tmp_path):
    appointment = elected(scored)
    ballot = BallotRound.objects.get()
    client.force_login(scored["users"]["office"])
    for url, needle in [
        (reverse("competition:appointment_form", args=[appointment.pk, "pdf"]), "干部任免审批表"),
        (reverse("competition:ballot_summary", args=[ballot.pk, "pdf"]), "票决情况汇总表"),
        (reverse("competition:vetting_record_pdf", args=[scored["d01"].pk]), "考察情况"),
    ]:
        path = tmp_path / "f.pdf"
        path.write_bytes(client.get(url).content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert needle in text.replace(" ", "")
        fonts = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert "CJK" in fonts or "WenQuanYi" in fonts
        assert all(line.split()[-4] == "yes" for line in fonts.splitlines()[2:])  # embedded


def test_the_ballot_summary_xlsx_has_the_counts_and_signature_lines(client, scored):
    from openpyxl import load_workbook

    elected(scored)
    ballot = BallotRound.objects.get()
    client.force_login(scored["users"]["operator"])
    rows = list(
        load_workbook(
            io.BytesIO(
                client.get(reverse("competition:ballot_summary", args=[ballot.pk, "xlsx"])).content
            )
        ).active.iter_rows(values_only=True)
    )
    assert rows[0][0].endswith("票决情况汇总表")
    assert "应到会9人，实到会7人" in rows[1][0] and "有效7张" in rows[1][0]
    top = next(r for r in rows if r[1] == scored["top"].cadre.name)
    assert top[2:6] == (6, 0, 1, "当选")
    assert any(r[0] == "监票人：" and r[1] == "监票人甲" for r in rows)


def test_notices_name_the_unit_applied_from_even_after_the_move(client, scored):
    appointment = _published(scored)
    body = client.get(reverse("notices:contestants")).content.decode()
    cadre = Cadre.objects.get(pk=appointment.application.cadre_id)
    assert cadre.unit == scored["d01"].unit  # moved by the appointment
    assert f"{cadre.name}（市民政局）" in body  # but the notice says where they applied from


def test_a11_the_publicity_notice_is_public(client, scored):
    appointment = elected(scored)
    appointments.appointment_submit(actor=None, appointment=appointment)
    appointments.appointment_review(actor=None, appointment=appointment, approve=True)
    days = calendar()
    appointments.appointment_publicise(actor=None, appointment=appointment, start=days.publicity)
    body = client.get(reverse("notices:publicity")).content.decode()
    cadre = appointment.application.cadre
    start, end = days.publicity, days.publicity_end
    assert cadre.name in body and "市财政局办公室副主任" in body
    assert (
        f"{start.year}年{start.month}月{start.day}日 至 {end.year}年{end.month}月{end.day}日"
        in body
    )
    assert cadre.id_number not in body


def test_the_approval_form_keeps_the_post_held_before_the_move(scored):
    from cadrex.competition.decision.paperwork import approval_form
    from cadrex.documents.appointment_form import form_values

    appointment = _published(scored)
    values = form_values(approval_form(appointment))
    assert values["current_post"].startswith("市民政局")  # applied from D02, now in D01
    assert values["proposed_post"] == "市财政局办公室副主任"
