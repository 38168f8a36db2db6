"""A8 on the chair's page: what the page says matches what the server will refuse."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.rules import RuleViolation


def _first(ready):
    return min(ready["contestants"], key=lambda c: c.order)


def test_a8_opening_scoring_twice_says_it_is_being_scored(ready):
    contestant = _first(ready)
    scoring.scoring_open(actor=None, contestant=contestant)
    with pytest.raises(RuleViolation) as refused:
        scoring.scoring_open(actor=None, contestant=contestant)
    assert refused.value.message == f"{contestant}正在评分中，不能重复开始评分。"


def test_a8_the_close_button_waits_for_every_leader_juror(ready, as_user):
    contestant = _first(ready)
    scoring.scoring_open(actor=None, contestant=contestant)
    leaders = hearing_selectors.panel_for(contestant).leaders
    for juror in leaders[:-2]:
        scoring.score_submit(juror=juror, contestant_id=contestant.pk, value="85")
    url = reverse("competition:hearing_chair", args=[ready["hearing"].pk])
    page = as_user("office").get(url).content.decode()
    assert "还有 2 位领导评委未评分" in page
    assert "结束评分并计算得分" in page and "disabled>结束评分并计算得分" in page
    for juror in leaders[-2:]:
        scoring.score_submit(juror=juror, contestant_id=contestant.pk, value="85")
    page = as_user("office").get(url).content.decode()
    assert "位领导评委未评分" not in page and "disabled>结束评分并计算得分" not in page


def test_a8_a_second_contestant_waits_and_the_refusal_names_the_hearing_and_who(ready):
    first, second = sorted(ready["contestants"], key=lambda c: c.order)[:2]
    scoring.scoring_open(actor=None, contestant=first)
    with pytest.raises(RuleViolation) as refused:
        scoring.scoring_open(actor=None, contestant=second)
    message = refused.value.message
    assert message.startswith(f"{ready['hearing']}：{first}的评分尚未结束")
