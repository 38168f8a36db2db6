"""Roster import and export at city size, through the background job, against openpyxl's floors.

    .venv/bin/python -m bench.bench_roster_io [--cadres 30000] [--repeats 3]
    BENCH_DATABASE_URL=postgres://cadrex@127.0.0.1:5432/cadrex_bench_io \\
        .venv/bin/python -m bench.bench_roster_io

Builds a throw-away database (a SQLite file, or BENCH_DATABASE_URL, which is emptied of
roster rows first), the demo city's roster workbook at ``--cadres`` (make_demo_roster's), and
an office user. Then, each in a fresh process so that its peak memory is its own:

- **import**: the upload is saved and queued as the page does (``job_start``, timed apart as
  the request's share), then the worker runs the job (``run_pending_tasks``): guard, read,
  check every row, write in one transaction, audit. Into an empty roster.
- **re-import**: the same file again (every row compared, nothing changes).
- **export**: the office's full roster as the export job makes it (query, format, stream
  the workbook, store the file).
- **openpyxl read** (the import's floor): ``load_workbook(read_only=True)`` and every row of
  every sheet with ``values_only`` — reading alone, nothing checked or written.
- **openpyxl write** (the export's floor): ``Workbook(write_only=True)`` appending the same
  cell values, already in memory — writing alone, no query, no formatting, no formula guard.

Printed per operation: the median wall time, the process's CPU time, the database server's
CPU time (PostgreSQL), the peak resident memory of the process, the target, and the ratio to
its floor measured in the same run — the number to compare across machines, since this one is
shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICE = "bench-office"
TARGETS = {"import": 8.0, "re-import": 8.0, "export": 3.0}  # seconds at 30,000 cadres
MEMORY_TARGET_MB = 200


# ---------------------------------------------------------------------------- in a child


def _setup():
    import django

    django.setup()


def _db_ticks() -> float:
    """CPU seconds this process's database backend has used (PostgreSQL only; else 0)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(work) -> dict:
    db_before = _db_ticks()
    cpu, started = time.process_time(), time.perf_counter()
    extra = work()
    extra = extra if isinstance(extra, dict) else {}
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "db": _db_ticks() - db_before, **extra}


def _prepare(path: str, cadres: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cadrex.accounts.models import Role
    from cadrex.registry.demo import CitySize, city_workbook

    get_user_model().objects.get_or_create(username=OFFICE, defaults={"role": Role.OFFICE})
    Path(path).write_bytes(city_workbook(CitySize(cadres=cadres), timezone.localdate()))
    return {}


def _empty_roster() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("registry_middlelevelpost", "registry_cadre", "registry_unit"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)


def _import(path: str) -> dict:
    import io

    from django.contrib.auth import get_user_model

    from cadrex.jobs.models import Job, JobStatus
    from cadrex.jobs.services import OutputFile, job_start
    from cadrex.jobs.worker import run_pending_tasks
    from cadrex.registry.roster import check_roster_file
    from cadrex.registry.tasks import ROSTER_IMPORT, XLSX, roster_import_task

    office = get_user_model().objects.get(username=OFFICE)
    content = Path(path).read_bytes()

    def request():  # what the upload page does before it answers
        check_roster_file(io.BytesIO(content))
        job = job_start(
            kind=ROSTER_IMPORT,
            owner=office,
            task=roster_import_task,
            params={"filename": "bench.xlsx"},
            upload=OutputFile("bench.xlsx", content, XLSX),
        )
        return {"job": str(job.pk)}

    queued = _timed(request)
    result = _timed(run_pending_tasks)
    job = Job.objects.get(pk=queued["job"])
    assert job.status == JobStatus.DONE, (job.status, job.result, job.message)
    return {**result, "request": queued["wall"], "summary": job.result["summary"]}


def _export(path: str) -> dict:
    from django.contrib.auth import get_user_model

    from cadrex.jobs.models import Job, JobStatus
    from cadrex.jobs.selectors import job_output
    from cadrex.jobs.services import job_start
    from cadrex.jobs.worker import run_pending_tasks
    from cadrex.registry.tasks import ROSTER_EXPORT, roster_export_task

    office = get_user_model().objects.get(username=OFFICE)
    job = job_start(kind=ROSTER_EXPORT, owner=office, task=roster_export_task)
    result = _timed(run_pending_tasks)
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, (job.status, job.result, job.message)
    Path(path).write_bytes(bytes(job_output(job).content))
    return {**result, "summary": f"{job.result['cadres']} cadres, {job_output(job).size} bytes"}


def _read_floor(path: str) -> dict:
    from openpyxl import load_workbook

    def read():
        cells = 0
        wb = load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            ws.reset_dimensions()
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
        return {"summary": f"{cells} cells read"}

    return _timed(read)


def _write_floor(path: str) -> dict:
    import io

    from openpyxl import Workbook, load_workbook

    wb = load_workbook(path, read_only=True)
    sheets = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb]
    wb.close()

    def write():
        out = Workbook(write_only=True)
        for title, rows in sheets:
            ws = out.create_sheet(title)
            for row in rows:
                ws.append(row)
        buffer = io.BytesIO()
        out.save(buffer)
        return {"summary": f"{len(buffer.getvalue())} bytes"}

    return _timed(write)


def child(name: str, path: str, cadres: int) -> None:
    _setup()
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if name == "prepare":
        result = _prepare(path, cadres)
    elif name == "import":
        _empty_roster()
        result = _import(path)
    elif name == "re-import":
        result = _import(path)
    elif name == "export":
        result = _export(path)
    elif name == "openpyxl read":
        result = _read_floor(path)
    else:
        result = _write_floor(path)
    result["rss_start"] = rss_start
    result["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result, ensure_ascii=False))


# ---------------------------------------------------------------------------- the run


def _run(env: dict, name: str, path: Path, cadres: int = 0) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_roster_io", "--child", name, str(path), str(cadres)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        raise SystemExit(f"{name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(lines[-1][len("RESULT ") :])


def _row(name: str, runs: list[dict], floor: dict | None) -> str:
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    db = statistics.median(r["db"] for r in runs)
    peak = max(r["peak"] for r in runs)
    target = TARGETS.get(name)
    verdict = ""
    if target is not None:
        ok = wall < target and peak < MEMORY_TARGET_MB
        verdict = f"< {target:.0f} s, < {MEMORY_TARGET_MB} MB: {'yes' if ok else 'NO'}"
    ratio = f"{wall / statistics.median(f['wall'] for f in floor):5.2f}×" if floor else "     "
    return (
        f"{name:<14} {wall:7.2f} s  cpu {cpu:6.2f} s  db {db:5.2f} s  "
        f"peak {peak:5.0f} MB  {ratio}  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=30_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("NAME", "FILE", "CADRES"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return

    with tempfile.TemporaryDirectory(prefix="cadrex-bench-io-") as folder:
        _bench(Path(folder), args)


def _bench(tmp: Path, args) -> None:
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cadrex.settings",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    roster, exported = tmp / "roster.xlsx", tmp / "exported.xlsx"
    _run(env, "prepare", roster, args.cadres)
    load = os.getloadavg()[0]
    print(
        f"{args.cadres:,} cadres ({roster.stat().st_size // 1024} KB workbook), database "
        f"{url.split(':', 1)[0]}, median of {args.repeats}, load average at start {load:.2f} "
        f"({os.cpu_count()} cores)"
    )
    runs: dict[str, list[dict]] = {}
    for _ in range(args.repeats):
        for name, path in (
            ("openpyxl read", roster),
            ("import", roster),
            ("re-import", roster),
            ("export", exported),
            ("openpyxl write", exported),
        ):
            runs.setdefault(name, []).append(_run(env, name, path))
    print(
        f"{'':<14} {'wall':>9}  {'process cpu':>12}  {'db cpu':>8}  {'peak RSS':>13}  "
        "vs floor  target"
    )
    floors = {"import": "openpyxl read", "re-import": "openpyxl read", "export": "openpyxl write"}
    for name in ("openpyxl read", "import", "re-import", "openpyxl write", "export"):
        print(_row(name, runs[name], runs.get(floors.get(name, ""))))
    request = statistics.median(r["request"] for r in runs["import"])
    print(f"the upload request's share (guard, save, queue): {request:.2f} s")
    print(f"import: {runs['import'][-1]['summary']}")
    print(f"export: {runs['export'][-1]['summary']}")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
