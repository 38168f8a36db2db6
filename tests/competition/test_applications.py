"""A3 applying with home-unit consent, A4 daily counts, A5 switching."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from cadrex.accounts.models import Role, User
from cadrex.competition.models import Application, ApplicationStatus, DailyCount
from cadrex.competition.registration import services
from cadrex.rules import RuleViolation
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only
from tests.competition.controls import messages_of, unlabelled
from tests.conftest import requires_pdf

S = ApplicationStatus


def apply(cadre, opening, **kw):
    return services.application_submit(
        actor=None, cadre=cadre, opening=opening, recusal_confirmed=True, **kw
    )


def test_a3_an_application_waits_for_the_home_unit_then_reaches_the_office(part_a):
    yi = part_a["cadres"]["乙一"]  # of D02
    application = apply(yi, part_a["d01"], typed={"phone": "13800000000"})
    assert application.status == S.PENDING_CONSENT and not application.reached_office
    assert application.form["name"] == "乙一" and application.form["phone"] == "13800000000"
    services.application_consent(actor=None, application=application, agree=True)
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and application.reached_office


def test_a3_the_roster_wins_over_what_the_applicant_types(part_a):
    application = apply(part_a["cadres"]["乙一"], part_a["d01"], typed={"name": "别人"})
    assert application.form["name"] == "乙一"


def test_a3_one_application_per_person_a_second_is_refused_and_changes_nothing(part_a):
    yi = part_a["cadres"]["乙一"]
    apply(yi, part_a["d01"])
    with pytest.raises(RuleViolation) as caught:
        apply(yi, part_a["t01"])
    assert caught.value.rule == "A3" and "每人限报1个职位" in caught.value.message
    assert Application.objects.filter(cadre=yi).count() == 1


def test_a3_the_database_itself_refuses_a_second_active_application(part_a):
    yi = part_a["cadres"]["乙一"]
    first = apply(yi, part_a["d01"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            campaign=first.campaign,
            cadre=yi,
            opening=part_a["t01"],
            status=S.PENDING_CONSENT,
            slot=1,
        )


def test_a3_applying_to_ones_own_unit_is_refused(part_a):
    jia = part_a["cadres"]["甲二"]  # of D01
    with pytest.raises(RuleViolation, match="不得报名竞争本单位推出的竞岗职位"):
        apply(jia, part_a["d01"])
    assert not Application.objects.exists()


def test_a3_a_recent_appraisal_below_the_policy_is_refused(part_a, clock):
    yi = part_a["cadres"]["乙一"]
    oldest, middle, latest = clock.appraisal_years
    yi.appraisals = {str(oldest): "称职", str(middle): "基本称职", str(latest): "称职"}
    yi.save()
    with pytest.raises(RuleViolation) as caught:
        apply(yi, part_a["d01"])
    # The only reason: the years A3 looks at are exactly these three.
    assert caught.value.rule == "A3"
    assert caught.value.message.endswith(f"：{middle}年度考核为基本称职，低于称职。")
    assert "；" not in caught.value.message
    assert not Application.objects.exists()


def test_a3_the_appraisals_checked_move_with_the_year(part_a, clock):
    """A3 reads the three years before the application's year: last year's appraisal, made
    early this year, counts; the one of four years ago no longer does."""
    yi = part_a["cadres"]["乙一"]
    oldest, middle, latest = clock.appraisal_years
    yi.appraisals = {str(oldest - 1): "不称职", str(oldest): "称职", str(middle): "优秀"}
    yi.save()
    with pytest.raises(RuleViolation) as caught:
        apply(yi, part_a["d01"])
    assert f"缺少{latest}年度考核结果" in caught.value.message
    assert str(oldest - 1) not in caught.value.message
    yi.appraisals[str(latest)] = "称职"
    yi.save()
    assert apply(yi, part_a["d01"]).active


def test_a3_without_the_recusal_declaration_nothing_is_filed(part_a):
    with pytest.raises(RuleViolation, match="回避"):
        services.application_submit(
            actor=None,
            cadre=part_a["cadres"]["乙一"],
            opening=part_a["d01"],
            recusal_confirmed=False,
        )
    assert not Application.objects.exists()


def test_a3_a_decline_needs_a_reason_and_frees_the_person(part_a):
    yi = part_a["cadres"]["乙一"]
    application = apply(yi, part_a["d01"])
    with pytest.raises(RuleViolation, match="须填写理由"):
        services.application_consent(actor=None, application=application, agree=False)
    services.application_consent(actor=None, application=application, agree=False, note="工作需要")
    application.refresh_from_db()
    assert application.status == S.DECLINED and not application.active
    assert apply(yi, part_a["t01"]).active


def test_a3_only_the_home_units_leader_decides(client, part_a):
    application = apply(part_a["cadres"]["乙一"], part_a["d01"])  # home unit D02
    client.force_login(part_a["users"]["leader"])  # leader of D01
    response = client.post(reverse("competition:consent", args=[application.pk]), {"agree": "yes"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == S.PENDING_CONSENT


def test_a3_a_cadre_sees_why_an_opening_is_closed_to_them(client, part_a):
    client.force_login(part_a["users"]["cadre"])  # 乙一 of D02
    rows = client.get(reverse("competition:openings")).context["rows"]
    assert all(not r["reasons"] for r in rows)
    apply(part_a["cadres"]["乙一"], part_a["d01"])
    rows = {
        r["opening"].pk: r["reasons"]
        for r in client.get(reverse("competition:openings")).context["rows"]
    }
    assert "已报名该职位" in rows[part_a["d01"].pk][0]
    assert "每人限报1个职位" in rows[part_a["t01"].pk][0]


def test_a3_a_second_application_through_the_page_is_refused_with_a_message(client, part_a):
    client.force_login(part_a["users"]["cadre"])
    first = client.post(
        reverse("competition:apply", args=[part_a["d01"].pk]), {"recusal": "on"}, follow=True
    )
    assert "报名已提交" in first.content.decode()
    second = client.post(
        reverse("competition:apply", args=[part_a["t01"].pk]), {"recusal": "on"}, follow=True
    )
    assert "每人限报1个职位" in second.content.decode()
    assert Application.objects.filter(active=True).count() == 1


def test_a5_a_switch_inside_the_window_keeps_one_application_and_the_history(part_a):
    yi = part_a["cadres"]["乙一"]
    first = apply(yi, part_a["d01"])
    services.application_consent(actor=None, application=first, agree=True)
    new = services.application_switch(
        actor=None, application=first, to=part_a["t01"], recusal_confirmed=True
    )
    first.refresh_from_db()
    assert first.status == S.SWITCHED and not first.active
    assert new.previous == first and new.status == S.SUBMITTED  # consent carries over
    assert Application.objects.filter(cadre=yi, active=True).count() == 1


def test_a5_a_switch_after_the_window_is_refused_and_changes_nothing(part_a):
    yi = part_a["cadres"]["乙一"]
    first = apply(yi, part_a["d01"])
    open_only(part_a["campaign"], Step.QUALIFICATION_REVIEW)
    with pytest.raises(RuleViolation) as caught:
        services.application_switch(
            actor=None, application=first, to=part_a["t01"], recusal_confirmed=True
        )
    assert caught.value.rule == "A5"
    first.refresh_from_db()
    assert first.active and first.opening == part_a["d01"]
    assert Application.objects.count() == 1


def test_a5_withdrawing_inside_the_window(part_a):
    application = apply(part_a["cadres"]["乙一"], part_a["d01"])
    services.application_withdraw(actor=None, application=application)
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN and not application.active


def test_a4_the_daily_snapshot_is_idempotent_and_counts_only_what_reached_the_office(part_a, clock):
    campaign = part_a["campaign"]
    yi, er = part_a["cadres"]["乙一"], part_a["cadres"]["乙二"]
    a = apply(yi, part_a["d01"])
    apply(er, part_a["d01"])  # still waiting for consent: not counted
    services.application_consent(actor=None, application=a, agree=True)
    day = clock.today
    services.counts_snapshot(campaign=campaign, day=day)
    services.counts_snapshot(campaign=campaign, day=day)
    counts = DailyCount.objects.filter(day=day)
    assert counts.count() == 2
    assert counts.get(opening=part_a["d01"]).applicants == 1


def test_a4_the_public_page_shows_today_and_the_change_but_no_names(client, part_a, clock):
    campaign = part_a["campaign"]
    a = apply(part_a["cadres"]["乙一"], part_a["d01"])
    services.counts_snapshot(campaign=campaign, day=clock.today - timedelta(days=1))
    services.application_consent(actor=None, application=a, agree=True)
    services.counts_snapshot(campaign=campaign)
    response = client.get(reverse("notices:daily_counts"))
    row = next(r for r in response.context["rows"] if r["opening"] == part_a["d01"])
    assert (row["today"], row["change"]) == (1, 1)
    body = response.content.decode()
    assert "乙一" not in body and "<svg" in body


def test_a4_the_snapshot_command_runs_for_cron(part_a, capsys, clock):
    from django.core.management import call_command

    call_command("snapshot_counts")
    call_command("snapshot_counts")
    assert DailyCount.objects.filter(day=clock.today).count() == 2
    assert "已统计 2 个职位" in capsys.readouterr().out


def test_the_application_form_prints_as_pdf_and_xlsx(client, part_a):
    import io

    from openpyxl import load_workbook

    application = apply(part_a["cadres"]["乙一"], part_a["d01"])
    client.force_login(part_a["users"]["cadre"])
    xlsx = client.get(reverse("competition:application_form", args=[application.pk, "xlsx"]))
    rows = dict(
        r
        for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert rows["姓名"] == "乙一" and rows["报名职位"] == "市财政局 办公室副主任"
    assert rows["奖惩情况"] == "无"


def test_a3_the_form_dates_the_units_opinion_in_beijing_time(client, part_a, clock):
    """Consent given at 00:30 in Beijing (yesterday in UTC) is dated today on the form."""
    import io

    from openpyxl import load_workbook

    clock.move_to(clock.at(clock.today, 0, 30))
    application = apply(part_a["cadres"]["乙一"], part_a["d01"])
    services.application_consent(actor=None, application=application, agree=True, note="同意")
    client.force_login(part_a["users"]["cadre"])
    xlsx = client.get(reverse("competition:application_form", args=[application.pk, "xlsx"]))
    rows = dict(
        r
        for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    today = clock.today
    assert rows["所在单位意见"] == f"同意。同意（{today.year}年{today.month}月{today.day}日）"


def test_a_cadre_cannot_read_another_persons_application(client, part_a):
    application = apply(part_a["cadres"]["乙二"], part_a["d01"])
    client.force_login(part_a["users"]["cadre"])  # 乙一
    assert (
        client.get(
            reverse("competition:application_form", args=[application.pk, "xlsx"])
        ).status_code
        == 404
    )


@requires_pdf
def test_the_application_form_prints_as_pdf(client, part_a):
    application = apply(part_a["cadres"]["乙一"], part_a["d01"])
    client.force_login(part_a["users"]["cadre"])
    pdf = client.get(reverse("competition:application_form", args=[application.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


# ------------------------------------------------------------------ the pages' forms


def test_a3_the_apply_page_labels_every_control(client, part_a):
    client.force_login(part_a["users"]["cadre"])
    page = client.get(reverse("competition:apply", args=[part_a["d01"].pk]))
    assert unlabelled(page.content.decode()) == []
    # Chinese labels end in a full-width colon (locale/zh_Hans), never an ASCII one.
    assert "联系电话：</label>" in page.content.decode()
    assert ":</label>" not in page.content.decode()


def test_a3_without_the_recusal_declaration_the_form_comes_back_as_typed(client, part_a):
    client.force_login(part_a["users"]["cadre"])
    url = reverse("competition:apply", args=[part_a["d01"].pk])
    page = client.post(url, {"phone": "13800000000"})
    assert page.status_code == 200
    assert any("须确认与该单位领导班子成员无应当回避的亲属关系" in m for m in messages_of(page))
    form = page.context["form"]
    assert form["phone"].value() == "13800000000" and "recusal" in form.errors
    assert not Application.objects.exists()


@pytest.mark.parametrize("phone", ["abc", "0", "=1+1", "12-34", "1" * 21, "１３８００００００００"])
def test_a3_a_phone_that_is_no_number_is_refused_beside_it_and_nothing_is_written(
    client, part_a, phone
):
    client.force_login(part_a["users"]["cadre"])
    url = reverse("competition:apply", args=[part_a["d01"].pk])
    page = client.post(url, {"phone": phone, "recusal": "on"})
    assert page.status_code == 200
    assert page.context["form"].errors["phone"] == [
        "联系电话只能填写号码，如 13800000000 或 0571-88888888。"
    ]
    assert not Application.objects.exists()


@pytest.mark.parametrize("phone", ["13800000000", "0571-88888888", "(0571) 8888 8888-123"])
def test_a3_a_mobile_or_a_landline_with_its_area_code_is_taken(client, part_a, phone):
    client.force_login(part_a["users"]["cadre"])
    client.post(
        reverse("competition:apply", args=[part_a["d01"].pk]), {"phone": phone, "recusal": "on"}
    )
    assert Application.objects.get().form["phone"] == phone


def test_a5_the_switch_field_moves_the_application(client, part_a):
    first = apply(part_a["cadres"]["乙一"], part_a["d01"])
    client.force_login(part_a["users"]["cadre"])
    url = reverse("competition:apply", args=[part_a["t01"].pk])
    done = client.post(url, {"recusal": "on", "switch": "1"})
    assert done.status_code == 302
    assert "已改报“东湖街道 党政办公室副主任”。" in messages_of(done)
    first.refresh_from_db()
    assert first.status == S.SWITCHED
    assert Application.objects.get(active=True).opening == part_a["t01"]


def test_a3_a_decline_without_a_reason_comes_back_beside_its_field(client, part_a):
    application = apply(part_a["cadres"]["乙一"], part_a["d01"])  # home unit D02
    leader = User.objects.create(
        username="leader_d02", role=Role.UNIT_LEADER, unit=part_a["units"]["D02"]
    )
    client.force_login(leader)
    leader = client
    assert unlabelled(leader.get(reverse("competition:consents")).content.decode()) == []
    url = reverse("competition:consent", args=[application.pk])
    page = leader.post(url, {"agree": "no", "note": " "})
    assert page.status_code == 200
    assert "不同意报名时须填写理由。（规则 A3）" in messages_of(page)
    form = page.context["pending"][0].decision_form
    assert form["agree"].value() == "no" and form.errors["note"] == ["不同意报名时须填写理由。"]
    for bad in ({"agree": "abc", "note": "工作需要"}, {"note": "工作需要"}):
        page = leader.post(url, bad)
        assert page.status_code == 200 and "请选择同意或不同意。" in messages_of(page)
        assert page.context["pending"][0].decision_form["note"].value() == "工作需要"
    page = leader.post(url, {"agree": "no", "note": "长" * 301})
    assert "理由最多 300 个字。" in messages_of(page)
    application.refresh_from_db()
    assert application.status == S.PENDING_CONSENT
    done = leader.post(url, {"agree": "no", "note": "工作需要"})
    assert done.status_code == 302 and "已对乙一的报名表态。" in messages_of(done)
    application.refresh_from_db()
    assert application.status == S.DECLINED


def test_a3_a_leader_who_applies_cannot_consent_to_their_own_application(part_a, client):
    """One person, several roles (ADR 0014): D02's leader is also 乙二, a cadre of D02."""
    yi = part_a["cadres"]["乙二"]
    leader = User.objects.create_user(
        "yi_leader", password="x", role=Role.UNIT_LEADER, unit=yi.unit, cadre=yi
    )
    application = apply(yi, part_a["d01"])
    with pytest.raises(RuleViolation) as caught:
        services.application_consent(actor=leader, application=application, agree=True)
    assert caught.value.rule == "A3" and "不能对本人的报名表态" in caught.value.message
    application.refresh_from_db()
    assert application.status == S.PENDING_CONSENT and application.consent_by is None
    # Through the page as well: refused with the message, nothing changes.
    client.force_login(leader)
    response = client.post(
        reverse("competition:consent", args=[application.pk]), {"agree": "yes"}, follow=True
    )
    assert "不能对本人的报名表态" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.PENDING_CONSENT
