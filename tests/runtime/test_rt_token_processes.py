"""Two processes starting together with one app key cause exactly one token issuance."""

from __future__ import annotations

import http.server
import json
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

WORKER = r"""
import sys, time
from pathlib import Path
from kis_runtime import Client

base_url, cache_dir, ready, go = sys.argv[1:5]
Path(ready).touch()
deadline = time.monotonic() + 20
while not Path(go).exists():  # start both processes' token requests together
    if time.monotonic() > deadline:
        sys.exit("no go signal")
    time.sleep(0.005)
with Client("PSsharedKEY000000000000", "shared-secret-000000", base_url=base_url,
            cache_dir=cache_dir, rate_limit=0, timeout=10) as client:
    print(client.access_token())
"""


class TokenServer(http.server.ThreadingHTTPServer):
    issued = 0
    lock = threading.Lock()


class TokenHandler(http.server.BaseHTTPRequestHandler):
    server: TokenServer

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.path != "/oauth2/tokenP":
            self.send_error(404)
            return
        with self.server.lock:
            self.server.issued += 1
            n = self.server.issued
        time.sleep(0.3)  # a slow issuance widens the window in which a second one could start
        body = json.dumps({"access_token": f"token-{n}", "expires_in": 86400}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def token_server() -> Iterator[TokenServer]:
    server = TokenServer(("127.0.0.1", 0), TokenHandler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_two_processes_issue_one_token(token_server: TokenServer, tmp_path: Path) -> None:
    base_url = f"http://127.0.0.1:{token_server.server_address[1]}"
    cache, go = tmp_path / "cache", tmp_path / "go"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                base_url,
                str(cache),
                str(tmp_path / f"ready{i}"),
                str(go),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    try:
        deadline = time.monotonic() + 30
        while not all((tmp_path / f"ready{i}").exists() for i in range(2)):
            assert time.monotonic() < deadline, "workers did not start"
            assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
            time.sleep(0.01)
        go.touch()
        outputs = [w.communicate(timeout=30) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
    assert [w.returncode for w in workers] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["token-1", "token-1"]
    assert token_server.issued == 1
    (path,) = cache.glob("*.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "PSsharedKEY" not in path.name
