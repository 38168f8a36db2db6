"""A3 under load: parallel applications land exactly once (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cadrex.competition import services
from cadrex.competition.models import Application
from cadrex.rules import RuleViolation
from tests.competition.conftest import add_cadre

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer; the race is exercised on PostgreSQL in CI",
    ),
]


def _in_threads(jobs) -> list:
    results, barrier = [None] * len(jobs), threading.Barrier(len(jobs))

    def run(i, job):
        try:
            barrier.wait()
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
