"""Four processes on one app key through one real Redis: the rate limit holds at send time across
them, and starting together they cause one token issuance."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from redis_support import RedisServer, busiest_window, sustained_rate

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


def test_four_processes_share_the_rate_counted_at_send_time(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    # The full figure (4 x 250 calls) takes 50 s: make bench runs it. Here 4 x 20 calls at
    # 20/s: four windows' worth, the same assertions.
    rate = 20
    results = run_workers(redis_server, tmp_path, processes=4, calls=20, rate=rate)
    sent = [t for r in results for t in r["sent"]]
    assert len(sent) == 80
    assert busiest_window(sent) <= rate
    assert sustained_rate(sent, rate) >= 0.95 * rate
    # Every process took part (no one starved), and one token served them all.
    assert all(len(r["sent"]) == 20 for r in results)
    assert sum(len(r["issued"]) for r in results) == 1


def test_four_processes_starting_together_issue_one_token(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    # A slow issuance (0.3 s) widens the window in which a second one could start.
    results = run_workers(redis_server, tmp_path, processes=4, calls=1, rate=100, delay=0.3)
    issued = [t for r in results for t in r["issued"]]
    assert issued == ["token-1"]
    assert [r["used"] for r in results] == [["token-1"]] * 4
