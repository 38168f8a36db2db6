"""A8 at the speed of the room: a phone's score is four statements whatever the panel, and
a phone that sends twice at once lands once, its chain whole (ADR 0003)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadrex.competition.hearing import scoring
from cadrex.competition.hearing import selectors as hearing_selectors
from cadrex.competition.hearing import services as svc
from cadrex.competition.hearing.verify import verify_hearing
from cadrex.competition.models import Juror, Score
from cadrex.rules import RuleViolation

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")


def _phone_score(url: str, contestant, value: str) -> tuple[list[str], str]:
    """A bound phone posts a score with its submission key, as juror-offline.js sends it:
    every statement the request ran (middleware included), and the page it got back."""
    phone = Client()
    phone.get(url)
    data = {"contestant": contestant.pk, "value": value, "key": str(uuid.uuid4())}
    with CaptureQueriesContext(connection) as ran:
        body = phone.post(url, data).content.decode()
    return [q["sql"] for q in ran.captured_queries], body


def _data(statements: list[str]) -> list[str]:
    return [s for s in statements if not s.upper().startswith(CONTROL)]


@pytest.mark.parametrize("more_staff", [0, 200])
def test_a8_a_phones_score_is_four_statements_whatever_the_panel(ready, more_staff):
    """A8 at room speed: the juror's link (with the policy and the chain head), the
    contestant's state with the juror's part in it (and whether the submission's key
    landed already), the chain entry, the score — four statements, with five staff jurors or two hundred more, on an empty chain or after other
    contestants closed, for a substitute standing in after a recusal; one transaction, no
    savepoint per row; the middleware reads nothing for a phone."""
    first, second, third = ready["contestants"]
    hearing = ready["hearing"]
    svc.jurors_add_staff(actor=None, hearing=hearing, names=[f"代表{i}" for i in range(more_staff)])
    sub = svc.juror_add(actor=None, hearing=hearing, jury="leader", name="替补", substitute=True)
    svc.recusal_declare(
        actor=None, juror=ready["leaders"][3], contestant=third, reason="夫妻关系", substitute=sub
    )
    for contestant, juror in (
        (first, ready["leaders"][0]),
        (second, ready["staff"][1]),
        (third, sub),
    ):
        scoring.scoring_open(actor=None, contestant=contestant)
        url = reverse("juror_page", args=[juror.token])
        statements, body = _phone_score(url, contestant, "90.5")
        assert "已提交" in body and len(_data(statements)) == 4, statements
        assert len(statements) == 6, statements  # BEGIN … COMMIT (here a savepoint): once
        panel = hearing_selectors.panel_for(contestant)
        for other in [*panel.leaders, *panel.staff[:4]]:
            if other != juror:
                scoring.score_submit(juror=other, contestant_id=contestant.pk, value="85")
        scoring.scoring_close(actor=None, contestant=contestant)
    assert verify_hearing(hearing) == []


def test_a8_a_phone_sending_twice_at_once_lands_once_and_the_chain_stays_whole(ready):
    """The juror's chain head read with the link is stale when another of the juror's
    entries landed meanwhile: the unique (juror, seq) place refuses, the submission goes
    again behind it, and the one-live-score rule refuses the second score."""
    from cadrex.competition.hearing import ledger

    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["leaders"][0]
    stale = Juror.objects.annotate(**ledger.head_annotations()).get(pk=juror.pk)
    again = Juror.objects.annotate(**ledger.head_annotations()).get(pk=juror.pk)
    scoring.score_submit(juror=stale, contestant_id=first.pk, value="80")
    with pytest.raises(RuleViolation, match="不能修改"):
        scoring.score_submit(juror=again, contestant_id=first.pk, value="81")
    assert list(juror.chain.values_list("seq", flat=True)) == [1]
    scoring.score_void(actor=ready["users"]["office"], score=Score.objects.get(), reason="重录")
    scoring.score_submit(juror=again, contestant_id=first.pk, value="82")  # behind the void
    assert list(juror.chain.order_by("seq").values_list("seq", "kind")) == [
        (1, "score"),
        (2, "void"),
        (3, "score"),
    ]
