"""A local stand-in for an SMS provider (``manage.py fake_sms_gateway``; the tests run it in
a thread): it accepts each POST, records it as one JSON line, and answers 200 — or 500 for
the first ``fail_first`` requests, to exercise the retries."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MAX_BODY = 64 * 1024


class FakeGateway(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, *, log: Path | None = None, fail_first: int = 0):
        super().__init__(address, _Handler)
        self.log = log
        self.fail_first = fail_first
        self.requests = 0
        self.messages: list[dict] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/send"

    def record(self, entry: dict) -> int:
        """Count the request; keep it (and return 200) unless it is one of the failures."""
        with self.lock:
            self.requests += 1
            if self.requests <= self.fail_first:
                return 500
            self.messages.append(entry)
            if self.log is not None:
                self.log.parent.mkdir(parents=True, exist_ok=True)
                with self.log.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            return 200


class _Handler(BaseHTTPRequestHandler):
    server: FakeGateway

    def do_POST(self):  # noqa: N802 — http.server's name
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = raw.decode("utf-8", "replace")
        entry = {
            "at": datetime.now(UTC).isoformat(),
            "path": self.path,
            "authorization": self.headers.get("Authorization", ""),
            "body": body,
        }
        status = self.server.record(entry)
        reply = b'{"code": 0}' if status == 200 else b'{"code": 1}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format, *args):  # quiet: the JSON lines are the record
        return


def start_in_thread(*, port: int = 0, log: Path | None = None, fail_first: int = 0):
    """A gateway on 127.0.0.1 (``port`` 0 = a free one), serving in a daemon thread."""
    server = FakeGateway(("127.0.0.1", port), log=log, fail_first=fail_first)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server
