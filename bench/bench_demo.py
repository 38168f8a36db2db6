"""The demo city's seed and each fast-forward step, timed; run ``python -m bench.bench_demo``.

    .venv/bin/python -m bench.bench_demo [--cadres 3000] [--quick] [--profile STEP,...]
    BENCH_DATABASE_URL=postgres://cadrex@127.0.0.1:5432/cadrex_bench .venv/bin/python -m bench.bench_demo

On a throw-away database (a SQLite file in a temporary directory, or BENCH_DATABASE_URL,
flushed first) it builds the demo city (``seed_demo``) and presses every ``demo_advance``
step in the plan's order, one after the other, as a tester would; then, on a fresh seed, one
``demo_advance matching`` straight from the seed. It does this twice in the same process:
once with the demo's batched forms (``cadrex.demo.batch_*``), and once as the baseline with
their stand-ins that call the app's service once per act (``tests/demo/reference.py``: what
the demo did before it batched them). For each step it prints the wall time, the process
CPU time and the SQL statements of both (the best of ``--repeats`` alternating runs: the
machine is shared), and the ratio baseline / batched of the CPU time. After each
chain the verify commands (verify_hearing, verify_ballot, snapshot_counts, and
verify_matching after a matching run and publish) check the fast-forwarded city.

The hearing's scoring (in the ``vetting`` step) is the hearing's own bulk path in both runs.
``--profile STEP`` prints the top of a cProfile of that step of the batched run.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import os
import pstats
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

CHAIN = [
    "qualification_review",
    "shortlist",
    "hearing",
    "vetting",
    "ballot",
    "appointment",
    "adjustment",
    "exchange_signup",
    "vacancies",
    "preferences",
    "proposals",
    "matching",
]
DIRECT = "seed → matching"


@dataclass
class Run:
    name: str
    rows: dict[str, tuple[float, float, int]] = field(default_factory=dict)


def _setup() -> str:
    tmp = tempfile.mkdtemp(prefix="cadrex-bench-demo-")
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "cadrex.settings",
            "DEBUG": "1",
            "CADREX_DEMO": "1",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    return url


@contextmanager
def _per_row_services():
    """The batched forms swapped for their one-service-call-per-act stand-ins."""
    from tests.demo import reference

    kept = []
    for module, names in reference.STAND_INS.items():
        target = importlib.import_module(f"cadrex.demo.{module}")
        for name in names:
            kept.append((target, name, getattr(target, name)))
            setattr(target, name, getattr(reference, name))
    try:
        yield
    finally:
        for target, name, value in kept:
            setattr(target, name, value)


@contextmanager
def _measured(run: Run, label: str, profile: list[str]):
    from django.db import connection

    profiler = cProfile.Profile() if label in profile else None
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        yield
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    best = run.rows.get(label)  # the best of the repeats: other processes share the cores
    run.rows[label] = (
        (min(wall, best[0]), min(cpu, best[1]), queries[0])
        if best
        else (
            wall,
            cpu,
            queries[0],
        )
    )
    print(f"  {run.name:<9} {label:<22} {wall:7.2f} s  cpu {cpu:6.2f} s  {queries[0]:>7,} SQL")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats("cadrex", 40)
        print(out.getvalue())


def _seed(cadres: int, run: Run, profile) -> None:
    from django.core.management import call_command

    with _measured(run, "seed_demo", profile):
        call_command("seed_demo", "--cadres", str(cadres), stdout=io.StringIO())


def _advance(step: str, run: Run, profile, label: str | None = None) -> None:
    from django.core.management import call_command

    with _measured(run, label or step, profile):
        call_command("demo_advance", step, stdout=io.StringIO())


def _verify() -> None:
    """The verify commands on the fast-forwarded city; any problem stops the bench."""
    from django.core.management import call_command
    from django.utils import timezone

    from cadrex.campaigns.selectors import current_campaign
    from cadrex.campaigns.services import campaign_schedule_shift
    from cadrex.exchange import services
    from cadrex.rules.schedule import Step

    said = []
    for command in ("verify_hearing", "verify_ballot", "snapshot_counts"):
        out = io.StringIO()
        call_command(command, stdout=out, stderr=out)  # exits non-zero on a problem
        said.append(f"{command} {len(out.getvalue().splitlines())} lines")
    campaign = current_campaign()
    start = timezone.now() - timedelta(minutes=1)
    campaign_schedule_shift(actor=None, campaign=campaign, step=Step.MATCHING, start=start)
    run = services.matching_run(actor=None, campaign=campaign)
    services.matching_publish(actor=None, run=run)
    out = io.StringIO()
    call_command("verify_matching", stdout=out)
    said.append(f"verify_matching {out.getvalue().split()[0]}")
    print(f"  {'':<9} verified: {', '.join(said)}")


def _flush() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def _chain(run: Run, cadres: int, profile, *, direct: bool) -> None:
    _seed(cadres, run, profile)
    for step in CHAIN:
        _advance(step, run, profile)
    _verify()
    _flush()
    if direct:
        _seed(cadres, Run(run.name), [])
        _advance("matching", run, profile, label=DIRECT)
        _verify()
        _flush()


def _table(batched: Run, services: Run) -> None:
    print(
        f"\n{'step':<22} {'per-row services':>26} {'batched':>26} {'ratio':>7}"
        f"\n{'':<22} {'wall / cpu / SQL':>26} {'wall / cpu / SQL':>26} {'(cpu)':>7}"
    )
    for label, (wall, cpu, sql) in batched.rows.items():
        w0, c0, q0 = services.rows[label]
        print(
            f"{label:<22} {w0:6.2f} s {c0:6.2f} s {q0:>7,} {wall:6.2f} s {cpu:6.2f} s {sql:>7,}"
            f" {c0 / cpu:6.1f}×"
        )
    mine = [r for r in batched.rows.items() if r[0] not in (DIRECT,)]
    slowest = max(mine, key=lambda r: r[1][0])
    print(f"slowest batched step: {slowest[0]} {slowest[1][0]:.2f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=3000)
    parser.add_argument("--quick", action="store_true", help="no run straight from the seed")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each, alternating")
    parser.add_argument("--profile", default="", help="steps (or seed_demo) to profile")
    args = parser.parse_args()
    url = _setup()
    profile = [p for p in args.profile.split(",") if p]
    print(f"database {url.split(':', 1)[0]}, {args.cadres:,} cadres")
    batched, services = Run("batched"), Run("services")
    for repeat in range(args.repeats):
        _chain(batched, args.cadres, profile if repeat == 0 else [], direct=not args.quick)
        with _per_row_services():
            _chain(services, args.cadres, [], direct=not args.quick)
    _table(batched, services)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
