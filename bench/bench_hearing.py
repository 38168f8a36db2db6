"""A burst of hearing scores through the real HTTP stack, against a bare Django view.

    .venv/bin/python -m bench.bench_hearing [--jurors 300] [--contestants 10] [--concurrency 32]

Builds a throw-away database (a SQLite file, or BENCH_DATABASE_URL, emptied first), a hearing with
``contestants`` contestants and ``jurors`` jurors (7 leaders, the rest staff), and serves it
with gunicorn on a loopback port. Each juror's phone is an HTTP client with its own cookie
jar: it opens its link once (binding the device), then for every contestant the chair opens,
all jurors post their score at once. The same number of requests then goes to ``/healthz``
(a bare Django view) at the same concurrency. Printed: throughput and p50/p99 latency of
both, and their ratio — the number to watch, since this machine is noisy. Then the CPU that
the app server's workers, the database's backends (PostgreSQL) and this client used per
request in each phase, read from /proc: what a request costs whatever else the shared
machine is doing, and so the throughput ratio a quiet machine would see when both are
CPU-bound.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import quantiles
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Phone:
    """One juror's phone: a keep-alive connection and its cookies."""

    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.token, self.cookies, self.csrf = token, {}, ""

    def _send(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.csrf,
                "Referer": "http://127.0.0.1/",
            }
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode()
        return response.status, text

    def open_link(self) -> None:
        status, text = self._send("GET", f"/j/{self.token}/")
        assert status == 200, (status, text[:200])
        self.csrf = self.cookies.get("csrftoken", "")

    def score(self, contestant: int, value: str) -> float:
        started = time.perf_counter()
        status, text = self._send(
            "POST", f"/j/{self.token}/", urlencode({"contestant": contestant, "value": value})
        )
        elapsed = time.perf_counter() - started
        assert status == 200 and "已提交" in text, (status, re.sub(r"\s+", " ", text)[:300])
        return elapsed


def _burst(phones: list[Phone], contestant: int, concurrency: int) -> tuple[list[float], float]:
    """Every phone posts its score for ``contestant`` at once."""
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        took = list(pool.map(lambda p: p.score(contestant, str(60 + hash(p.token) % 40)), phones))
    return took, time.perf_counter() - started


def _bare(port: int, n: int, concurrency: int) -> list[float]:
    local = threading.local()

    def one(_):
        conn = getattr(local, "conn", None) or http.client.HTTPConnection(
            "127.0.0.1", port, timeout=60
        )
        local.conn = conn
        started = time.perf_counter()
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        return time.perf_counter() - started

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(n)))


def _ticks(pid: int) -> int:
    """CPU time (user + system, in clock ticks) a process has used; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _processes(server: int, database: str) -> tuple[list[int], list[int]]:
    """The app server's workers and the database's backends serving ``database``."""
    workers, backends = [], []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == server:
            workers.append(int(entry.name))
        elif database and cmdline.startswith("postgres: ") and f" {database} " in cmdline:
            backends.append(int(entry.name))
    return workers, backends


class CpuMeter:
    """CPU used by the app server, the database and this client between two readings, in
    milliseconds per request: the cost of a request whatever else the machine is doing."""

    def __init__(self, server: int, database: str):
        self.server, self.database = server, database
        self.hz = os.sysconf("SC_CLK_TCK")

    def read(self) -> dict[str, float]:
        workers, backends = _processes(self.server, self.database)
        return {
            "server": sum(map(_ticks, workers)) / self.hz,
            "database": sum(map(_ticks, backends)) / self.hz,
            "client": time.process_time(),
        }

    @staticmethod
    def per_request(before: dict, after: dict, n: int) -> dict[str, float]:
        return {k: (after[k] - before[k]) / n * 1000 for k in before}

    @staticmethod
    def text(used: dict[str, float]) -> str:
        parts = "  ".join(f"{k} {v:.2f}" for k, v in used.items())
        return f"{sum(used.values()):.2f} ({parts})"


def _summary(name: str, latencies: list[float], wall: float) -> dict:
    cuts = quantiles(latencies, n=100)
    row = {
        "name": name,
        "n": len(latencies),
        "rps": len(latencies) / wall,
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
    }
    print(
        f"{name:<28} {row['n']:>6} req  {row['rps']:>8.0f} req/s  p50 {row['p50']:>7.1f} ms  p99 {row['p99']:>7.1f} ms"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jurors", type=int, default=300)
    parser.add_argument("--contestants", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="cadrex-bench-")
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cadrex.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
        # DEBUG off (as in production) needs a key; a throwaway one for this run.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from bench.hearing_fixture import build_hearing

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # a BENCH_DATABASE_URL run before
    hearing, contestants, tokens = build_hearing(args.jurors, args.contestants)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cadrex.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        _bare(port, 200, args.concurrency)  # warm every worker up
        phones = [Phone(port, t) for t in tokens]
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(lambda p: p.open_link(), phones))
        from cadrex.competition.hearing import scoring

        database = url.rsplit("/", 1)[1] if url.startswith("postgres") else ""
        meter = CpuMeter(server.pid, database)
        latencies, wall, used = [], 0.0, {}
        for contestant in contestants:
            scoring.scoring_open(actor=None, contestant=contestant)
            before = meter.read()
            latencies_k, took = _burst(phones, contestant.pk, args.concurrency)
            after = meter.read()
            for key in before:
                used[key] = used.get(key, 0.0) + after[key] - before[key]
            latencies += latencies_k
            wall += took
            scoring.scoring_close(actor=None, contestant=contestant)
        before = meter.read()
        bare_started = time.perf_counter()
        bare = _bare(port, len(latencies), args.concurrency)
        bare_wall = time.perf_counter() - bare_started
        bare_used = meter.per_request(before, meter.read(), len(bare))
        print(
            f"\n{args.jurors} jurors × {args.contestants} contestants, {args.concurrency} concurrent clients, "
            f"gunicorn -w {args.workers}, database {url.split(':', 1)[0]}"
        )
        scores = _summary("score submissions (/j/…)", latencies, wall)
        base = _summary("bare Django view (/healthz)", bare, bare_wall)
        print(
            f"{'ratio score / bare':<28}        throughput {scores['rps'] / base['rps']:.2f}×   "
            f"p99 {scores['p99'] / base['p99']:.2f}×"
        )
        score_used = CpuMeter.per_request(dict.fromkeys(used, 0.0), used, len(latencies))
        print(f"CPU ms per request, score submissions: {CpuMeter.text(score_used)}")
        print(f"CPU ms per request, bare Django view:  {CpuMeter.text(bare_used)}")
        print(
            f"{'ratio of CPU bare / score':<28}        "
            f"{sum(bare_used.values()) / sum(score_used.values()):.2f}×"
        )
        with open("/proc/loadavg") as load:
            print("load average at end:", load.read().split()[0], f"({os.cpu_count()} cores)")
        from cadrex.competition.hearing.verify import verify_hearing

        problems = verify_hearing(hearing)
        print("verify_hearing:", "OK" if not problems else problems[:3])
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
