"""A8 through a dropped Wi-Fi: the phone keeps a confirmed score and sends it again with the
submission key it made, so the score lands once and never twice (ADR 0003). The key is not
part of the chain: the chain and ``verify_hearing`` stand as they did."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.hearing.views import OUTCOME_HEADER
from cadrex.competition.models import ChainEntry, Score
from cadrex.rules import RuleViolation
from tests.competition.conftest import LEADER_SCORES, STAFF_SCORES
from tests.competition.test_phones import CONTROL


def _close(ready, contestant, skip=()):
    """Every leader of the panel but ``skip`` and the staff jurors but the first score, then
    the chair closes."""
    for juror, value in zip(
        hearing_selectors.panel_for(contestant).leaders, LEADER_SCORES, strict=True
    ):
        if juror not in skip:
            scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)
    for juror, value in zip(ready["staff"][1:], STAFF_SCORES, strict=False):
        scoring.score_submit(juror=juror, contestant_id=contestant.pk, value=value)
    scoring.scoring_close(actor=None, contestant=contestant)


def _phone(juror) -> tuple[Client, str]:
    phone, url = Client(), reverse("juror_page", args=[juror.token])
    phone.get(url)  # binds the link to this phone
    return phone, url


def test_a8_the_same_key_twice_lands_one_score_and_one_chain_link(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror, key = ready["leaders"][0], uuid.uuid4()
    landed = scoring.score_submit(juror=juror, contestant_id=first.pk, value="80", key=key)
    again = scoring.score_submit(juror=juror, contestant_id=first.pk, value="80", key=key)
    assert not landed.replayed and again.replayed and again.pk == landed.pk
    assert Score.objects.filter(juror=juror).count() == 1
    assert ChainEntry.objects.filter(juror=juror).count() == 1
    assert Score.objects.get().submission_key == key
    _close(ready, first, skip=[juror])
    assert verify_hearing(ready["hearing"]) == []


def test_a8_the_phones_retry_is_answered_as_accepted_not_as_an_error(ready):
    """The first answer was lost on the way back: the phone sends the same submission again
    and hears 200, the score it gave, and that it had landed before."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][0]
    phone, url = _phone(juror)
    data = {"contestant": first.pk, "value": "86.5", "key": str(uuid.uuid4())}
    answers = [phone.post(url, data, headers={"HX-Request": "true"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert [a[OUTCOME_HEADER] for a in answers] == ["accepted", "duplicate"]
    for answer in answers:
        assert "已提交" in answer.content.decode() and "86.50" in answer.content.decode()
    assert "此前已送达，未重复计分" in answers[1].content.decode()
    assert Score.objects.filter(juror=juror).count() == 1
    assert ChainEntry.objects.filter(juror=juror).count() == 1


def test_a8_a_different_key_for_a_scored_contestant_is_refused_as_before(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][0]
    scoring.score_submit(juror=juror, contestant_id=first.pk, value="80", key=uuid.uuid4())
    with pytest.raises(RuleViolation, match="不能修改"):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value="81", key=uuid.uuid4())
    with pytest.raises(RuleViolation, match="不能修改"):  # and without a key, as today
        scoring.score_submit(juror=juror, contestant_id=first.pk, value="81")
    phone, url = _phone(juror)
    answer = phone.post(url, {"contestant": first.pk, "value": "82", "key": str(uuid.uuid4())})
    assert answer[OUTCOME_HEADER] == "refused" and "不能修改" in answer.content.decode()
    assert list(Score.objects.values_list("value", flat=True)) == [80]
    assert ChainEntry.objects.filter(juror=juror).count() == 1


def test_a8_a_key_of_another_contestants_score_is_refused(ready):
    first, second = ready["contestants"][:2]
    scoring.scoring_open(actor=None, contestant=first)
    juror, key = ready["leaders"][0], uuid.uuid4()
    scoring.score_submit(juror=juror, contestant_id=first.pk, value="80", key=key)
    _close(ready, first, skip=[juror])
    scoring.scoring_open(actor=None, contestant=second)
    with pytest.raises(RuleViolation, match="另一位竞岗对象"):
        scoring.score_submit(juror=juror, contestant_id=second.pk, value="90", key=key)
    assert Score.objects.filter(juror=juror).count() == 1


def test_a8_a_score_kept_offline_and_sent_after_the_close_is_refused(ready):
    """Saved on the phone before the chair closed, sent after: refused as any late score,
    with its own outcome so the phone says 评分已结束，未能提交 and drops it."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["staff"][0]  # not needed for the close
    phone, url = _phone(juror)
    _close(ready, first)
    before = ChainEntry.objects.count()
    with pytest.raises(scoring.ScoringClosed, match="评分已经结束"):
        scoring.score_submit(juror=juror, contestant_id=first.pk, value="75", key=uuid.uuid4())
    answer = phone.post(
        url,
        {"contestant": first.pk, "value": "75", "key": str(uuid.uuid4())},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200 and answer[OUTCOME_HEADER] == "closed"
    assert "评分已经结束" in answer.content.decode()
    assert not Score.objects.filter(juror=juror).exists()
    assert ChainEntry.objects.count() == before
    assert verify_hearing(ready["hearing"]) == []


def test_a8_a_key_that_landed_before_the_close_is_still_answered_as_landed(ready):
    """The score went in, the answer was lost, the chair closed: the retry hears that it
    landed, not that scoring is over."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror, key = ready["leaders"][0], uuid.uuid4()
    landed = scoring.score_submit(juror=juror, contestant_id=first.pk, value="80", key=key)
    _close(ready, first, skip=[juror])
    again = scoring.score_submit(juror=juror, contestant_id=first.pk, value="80", key=key)
    assert again.replayed and again.pk == landed.pk
    assert verify_hearing(ready["hearing"]) == []


def test_a8_a_refused_value_is_said_and_nothing_lands(ready):
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][0]
    phone, url = _phone(juror)
    key = str(uuid.uuid4())
    answer = phone.post(url, {"contestant": first.pk, "value": "101", "key": key})
    assert answer[OUTCOME_HEADER] == "refused" and "101" in answer.content.decode()
    assert not Score.objects.exists()
    bad = phone.post(url, {"contestant": first.pk, "value": "80", "key": "not-a-uuid"})
    assert bad[OUTCOME_HEADER] == "refused" and "提交编号无效" in bad.content.decode()
    assert not Score.objects.exists()
    # The juror types again: a new submission with its own key lands.
    ok = phone.post(url, {"contestant": first.pk, "value": "80", "key": str(uuid.uuid4())})
    assert ok[OUTCOME_HEADER] == "accepted" and Score.objects.count() == 1


def test_a8_two_retries_racing_past_the_keys_read_land_once_by_the_constraint(ready, monkeypatch):
    """Both retries read the contestant's state before either committed (PostgreSQL's read
    committed; SQLite serialises them, so the race is staged): the second's read does not
    see the first's score, its chain place is taken, it goes again behind, and its score
    meets the unique (juror, key) constraint — rolled back with its chain entry, and
    answered as the duplicate it is."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror, key = ready["leaders"][0], uuid.uuid4()
    landed = scoring.score_submit(juror=juror, contestant_id=first.pk, value="80", key=key)

    real = scoring._contestant_for
    blind = []

    def stale_read(j, contestant_id, k=None):
        contestant, scores, _ = real(j, contestant_id, k)
        blind.append(k)
        return contestant, scores, None  # as read before the first retry committed

    monkeypatch.setattr(scoring, "_contestant_for", stale_read)
    stale = type(juror).objects.get(pk=juror.pk)
    stale.chain_head_seq, stale.chain_head_hash = 0, ""  # the head as read with the link
    again = scoring.score_submit(juror=stale, contestant_id=first.pk, value="80", key=key)
    assert blind == [key, key]  # behind on the chain once, then the constraint
    assert again.replayed and again.pk == landed.pk
    assert Score.objects.count() == 1
    assert list(ChainEntry.objects.values_list("seq", flat=True)) == [1]
    monkeypatch.undo()
    _close(ready, first, skip=[juror])
    assert verify_hearing(ready["hearing"]) == []


def test_a8_a_voided_submission_sent_again_is_not_scored_again(ready):
    """The office voided the sheet; the phone's late retry of it does not bring it back,
    and the juror may score again with a new submission."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror, key = ready["leaders"][0], uuid.uuid4()
    score = scoring.score_submit(juror=juror, contestant_id=first.pk, value="18", key=key)
    scoring.score_void(actor=ready["users"]["office"], score=score, reason="手误")
    phone, url = _phone(juror)
    answer = phone.post(url, {"contestant": first.pk, "value": "18", "key": str(key)})
    assert answer[OUTCOME_HEADER] == "duplicate"
    assert 'name="value"' in answer.content.decode()  # the sheet again: score anew
    assert Score.objects.filter(voided=False).count() == 0
    scoring.score_submit(juror=juror, contestant_id=first.pk, value="81", key=uuid.uuid4())
    assert verify_hearing(ready["hearing"]) == []


def test_a8_the_key_adds_no_statement_to_a_phones_score(ready):
    """Measured: a keyed score is still four statements (the key is read with the state);
    its replay is one more (the score it landed as), a refused key after the close none."""
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][0]
    phone, url = _phone(juror)
    data = {"contestant": first.pk, "value": "90", "key": str(uuid.uuid4())}
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ran:
            phone.post(url, data, headers={"HX-Request": "true"})
        counts.append(
            len([q for q in ran.captured_queries if not q["sql"].upper().startswith(CONTROL)])
        )
    assert counts == [4, 3], counts  # the replay: link, state, the score landed — no insert
