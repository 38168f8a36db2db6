"""The main pages under load, each as a ratio to a bare view in the same run.

    .venv/bin/python -m bench.bench_pages [--sizes 3000 30000] [--seconds 3] [--repeats 3]
        [--concurrency 32] [--workers 4] [--database postgres|sqlite]

For each size a child process builds the demo city (``seed_demo``: roster, logins, campaign,
part A's openings and applications, today's counts) in a throw-away database — PostgreSQL's
``cadrex_pages_bench`` (dropped and created again; ``BENCH_PAGES_DATABASE_URL`` may point
elsewhere, but its name must start with ``cadrex_pages_bench``), or a SQLite file in a temp
dir — fast-forwards it to the hearing (contestants published, hearings set, panels ready) and
serves it with gunicorn (``-w 4``) on a loopback port. Clients are threads, each with its own
connection, sending GETs for ``--seconds`` at ``--concurrency``. Each page is measured in
``--repeats`` pairs of neighbouring slices — the bare view (``/healthz``), then the page — and
the medians are printed: requests per second, p50 and p99 latency, throughput as a ratio to
the bare view's in the paired slice, and the CPU a request costs (gunicorn's workers, their
PostgreSQL backends and this client, read from /proc) as a ratio to a bare request's. On a
quiet machine the two ratios agree; on one shared with other work the throughput swings with
the neighbours' load while the CPU per request hardly moves, so both are shown. After the
hearing phase the city is fast-forwarded to the appointment (results and 任前公示 published)
and those two notices are measured too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import median, quantiles

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/cadrex_pages_bench"
BARE = "/healthz"

# (label, path, who): who is None (anonymous), a demo login, or "juror".
HEARING_PAGES = [
    ("公告 /notices/", "/notices/", None),
    ("竞岗职位 openings", "/notices/openings/", None),
    ("每日报名人数 daily counts", "/notices/daily-counts/", None),
    ("竞岗对象名单 contestants", "/notices/contestants/", None),
    ("办公室工作台 office home", "/", "office"),
    ("干部名册 office roster", "/registry/cadres/", "office"),
    ("单位工作台 unit home", "/", "dept_op"),
    ("评委页面 juror page", "juror", "juror"),
]
RESULT_PAGES = [
    ("竞岗结果 results", "/notices/results/", None),
    ("任前公示 publicity", "/notices/publicity/", None),
]


# ------------------------------------------------------------------ the load
def _get(conn: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, bytes, list]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read(), response.getheaders()


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_of(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / _TICK


class Server:
    """gunicorn's workers and their database backends: whose CPU a request costs."""

    def __init__(self, master: subprocess.Popen, port: int):
        self.master, self.port = master, port
        self.pids: list[int] = []

    def find_pids(self) -> None:
        from django.db import connection

        workers = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == self.master.pid:
                    workers.append(int(entry.name))
        backends = []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                backends = [row[0] for row in cursor.fetchall()]
        self.pids = workers + backends

    def cpu(self) -> float:
        """Server (workers and database) plus this client, in CPU seconds."""
        return _cpu_of(self.pids) + time.process_time()


def load(server: Server, path: str, cookie: str, seconds: float, concurrency: int) -> dict:
    """``concurrency`` threads GET ``path`` until ``seconds`` have passed."""
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    cpu_before = server.cpu()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        mine, bad = [], []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status, _, _ = _get(conn, path, headers)
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad.append(status)
        conn.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = server.cpu() - cpu_before
    cuts = quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {
        "n": len(latencies),
        "rps": len(latencies) / wall,
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "cpu_ms": cpu / len(latencies) * 1000,
        "failed": len(failures),
    }


def measure(server: Server, pages: list, cookies: dict, args) -> list[dict]:
    """Each page in ``args.repeats`` pairs of slices: the bare view, then the page, so that
    each ratio compares two neighbouring slices of a machine whose load drifts. Medians."""
    out = []
    for label, path, who in pages:
        runs = []
        for _ in range(args.repeats):
            bare = load(server, BARE, "", args.seconds, args.concurrency)
            page = load(server, path, cookies.get(who, ""), args.seconds, args.concurrency)
            runs.append(
                {
                    **page,
                    "bare": bare["rps"],
                    "ratio": page["rps"] / bare["rps"],
                    "bare_cpu_ms": bare["cpu_ms"],
                    "cpu_ratio": bare["cpu_ms"] / page["cpu_ms"],
                }
            )
        keys = ("rps", "p50", "p99", "ratio", "bare", "cpu_ms", "bare_cpu_ms", "cpu_ratio")
        out.append(
            {
                "page": label,
                "path": path,
                **{k: median(r[k] for r in runs) for k in keys},
                "failed": sum(r["failed"] for r in runs),
            }
        )
    return out


# ------------------------------------------------------------------ one city (child)
def _database(kind: str, tmp: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp}/pages.sqlite3"
    url = os.environ.get("BENCH_PAGES_DATABASE_URL", PG_URL)
    name = url.rsplit("/", 1)[1].split("?")[0]
    if not name.startswith("cadrex_pages_bench"):
        raise SystemExit(f"refusing to drop {name!r}: the name must start with cadrex_pages_bench")
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def _build(cadres: int, step) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from cadrex.campaigns.selectors import current_campaign
    from cadrex.demo.city import seed_demo
    from cadrex.demo.fast_forward import fast_forward

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed_demo(today=timezone.localdate(), cadres=cadres)
    seeded = time.perf_counter()
    with transaction.atomic():
        fast_forward(current_campaign(), step)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"  built {cadres:,} cadres: seed {seeded - started:.1f} s, "
        f"fast-forward to the hearing {time.perf_counter() - seeded:.1f} s",
        flush=True,
    )


def _advance(step) -> float:
    from django.db import connection, transaction

    from cadrex.campaigns.selectors import current_campaign
    from cadrex.demo.fast_forward import fast_forward

    started = time.perf_counter()
    with transaction.atomic():
        fast_forward(current_campaign(), step)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _session(username: str) -> str:
    """A logged-in session for a demo login, straight in the session store."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from cadrex.accounts.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}"


def _juror(port: int) -> tuple[str, str]:
    """A juror's link of the first hearing, opened once (which binds this 'phone')."""
    from cadrex.competition.models import Juror

    juror = Juror.objects.filter(hearing__status="planned").order_by("hearing_id", "id").first()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    path = f"/j/{juror.token}/"
    status, body, headers = _get(conn, path, {})
    assert status == 200, (status, body[:300])
    cookies = [v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie"]
    return path, "; ".join(cookies)


def _serve(env: dict, workers: int) -> Server:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "cadrex.wsgi", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return Server(server, port)
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _print(rows: list[dict]) -> None:
    print(
        f"  {'page':<28} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'× bare':>7} "
        f"{'bare req/s':>10} {'CPU ms/req':>10} {'CPU × bare':>10}",
        flush=True,
    )
    for row in rows:
        failed = f"  ({row['failed']} not 200)" if row["failed"] else ""
        print(
            f"  {row['page']:<28} {row['rps']:>7.0f} {row['p50']:>8.1f} {row['p99']:>8.1f} "
            f"{row['ratio']:>6.2f}× {row['bare']:>10.0f} {row['cpu_ms']:>10.2f} "
            f"{row['cpu_ratio']:>9.2f}×{failed}",
            flush=True,
        )


def child(args) -> None:
    tmp = tempfile.mkdtemp(prefix="cadrex-pages-")
    url = _database(args.database, tmp)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cadrex.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
        "PYTHONWARNINGS": "ignore:No directory at",  # WhiteNoise: no collected static here
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    env.pop("PYTEST_VERSION", None)
    os.environ.update(env)
    import django

    django.setup()
    from cadrex.rules.schedule import Step

    print(f"\n{args.child:,} cadres, database {url.split(':', 1)[0]}", flush=True)
    _build(args.child, Step.HEARING)
    server = _serve(env, args.workers)
    try:
        load(server, BARE, "", 1, args.concurrency)  # every worker up and warm
        juror_path, juror_cookie = _juror(server.port)
        cookies = {who: _session(who) for who in ("office", "dept_op")}
        cookies["juror"] = juror_cookie
        pages = [
            (label, juror_path if path == "juror" else path, who)
            for label, path, who in HEARING_PAGES
        ]
        for _, path, who in pages:  # warm: templates, first render of every cached page
            load(server, path, cookies.get(who, ""), 0.5, 4)
        server.find_pids()  # every worker has its database connection by now
        print(
            f"  hearing phase: {args.concurrency} clients, gunicorn -w {args.workers}, "
            f"{args.seconds:g} s per page, median of {args.repeats}",
            flush=True,
        )
        rows = measure(server, pages, cookies, args)
        _print(rows)
        took = _advance(Step.APPOINTMENT)
        print(f"  fast-forward to the appointment {took:.1f} s; results and 任前公示", flush=True)
        for _, path, _ in RESULT_PAGES:
            load(server, path, "", 0.5, 4)
        server.find_pids()
        more = measure(server, RESULT_PAGES, {}, args)
        _print(more)
        print("RESULT " + json.dumps({"cadres": args.child, "rows": rows + more}), flush=True)
    finally:
        server.master.terminate()
        server.master.wait(10)


# ------------------------------------------------------------------ every size (parent)
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    results = []
    for size in args.sizes:
        command = [sys.executable, "-m", "bench.bench_pages", "--child", str(size)]
        for option in ("seconds", "repeats", "concurrency", "workers", "database"):
            command += [f"--{option}", str(getattr(args, option))]
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as run:
            for line in run.stdout:
                if line.startswith("RESULT "):
                    results.append(json.loads(line[len("RESULT ") :]))
                else:
                    print(line, end="", flush=True)
        if run.returncode:
            raise SystemExit(run.returncode)
    if len(results) > 1:
        print("\nas a ratio to /healthz in the same run: throughput / CPU per request")
        print(f"  {'page':<28}" + "".join(f"{r['cadres']:>16,}" for r in results))
        for i, row in enumerate(results[0]["rows"]):
            cells = "".join(
                f"{r['rows'][i]['ratio']:>8.2f}× /{r['rows'][i]['cpu_ratio']:>5.2f}×"
                for r in results
            )
            print(f"  {row['page']:<28}{cells}")


if __name__ == "__main__":
    main()
