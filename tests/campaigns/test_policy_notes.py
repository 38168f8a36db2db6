"""C5 政策说明: the notes are generated from the campaign's policy, so every number they state
is the campaign's; a changed parameter changes its sentence. Page and PDF for every signed-in
role, read-only."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from cadrex.campaigns.services import campaign_policy_update
from cadrex.documents.policy_notes import policy_notes
from cadrex.rules.policy import POLICY_LABELS, Policy
from tests.conftest import requires_pdf

# One valid change of every policy parameter (weights change as a pair: they sum to 100).
CHANGES = {
    "mandatory_offer_threshold": {"mandatory_offer_threshold": 6},
    "towns_must_offer": {"towns_must_offer": False},
    "min_openings_when_mandatory": {"min_openings_when_mandatory": 2},
    "max_applications_per_person": {"max_applications_per_person": 2},
    "may_apply_to_own_unit": {"may_apply_to_own_unit": True},
    "home_unit_consent_required": {"home_unit_consent_required": False},
    "switch_allowed_in_window": {"switch_allowed_in_window": False},
    "min_qualified_to_compete": {"min_qualified_to_compete": 3},
    "min_qualified_ratio": {"min_qualified_ratio": 3},
    "shortlist_cap": {"shortlist_cap": 5},
    "shortlist_ratio": {"shortlist_ratio": 4},
    "leader_jury_size": {"leader_jury_size": 9},
    "min_office_assigned_leader_jurors": {"min_office_assigned_leader_jurors": 3},
    "min_staff_jury_size": {"min_staff_jury_size": 5},
    "leader_weight": {"leader_weight": Decimal("40"), "staff_weight": Decimal("60")},
    "staff_weight": {"leader_weight": Decimal("62.5"), "staff_weight": Decimal("37.5")},
    "trim_high": {"trim_high": 0},
    "trim_low": {"trim_low": 0},
    "trim_only_above": {"trim_only_above": 5},
    "score_min": {"score_min": Decimal("60")},
    "score_max": {"score_max": Decimal("120")},
    "score_places": {"score_places": 1},
    "score_input_places": {"score_input_places": 0},
    "tie_break_by_leader_mean": {"tie_break_by_leader_mean": False},
    "vetting_ratio": {"vetting_ratio": 3},
    "probation_months": {"probation_months": 6},
    "probation_start": {"probation_start": "notice"},
    "publicity_working_days": {"publicity_working_days": 7},
    "max_preferences": {"max_preferences": 3},
    "proposal_ratio": {"proposal_ratio": 3},
    "matching_rounds": {"matching_rounds": 2},
    "standby_months": {"standby_months": 6},
    "answer_working_days": {"answer_working_days": 5},
    "reporting_working_days": {"reporting_working_days": 15},
    "max_age": {"max_age": 45},
    "min_years_in_post": {"min_years_in_post": 2},
    "min_years_in_rank": {"min_years_in_rank": 3},
    "min_education": {"min_education": "本科"},
    "appraisal_years": {"appraisal_years": 2},
    "min_appraisal_grade": {"min_appraisal_grade": "优秀"},
    "exclude_sanctioned": {"exclude_sanctioned": False},
    "exclude_on_probation": {"exclude_on_probation": False},
    "check_recusal": {"check_recusal": False},
}


if "score_items" in POLICY_LABELS:  # the item score sheet (分项评分表)
    CHANGES["score_items"] = {"score_items": "工作思路=40；演讲表达=60"}


def _text(policy: Policy) -> str:
    return policy_notes(policy, campaign_name="测试").text


def test_c5_every_policy_parameter_has_a_change_here():
    assert set(CHANGES) == set(POLICY_LABELS)


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_c5_changing_any_parameter_changes_the_notes(name):
    assert _text(Policy(**CHANGES[name])) != _text(Policy())


def test_c5_the_default_notes_state_the_plans_numbers():
    text = _text(Policy())
    for sentence in [
        "中层干部达到8名及以上的单位，须推出不少于1个中层职位",
        "每人限报1个职位。",
        "符合条件人数少于2名的职位不进行竞岗",
        "每个职位的竞岗对象不超过10名",
        "领导评委7人，其中竞岗交流工作办公室选派不少于2人",
        "分别去掉1个最高分、1个最低分后计算平均分",
        "竞岗得分＝领导评委平均分×70%＋群众评委平均分×30%。",
        "按职位数与考察对象1:2的比例确定考察对象",
        "试用期12个月，自任职决定之日（票决日）起计算",
        "任前公示5个工作日",
        "可填报不超过2个意向单位",
        "按不超过缺员人数2倍的人数提出建议人选",
        "待岗1年",
        "10个工作日内到新单位报到",
        "近3年年度考核结果均为称职及以上等次",
    ]:
        assert sentence in text, sentence


def test_c5_changed_numbers_appear_in_their_sentences():
    policy = Policy(
        leader_weight=Decimal("40"),
        staff_weight=Decimal("60"),
        trim_high=2,
        trim_low=1,
        trim_only_above=5,
        min_staff_jury_size=5,
        vetting_ratio=3,
        standby_months=6,
        max_age=45,
        min_education="大学本科",
        shortlist_ratio=3,
        probation_start="notice",
    )
    text = _text(policy)
    assert "竞岗得分＝领导评委平均分×40%＋群众评委平均分×60%。" in text
    assert "分别去掉2个最高分、1个最低分（该组评分不多于5份时不去掉）" in text
    assert "1:3的比例" in text
    assert "待岗6个月" in text
    assert "年龄不超过45周岁。" in text
    assert "具有本科及以上学历。" in text
    assert "不超过10名且不超过职位数的3倍" in text
    assert "自任职发文之日起计算" in text
    assert "70%" not in text and "1:2" not in text


@pytest.mark.skipif("score_items" not in POLICY_LABELS, reason="no item score sheet")
def test_c5_the_item_score_sheet_is_listed_with_its_maxima():
    text = _text(Policy(score_items="工作思路=30；演讲表达=20；回答追问=30；综合素质=20"))
    assert "工作思路30分、演讲表达20分、回答追问30分、综合素质20分" in text
    assert "直接打出总分" in _text(Policy())


def test_c5_the_page_reads_the_campaigns_policy_for_every_signed_in_role(client, world, campaign):
    campaign_policy_update(
        actor=None,
        campaign=campaign,
        overrides={"leader_weight": "40", "staff_weight": "60", "vetting_ratio": 3},
    )
    url = reverse("campaigns:policy_notes")
    for persona, user in world["users"].items():
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "领导评委平均分×40%＋群众评委平均分×60%" in body, persona
        assert "1:3的比例" in body, persona
        assert "测试竞岗交流工作政策说明" in body, persona
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_c5_the_campaign_page_links_the_notes(as_user, campaign):
    body = as_user("orgdept").get(reverse("campaigns:detail")).content.decode()
    assert reverse("campaigns:policy_notes") in body
    assert reverse("campaigns:policy_notes_pdf") in body


@requires_pdf
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) 未安装")
def test_c5_the_pdf_states_the_campaigns_numbers(as_user, campaign, tmp_path):
    campaign_policy_update(
        actor=None, campaign=campaign, overrides={"probation_months": 6, "standby_months": 9}
    )
    response = as_user("cadre").get(reverse("campaigns:policy_notes_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "notes.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = "".join(text.split())
    assert "测试竞岗交流工作政策说明" in text
    assert "试用期6个月" in text and "待岗9个月" in text
    assert "70%" in text and "30%" in text
