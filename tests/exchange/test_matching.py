"""B5: matching the closed forms, freezing and hashing, publishing, verify_matching."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cadrex.audit.models import Event
from cadrex.exchange import frozen, services
from cadrex.exchange.models import MatchingRun, Placement, Preference
from cadrex.rules import RuleViolation
from cadrex.rules.matching import Matching
from cadrex.rules.matching_explain import blocking_pairs
from cadrex.rules.schedule import Step
from tests.competition.conftest import open_only


def _assignment(part_b, run) -> dict[str, str]:
    by_pk = {str(c.pk): name for name, c in part_b["candidates"].items()}
    return {by_pk[c]: u for c, u in json.loads(run.result)["assignment"].items()}


def test_b5_the_matching_of_the_small_world(through_proposals):
    run = services.matching_run(actor=None, campaign=through_proposals["campaign"])
    assert _assignment(through_proposals, run) == {
        "甲二": "D02",
        "乙一": "D01",
        "丙一": "D01",
        "丙二": "D02",
    }
    result = json.loads(run.result)
    outcomes = {
        name: result["outcomes"][str(c.pk)] for name, c in through_proposals["candidates"].items()
    }
    assert outcomes["丙二"] == {"outcome": "matched", "choice": 2}
    assert outcomes["甲三"]["outcome"] == "outranked"
    assert outcomes["乙二"]["outcome"] == "listed_nothing"
    assert run.blocking_pairs == 0 and run.published_at is None


def test_b5_running_twice_on_the_same_forms_gives_the_same_result_and_hashes(through_proposals):
    campaign = through_proposals["campaign"]
    first = services.matching_run(actor=None, campaign=campaign)
    second = services.matching_run(actor=None, campaign=campaign)
    assert first.pk != second.pk
    assert (first.inputs, first.result) == (second.inputs, second.result)
    assert first.inputs_sha256 == second.inputs_sha256 == frozen.sha256(first.inputs)
    assert first.result_sha256 == second.result_sha256 == frozen.sha256(first.result)


def test_b5_the_published_matching_has_no_blocking_pair(published):
    run = published["run"]
    inputs, result = json.loads(run.inputs), json.loads(run.result)
    matching = Matching(assignment=result["assignment"], unplaced=tuple(result["unplaced"]))
    pairs = blocking_pairs(
        matching, inputs["preferences"], inputs["proposals"], inputs["vacancies"]
    )
    assert pairs == []
    run.refresh_from_db()
    assert run.published_at is not None


def test_b5_publishing_decides_the_matched_placements(published):
    rows = {
        p.candidate.cadre.name: (p.kind, p.unit.code, p.choice)
        for p in Placement.objects.select_related("candidate__cadre", "unit")
    }
    assert rows == {
        "甲二": ("matched", "D02", 1),
        "乙一": ("matched", "D01", 1),
        "丙一": ("matched", "D01", 1),
        "丙二": ("matched", "D02", 2),
    }


def test_b5_a_second_publication_or_a_new_run_is_refused(published):
    open_only(published["campaign"], Step.MATCHING)
    with pytest.raises(RuleViolation, match="已经公布"):
        services.matching_run(actor=None, campaign=published["campaign"])
    with pytest.raises(RuleViolation, match="已经公布"):
        services.matching_publish(actor=None, run=published["run"])
    assert MatchingRun.objects.count() == 1


def test_b5_a_run_whose_forms_changed_since_cannot_be_published(through_proposals):
    campaign = through_proposals["campaign"]
    run = services.matching_run(actor=None, campaign=campaign)
    # A form changes behind the office's back (e.g. the schedule was moved and reopened).
    Preference.objects.filter(candidate=through_proposals["candidates"]["甲三"]).delete()
    events = Event.objects.count()
    with pytest.raises(RuleViolation, match="重新运行匹配"):
        services.matching_publish(actor=None, run=run)
    assert Placement.objects.count() == 0 and Event.objects.count() == events


def test_b5_matching_outside_its_window_is_refused(through_proposals):
    open_only(through_proposals["campaign"], Step.PROPOSALS)
    with pytest.raises(RuleViolation) as caught:
        services.matching_run(actor=None, campaign=through_proposals["campaign"])
    assert caught.value.rule == "S3" and "双向选择匹配" in caught.value.message
    assert MatchingRun.objects.count() == 0


def test_b5_verify_matching_reproduces_a_published_matching(published, capsys):
    call_command("verify_matching", str(published["run"].pk))
    out = capsys.readouterr().out
    assert "OK" in out and published["run"].result_sha256 in out


def test_b5_verify_matching_defaults_to_the_published_run(published, capsys):
    call_command("verify_matching")
    assert "OK" in capsys.readouterr().out


def test_b5_verify_matching_reports_a_tampered_result(published, capsys):
    run = published["run"]
    result = json.loads(run.result)
    jia2 = str(published["candidates"]["甲二"].pk)
    result["assignment"][jia2] = "T01"  # someone moves 甲二 after the fact
    MatchingRun.objects.filter(pk=run.pk).update(result=frozen.canonical(result))
    with pytest.raises(CommandError):
        call_command("verify_matching", str(run.pk))
    out = capsys.readouterr().out
    assert "结果的 SHA-256 与记录不符" in out
    assert f"交流对象 {jia2}（甲二）：记录为 T01，重新匹配为 D02" in out


def test_b5_verify_matching_reports_tampered_inputs_even_with_a_fresh_hash(published, capsys):
    run = published["run"]
    inputs = json.loads(run.inputs)
    inputs["vacancies"]["D02"] = 3  # one more seat: 甲三 would now be matched too
    text = frozen.canonical(inputs)
    MatchingRun.objects.filter(pk=run.pk).update(inputs=text, inputs_sha256=frozen.sha256(text))
    with pytest.raises(CommandError):
        call_command("verify_matching", str(run.pk))
    out = capsys.readouterr().out
    jia3 = published["candidates"]["甲三"].pk
    assert f"交流对象 {jia3}（甲三）：记录为 落岗，重新匹配为 D02" in out
    assert "互相更愿意选择对方" in out  # the stored result is not stable for these inputs


def test_b5_verify_matching_reports_inputs_the_rules_refuse(published, capsys):
    run = published["run"]
    inputs = json.loads(run.inputs)
    inputs["vacancies"]["D02"] = 1  # now D02's list of 4 is longer than 1:2 allows
    MatchingRun.objects.filter(pk=run.pk).update(inputs=frozen.canonical(inputs))
    with pytest.raises(CommandError):
        call_command("verify_matching", str(run.pk))
    out = capsys.readouterr().out
    assert "输入的 SHA-256 与记录不符" in out and "不能重新匹配" in out and "B4" in out


def test_b5_the_office_previews_with_explanations_then_publishes(client, through_proposals):
    client.force_login(through_proposals["users"]["office"])
    response = client.post(reverse("exchange:matching_run"), follow=True)
    body = response.content.decode()
    assert "无阻碍对" in body and "预览，未公布" in body
    assert "干部“甲三”落岗" in body and "干部“丙二”以第 2 意向匹配到“市民政局”" in body
    run = MatchingRun.objects.get()
    response = client.post(reverse("exchange:matching_publish", args=[run.pk]), follow=True)
    assert "双向选择匹配结果已公布" in response.content.decode()
    assert Placement.objects.count() == 4
