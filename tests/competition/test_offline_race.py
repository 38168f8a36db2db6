"""A8 under load (PostgreSQL: real row locks): one submission retried by a phone ten times
at once — the same submission key each time — lands one score and one chain link, and
every answer is that score (ADR 0003). SQLite serialises the writers; the staged race is in
test_offline_scores."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from tests.competition.test_concurrency import _in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer; the race is exercised on PostgreSQL in CI",
    ),
]


def test_a8_ten_retries_of_one_submission_at_once_land_once(ready):
    from cadrex.competition.hearing import scoring
    from cadrex.competition.models import Juror, Score

    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror, key = ready["staff"][0], uuid.uuid4()

    def job():
        # Each request finds the juror afresh, as the phone's link does.
        phone = Juror.objects.get(pk=juror.pk)
        score = scoring.score_submit(juror=phone, contestant_id=first.pk, value="77", key=key)
        return score.pk, score.replayed

    results = _in_threads([job for _ in range(10)])
    assert all(isinstance(r, tuple) for r in results), results
    assert len({pk for pk, _ in results}) == 1
    assert sorted(replayed for _, replayed in results) == [False] + [True] * 9
    assert Score.objects.filter(juror=juror).count() == 1
    assert list(juror.chain.values_list("seq", flat=True)) == [1]
