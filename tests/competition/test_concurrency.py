"""Under load (PostgreSQL: real row locks): parallel applications land exactly once (A3);
a hearing's phones score at once, each once, and the chair's close counts exactly the scores
that landed before it (A8)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cadrex.competition.models import Application
from cadrex.competition.registration import services
from cadrex.rules import RuleViolation
from tests.competition.conftest import add_cadre

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer; the race is exercised on PostgreSQL in CI",
    ),
]


def _in_threads(jobs, limit: int = 40) -> list:
    """Start every job at the same instant. At most ``limit`` hold a database connection
    at once (PostgreSQL's default allows 100, as an app server's pool would)."""
    results, barrier = [None] * len(jobs), threading.Barrier(len(jobs))
    slots = threading.BoundedSemaphore(limit)

    def run(i, job):
        barrier.wait()
        with slots:
            try:
                results[i] = job()
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                results[i] = exc
            finally:
                connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_a3_twenty_parallel_applications_to_one_opening_all_land_once(part_a):
    people = [add_cadre(part_a["units"]["D02"], 300 + i * 2) for i in range(20)]
    opening = part_a["d01"]

    def job(cadre):
        return lambda: (
            services.application_submit(
                actor=None, cadre=cadre, opening=opening, recusal_confirmed=True
            ).pk
        )

    results = _in_threads([job(c) for c in people])
    assert all(isinstance(r, int) for r in results), results
    rows = Application.objects.filter(opening=opening)
    assert rows.count() == 20
    assert sorted(rows.values_list("cadre_id", flat=True)) == sorted(p.pk for p in people)


def test_a3_twenty_parallel_submissions_by_one_person_leave_one_application(part_a):
    yi = part_a["cadres"]["乙一"]
    openings = [part_a["d01"], part_a["t01"]] * 10

    def job(opening):
        return lambda: (
            services.application_submit(
                actor=None, cadre=yi, opening=opening, recusal_confirmed=True
            ).pk
        )

    results = _in_threads([job(o) for o in openings])
    landed = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(landed) == 1 and len(refused) == 19
    assert all(r.rule == "A3" for r in refused)
    assert Application.objects.filter(cadre=yi, active=True).count() == 1


def test_a8_two_hundred_jurors_scoring_one_contestant_at_once_each_land_once(ready):
    from cadrex.competition.hearing import scoring
    from cadrex.competition.hearing import selectors as hearing_selectors
    from cadrex.competition.hearing import services as svc
    from cadrex.competition.hearing.verify import verify_hearing
    from cadrex.competition.models import Score
    from cadrex.rules.scoring import hearing_score

    hearing = ready["hearing"]
    svc.jurors_add_staff(actor=None, hearing=hearing, names=[f"代表{i}" for i in range(195)])
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    panel = hearing_selectors.panel_for(first)
    jurors = list(panel.leaders) + list(panel.staff)
    assert len(jurors) == 207
    values = {j.pk: str(60 + (j.pk * 7) % 40) for j in jurors}

    def job(juror):
        return lambda: (
            scoring.score_submit(juror=juror, contestant_id=first.pk, value=values[juror.pk]).pk
        )

    results = _in_threads([job(j) for j in jurors[:200]])
    assert all(isinstance(r, int) for r in results), [r for r in results if not isinstance(r, int)][
        :3
    ]
    for juror in jurors[200:]:
        scoring.score_submit(juror=juror, contestant_id=first.pk, value=values[juror.pk])
    assert Score.objects.filter(contestant=first).count() == 207
    assert hearing.chain.count() == 207
    # Each juror's own chain (ADR 0003): one entry each, nobody waited for a hearing lock.
    places = sorted(hearing.chain.values_list("juror_id", "seq"))
    assert places == sorted((j.pk, 1) for j in jurors)
    closed = scoring.scoring_close(actor=None, contestant=first)
    expected = hearing_score(
        [values[j.pk] for j in panel.leaders], [values[j.pk] for j in panel.staff]
    )
    assert closed.total == expected.total
    assert verify_hearing(hearing) == []


def test_a8_one_phone_sending_ten_times_at_once_lands_once(ready):
    from cadrex.competition.hearing import scoring
    from cadrex.competition.models import Score

    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    juror = ready["staff"][0]

    def job(value):
        return lambda: scoring.score_submit(juror=juror, contestant_id=first.pk, value=value).pk

    results = _in_threads([job(str(70 + i)) for i in range(10)])
    landed = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(landed) == 1 and len(refused) == 9, results
    assert all("不能修改" in r.message for r in refused)
    assert Score.objects.filter(juror=juror).count() == 1
    assert list(juror.chain.values_list("seq", flat=True)) == [1]


def test_a8_the_chair_closing_while_phones_score_counts_exactly_what_landed(ready):
    """Sixty staff phones post as the chair closes: each score lands before the close (and
    is counted and sealed) or is refused after it; none lands behind the seal."""
    from cadrex.competition.hearing import scoring
    from cadrex.competition.hearing import selectors as hearing_selectors
    from cadrex.competition.hearing import services as svc
    from cadrex.competition.hearing.verify import verify_hearing
    from cadrex.competition.models import HearingContestant, Score

    hearing = ready["hearing"]
    svc.jurors_add_staff(actor=None, hearing=hearing, names=[f"代表{i}" for i in range(60)])
    first = ready["contestants"][0]
    scoring.scoring_open(actor=None, contestant=first)
    panel = hearing_selectors.panel_for(first)
    for juror in [*panel.leaders, *panel.staff[:5]]:
        scoring.score_submit(juror=juror, contestant_id=first.pk, value="80")
    late = list(panel.staff[5:])

    def phone(juror):
        return lambda: scoring.score_submit(juror=juror, contestant_id=first.pk, value="95").pk

    def chair():
        return scoring.scoring_close(actor=None, contestant=first).pk

    results = _in_threads([phone(j) for j in late[:30]] + [chair] + [phone(j) for j in late[30:]])
    assert results[30] == first.pk, results[30]
    phones = results[:30] + results[31:]
    landed = [r for r in phones if isinstance(r, int)]
    refused = [r for r in phones if isinstance(r, RuleViolation)]
    assert len(landed) + len(refused) == 60, [
        r for r in phones if not isinstance(r, int | RuleViolation)
    ]
    assert all("已经结束" in r.message for r in refused)
    closed = HearingContestant.objects.get(pk=first.pk)
    live = Score.objects.filter(contestant=first, voided=False)
    assert live.filter(jury="staff").count() == 5 + len(landed)
    assert verify_hearing(hearing) == []  # every landed score inside the seal, totals re-derive
    assert closed.total is not None
