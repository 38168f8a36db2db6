"""A8 the hearing: panel, recusal, scoring on phones, results by the rules core, integrity."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as svc
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import ChainEntry, Hearing, Juror, Score, ScoringState
from cadrex.rules import RuleViolation
from cadrex.rules.scoring import hearing_score
from tests.competition.conftest import LEADER_SCORES, STAFF_SCORES
from tests.competition.controls import messages_of, unlabelled
from tests.conftest import requires_pdf


def score_all(ready, contestant, leader_scores=LEADER_SCORES, staff_scores=STAFF_SCORES):
    for juror, value in zip(
        hearing_selectors.panel_for(contestant).leaders, leader_scores, strict=True
    ):
        scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)
    for juror, value in zip(ready["staff"], staff_scores, strict=False):
        scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)


def test_a8_the_lot_is_drawn_once_and_can_be_redone_from_its_seed(ready):
    hearing = ready["hearing"]
    order = [c.application_id for c in hearing.contestants.order_by("order")]
    assert svc.draw_order(sorted(order), hearing.lots_seed) == order
    with pytest.raises(RuleViolation, match="不能重抽"):
        svc.hearing_draw_lots(actor=None, hearing=hearing)


def test_a8_a_panel_of_six_leaders_or_one_office_juror_is_refused(ready):
    hearing = ready["hearing"]
    svc.juror_remove(actor=None, juror=ready["leaders"][6])
    with pytest.raises(RuleViolation, match="领导评委应为7人"):
        hearing_selectors.check_panel(hearing)
    svc.juror_add(actor=None, hearing=hearing, jury="leader", name="新领导")
    svc.juror_remove(actor=None, juror=ready["leaders"][0])
    svc.juror_add(actor=None, hearing=hearing, jury="leader", name="又一领导")
    with pytest.raises(RuleViolation, match="至少2人须由竞岗交流工作办公室选派"):
        hearing_selectors.check_panel(hearing)
    with pytest.raises(RuleViolation, match="开始评分|领导评委"):
        scoring.scoring_open(actor=None, contestant=ready["contestants"][0])


def test_a8_the_total_is_the_rules_cores_and_appears_when_scoring_closes(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    score_all(ready, first)
    closed = scoring.scoring_close(actor=None, contestant=first)
    expected = hearing_score(LEADER_SCORES, STAFF_SCORES)
    assert (closed.leader_mean, closed.staff_mean, closed.total) == (
        expected.leader_mean,
        expected.staff_mean,
        expected.total,
    )
    # By hand: leaders drop 95 and 80 → 436 / 5 = 87.20; staff drop 85 and 70 → 233 / 3
    # = 77.67; 87.20 × 70% + 77.67 × 30% = 61.04 + 23.301 = 84.34.
    assert closed.total == Decimal("84.34") and closed.rank == 1


def test_a8_ranks_follow_totals_then_the_leader_mean(ready):
    first, second, third = ready["contestants"]
    for contestant, bump in ((first, 0), (second, 5), (third, -5)):
        scoring.scoring_open(actor=None, contestant=contestant)
        score_all(ready, contestant, [str(int(v) + bump) for v in LEADER_SCORES])
        scoring.scoring_close(actor=None, contestant=contestant)
    ranks = {c.pk: c.rank for c in Hearing.objects.get(pk=ready["hearing"].pk).contestants.all()}
    assert (ranks[second.pk], ranks[first.pk], ranks[third.pk]) == (1, 2, 3)


def test_a8_refusals_a_score_of_101_a_second_score_and_scoring_after_close(ready):
    first = ready["contestants"][0]
    juror = ready["leaders"][0]
    with pytest.raises(RuleViolation, match="尚未开始"):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value="80")
    scoring.scoring_open(actor=None, contestant=first)
    with pytest.raises(RuleViolation, match="超出0～100分的范围"):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value="101")
    scoring.score_submit(juror=juror, contestant_id=first.pk, value="80")
    with pytest.raises(RuleViolation, match="不能修改"):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value="90")
    assert Score.objects.get(juror=juror).value == Decimal("80")
    score_all_but(ready, first, skip=juror)
    scoring.scoring_close(actor=None, contestant=first)
    with pytest.raises(RuleViolation, match="已经结束"):
        scoring.score_submit(juror=ready["staff"][0], contestant_id=first.pk, value="80")


def score_all_but(ready, contestant, skip):
    for juror, value in zip(
        hearing_selectors.panel_for(contestant).leaders, LEADER_SCORES, strict=True
    ):
        if juror != skip:
            scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)
    for juror, value in zip(ready["staff"], STAFF_SCORES, strict=False):
        scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)


def test_a8_a_link_for_another_hearing_cannot_score_here(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    other = Hearing.objects.create(
        opening=ready["t01"], scheduled_at=ready["hearing"].scheduled_at, room="X"
    )
    stranger = Juror.objects.create(hearing=other, jury="leader", name="外场", token="other-token")
    with pytest.raises(RuleViolation, match="只能用于本场"):
        scoring.score_submit(juror=stranger, contestant_id=first.pk, value="80")


def test_a8_a_recused_leader_is_replaced_and_the_jury_stays_at_seven(ready):
    hearing, first = ready["hearing"], ready["contestants"][0]
    sub = svc.juror_add(
        actor=None,
        hearing=hearing,
        jury="leader",
        name="替补",
        substitute=True,
        office_assigned=True,
    )
    recused = ready["leaders"][3]
    with pytest.raises(RuleViolation, match="替补"):
        svc.recusal_declare(actor=None, juror=recused, contestant=first, reason="夫妻关系")
    svc.recusal_declare(
        actor=None, juror=recused, contestant=first, reason="夫妻关系", substitute=sub
    )
    panel = hearing_selectors.panel_for(first)
    assert len(panel.leaders) == 7 and recused not in panel.leaders and sub in panel.leaders
    assert sub not in hearing_selectors.panel_for(ready["contestants"][1]).leaders
    scoring.scoring_open(actor=None, contestant=first)
    with pytest.raises(RuleViolation, match="不参加"):
        scoring.score_submit(juror=recused, contestant_id=first.pk, value="80")


def test_a8_a_recused_staff_juror_is_left_out_but_the_jury_must_stay_trimmable(ready):
    first = ready["contestants"][0]
    staff = ready["staff"]
    svc.recusal_declare(actor=None, juror=staff[0], contestant=first, reason="近姻亲")
    svc.recusal_declare(actor=None, juror=staff[1], contestant=first, reason="同学")
    with pytest.raises(RuleViolation, match="群众评委至少3人"):
        svc.recusal_declare(actor=None, juror=staff[2], contestant=first, reason="其他")
    assert len(hearing_selectors.panel_for(first).staff) == 3


def test_a8_the_office_voids_a_sheet_with_a_reason_and_the_juror_scores_again(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][0]
    score = scoring.score_submit(juror=juror, contestant_id=first.pk, value="18")
    with pytest.raises(RuleViolation, match="原因"):
        scoring.score_void(actor=ready["users"]["office"], score=score, reason="")
    scoring.score_void(actor=ready["users"]["office"], score=score, reason="评委误将81录为18")
    again = scoring.score_submit(juror=juror, contestant_id=first.pk, value="81")
    assert (
        again.value == Decimal("81") and Score.objects.filter(juror=juror, voided=True).count() == 1
    )


def test_a8_paper_sheets_are_marked_as_such(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    score = scoring.score_submit(
        juror=ready["staff"][0],
        contestant_id=first.pk,
        value="77.5",
        paper=True,
        actor=ready["users"]["office"],
    )
    assert score.paper and score.entered_by == ready["users"]["office"]


def test_a8_verify_hearing_checks_the_chain_and_reports_a_tampered_score(ready, capsys):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    score_all(ready, first)
    scoring.scoring_close(actor=None, contestant=first)
    hearing = ready["hearing"]
    assert verify_hearing(hearing) == []
    call_command("verify_hearing", str(hearing.pk))
    assert "核验通过" in capsys.readouterr().out
    Score.objects.filter(pk=Score.objects.filter(juror=ready["leaders"][2]).get().pk).update(
        value=Decimal("99")
    )
    problems = verify_hearing(hearing)
    assert any("与评分链记录不符" in p and "99" in p for p in problems)
    assert any("重新计算" in p for p in problems)
    with pytest.raises(SystemExit):
        call_command("verify_hearing", str(hearing.pk))


def test_a8_verify_hearing_reports_a_tampered_chain_entry(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    scoring.score_submit(juror=ready["leaders"][0], contestant_id=first.pk, value="80")
    scoring.score_submit(juror=ready["leaders"][1], contestant_id=first.pk, value="82")
    entry = ChainEntry.objects.get(juror=ready["leaders"][0], seq=1)  # each juror has a chain
    ChainEntry.objects.filter(pk=entry.pk).update(payload={**entry.payload, "value": "88.00"})
    problems = verify_hearing(ready["hearing"])
    assert any("第1条的哈希不符" in p for p in problems)


def test_a8_the_juror_page_binds_the_link_to_the_first_phone(client, ready):
    juror = ready["leaders"][0]
    url = reverse("juror_page", args=[juror.token])
    first = client.get(url)
    assert first.status_code == 200 and "请等待" in first.content.decode()
    from django.test import Client

    other_phone = Client()
    refused = other_phone.get(url)
    assert refused.status_code == 403 and "另一台设备" in refused.content.decode()
    assert client.get(url).status_code == 200  # the bound phone keeps working


def test_a8_the_juror_page_scores_and_refuses_a_second_submission(client, ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    url = reverse("juror_page", args=[ready["leaders"][0].token])
    client.get(url)
    body = client.post(url, {"contestant": first.pk, "value": "101"}).content.decode()
    assert "超出0～100分的范围" in body
    body = client.post(url, {"contestant": first.pk, "value": "88.5"}).content.decode()
    assert "88.50" in body and "已提交" in body
    assert Score.objects.get(juror=ready["leaders"][0]).value == Decimal("88.5")
    body = client.post(url, {"contestant": first.pk, "value": "90"}).content.decode()
    assert "不能修改" in body
    assert Score.objects.filter(juror=ready["leaders"][0]).count() == 1


def test_a8_an_unknown_link_is_refused(client, ready):
    response = client.get(reverse("juror_page", args=["no-such-token"]))
    assert response.status_code == 403 and "评分链接无效" in response.content.decode()


def test_a8_the_chair_sees_who_scored_but_no_score_until_close(client, ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    scoring.score_submit(juror=ready["leaders"][0], contestant_id=first.pk, value="87.25")
    client.force_login(ready["users"]["leader"])  # D01's leader chairs D01's hearing
    body = client.get(
        reverse("competition:hearing_chair", args=[ready["hearing"].pk])
    ).content.decode()
    assert "领导0 ✓" in body and "87.25" not in body


def test_a8_the_summary_and_the_public_results(client, ready):
    import io

    from openpyxl import load_workbook

    for contestant in ready["contestants"]:
        scoring.scoring_open(actor=None, contestant=contestant)
        score_all(ready, contestant)
        scoring.scoring_close(actor=None, contestant=contestant)
    client.force_login(ready["users"]["office"])
    xlsx = client.get(reverse("competition:score_summary", args=[ready["hearing"].pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0].endswith("竞岗得分汇总表")
    assert str(rows[3][9]) == "84.34"
    assert any(r and r[0] == "计分人：" for r in rows)
    client.post(reverse("competition:results_publish", args=[ready["hearing"].pk]))
    public = client.get(reverse("notices:results")).content.decode()
    assert "竞岗人0" in public and "84.34" in public and "领导0" not in public


def test_a8_the_summary_dates_the_hearing_in_beijing_time(client, ready, clock):
    """At 00:30 in Beijing it is still yesterday in UTC: the summary gives the Beijing date."""
    import io

    from openpyxl import load_workbook

    from cadrex.competition.models import Hearing

    half_past_midnight = clock.at(clock.today, 0, 30)
    Hearing.objects.filter(pk=ready["hearing"].pk).update(scheduled_at=half_past_midnight)
    client.force_login(ready["users"]["office"])
    xlsx = client.get(reverse("competition:score_summary", args=[ready["hearing"].pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    day = f"{clock.today.year}年{clock.today.month}月{clock.today.day}日"
    assert rows[1][0] == f"时间：{day}　地点：三楼会议室"
    assert rows[-1][9] == f"日期：{day}"


def test_a8_results_cannot_be_published_before_everyone_is_scored(ready):
    with pytest.raises(RuleViolation, match="未完成评分"):
        scoring.results_publish(actor=None, hearing=ready["hearing"])
    assert ready["hearing"].contestants.filter(scoring=ScoringState.WAITING).count() == 3


@requires_pdf
def test_a8_the_summary_prints_as_pdf(client, ready):
    for contestant in ready["contestants"]:
        scoring.scoring_open(actor=None, contestant=contestant)
        score_all(ready, contestant)
        scoring.scoring_close(actor=None, contestant=contestant)
    client.force_login(ready["users"]["office"])
    pdf = client.get(reverse("competition:score_summary", args=[ready["hearing"].pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


# ------------------------------------------------------------------ the pages' forms


def _unscheduled(ready):
    """D01's opening with its contestants published and no hearing scheduled yet."""
    ready["hearing"].delete()
    return ready["d01"]


def test_a8_a_schedule_with_a_bad_time_or_no_room_comes_back_as_typed(ready, as_user, clock):
    opening = _unscheduled(ready)
    office = as_user("office")
    assert unlabelled(office.get(reverse("competition:hearings")).content.decode()) == []
    url = reverse("competition:hearing_schedule", args=[opening.pk])
    for when in ("2026-02-30T09:00", "abc", "", "0001-01-01T00:00"):
        page = office.post(url, {"scheduled_at": when, "room": "五楼"})
        assert page.status_code == 200 and "请填写正确的竞岗时间。" in messages_of(page)
        form = next(o for o in page.context["openings"] if o.pk == opening.pk).schedule_form
        assert form["room"].value() == "五楼"
    when = clock.now.strftime("%Y-%m-%dT%H:%M")
    page = office.post(url, {"scheduled_at": when, "room": " "})
    assert page.status_code == 200 and "请填写竞岗地点。（规则 A8）" in messages_of(page)
    form = next(o for o in page.context["openings"] if o.pk == opening.pk).schedule_form
    assert form.errors["room"] == ["请填写竞岗地点。"] and form["scheduled_at"].value() == when
    assert not Hearing.objects.filter(opening=opening).exists()
    done = office.post(url, {"scheduled_at": when, "room": "五楼"})
    hearing = Hearing.objects.get(opening=opening)
    assert done.status_code == 302 and done["Location"].endswith(f"/hearings/{hearing.pk}/")
    assert hearing.room == "五楼"


def test_a8_the_setup_forms_come_back_as_typed_when_refused(ready, as_user):
    hearing = ready["hearing"]
    office = as_user("office")
    assert (
        unlabelled(
            office.get(reverse("competition:hearing_setup", args=[hearing.pk])).content.decode()
        )
        == []
    )
    jurors = Juror.objects.count()
    page = office.post(
        reverse("competition:juror_add", args=[hearing.pk]),
        {"jury": "leader", "name": " ", "affiliation": "市委组织部", "office_assigned": "on"},
    )
    assert page.status_code == 200 and "请填写评委姓名。（规则 A8）" in messages_of(page)
    form = page.context["juror_form"]
    assert form.errors["name"] == ["请填写评委姓名。"]
    assert form["affiliation"].value() == "市委组织部" and form["office_assigned"].value()
    page = office.post(
        reverse("competition:jurors_add_staff", args=[hearing.pk]),
        {"names": "群众甲\n" + "长" * 51},
    )
    assert (
        page.status_code == 200
        and "第2行的评委姓名过长" in page.context["staff_form"].errors["names"][0]
    )
    assert Juror.objects.count() == jurors
    url = reverse("competition:recusal_declare", args=[hearing.pk])
    first = ready["contestants"][0]
    page = office.post(
        url, {"juror": ready["leaders"][3].pk, "contestant": first.pk, "reason": "夫妻关系"}
    )
    assert page.status_code == 200
    form = page.context["recusal_form"]
    assert "替补" in form.errors["substitute"][0] and form["reason"].value() == "夫妻关系"
    for bad in ("abc", "0", str(2**63), str(ready["leaders"][3].pk + 1000)):
        refused = office.post(url, {"juror": bad, "contestant": first.pk, "reason": "x"})
        assert refused.status_code == 404
    assert not first.recusals.exists()


def test_a8_a_refused_void_or_paper_sheet_comes_back_as_typed(ready, as_user):
    hearing, first = ready["hearing"], ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    score = scoring.score_submit(juror=ready["leaders"][0], contestant_id=first.pk, value="18")
    office = as_user("office")
    chair = office.get(reverse("competition:hearing_chair", args=[hearing.pk]))
    assert unlabelled(chair.content.decode()) == []
    page = office.post(
        reverse("competition:score_void", args=[hearing.pk]), {"score": score.pk, "reason": ""}
    )
    assert page.status_code == 200 and "作废评分须写明原因。（规则 A8）" in messages_of(page)
    void = re.search(r"<details open>.*?</details>", page.content.decode(), re.S)
    assert void and re.search(r'<input [^>]*name="reason"[^>]* autofocus', void.group())
    paper = reverse("competition:score_paper", args=[hearing.pk])
    page = office.post(
        paper, {"juror": ready["staff"][0].pk, "contestant": first.pk, "value": "101"}
    )
    assert page.status_code == 200 and any("超出0～100分的范围" in m for m in messages_of(page))
    assert page.context["paper_form"]["value"].value() == "101"
    refused = office.post(paper, {"juror": "abc", "contestant": first.pk, "value": "80"})
    assert refused.status_code == 404
    score.refresh_from_db()
    assert not score.voided and Score.objects.filter(contestant=first).count() == 1


def test_a8_the_live_parts_poll_as_named_partials(client, ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    client.force_login(ready["users"]["leader"])
    chair = reverse("competition:hearing_chair", args=[ready["hearing"].pk])
    part = client.get(chair, HTTP_HX_REQUEST="true").content.decode()
    assert (
        'data-testid="contestant-1"' in part and "<html" not in part and 'id="progress"' not in part
    )
    phone = Client()
    url = reverse("juror_page", args=[ready["leaders"][0].token])
    page = phone.get(url).content.decode()
    assert unlabelled(page) == [] and 'id="panel"' in page
    part = phone.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="value"' in part and "<html" not in part and 'id="panel"' not in part


def test_a8_the_phone_keeps_a_refused_score_for_the_same_contestant_only(ready):
    first, second = ready["contestants"][0], ready["contestants"][1]
    scoring.scoring_open(actor=None, contestant=first)
    phone = Client()
    url = reverse("juror_page", args=[ready["leaders"][0].token])
    phone.get(url)
    body = phone.post(url, {"contestant": first.pk, "value": "101"}, HTTP_HX_REQUEST="true")
    assert "超出0～100分的范围" in body.content.decode()
    assert _typed_score(body) == "101"
    body = phone.post(url, {"contestant": second.pk, "value": "77"}, HTTP_HX_REQUEST="true")
    assert "尚未开始" in body.content.decode()
    assert _typed_score(body) is None  # the form is the open contestant's: another person
    assert not Score.objects.exists()


def _typed_score(response) -> str | None:
    """What the phone's score box shows (None: empty)."""
    box = re.search(r'<input [^>]*name="value"[^>]*>', response.content.decode())
    assert box, "the phone shows no score box"
    value = re.search(r' value="([^"]*)"', box.group())
    return value.group(1) if value else None
