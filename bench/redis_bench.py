"""make bench, the Redis coordinator: a real redis-server on 127.0.0.1 (see
tests/coordination/redis_support.py for where the binary comes from).

- per-call overhead: acquire() of the Redis limiter vs the in-process RateLimiter, both at a
  rate never reached (so nothing waits), interleaved, repeated;
- 4 processes x 250 calls sharing 20/s through Redis (about 50 s): the busiest one-second
  window of send times (recorded by each process's MockTransport) and the sustained rate.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "coordination"))

from redis_support import RedisServer, busiest_window, run_workers, sustained_rate  # noqa: E402


def bench_overhead(server: RedisServer, calls: int, runs: int) -> dict[str, Any]:
    import kis
    from kis_runtime import Environment, RateLimiter

    redis_limiter = kis.RedisCoordinator(server.url).limiter(Environment.REAL, "bench-key", 1e9)
    local = RateLimiter(1e9)

    def timed(acquire: Any) -> float:
        start = time.perf_counter()
        for _ in range(calls):
            acquire()
        return (time.perf_counter() - start) / calls

    pairs = [(timed(redis_limiter.acquire), timed(local.acquire)) for _ in range(runs)]
    ratios = [r / f for r, f in pairs]
    return {
        "calls": calls,
        "redis_us": statistics.median(r for r, _ in pairs) * 1e6,
        "local_us": statistics.median(f for _, f in pairs) * 1e6,
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "runs": runs,
    }


def bench_processes(server: RedisServer, processes: int, calls: int, rate: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        results = run_workers(server, Path(tmp), processes=processes, calls=calls, rate=rate)
    sent = [t for r in results for t in r["sent"]]
    return {
        "processes": processes,
        "calls": calls,
        "rate": rate,
        "busiest_window": busiest_window(sent),
        "sustained": sustained_rate(sent, rate),
        "token_issuances": sum(len(r["issued"]) for r in results),
    }


def bench_redis(quick: bool, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        server = RedisServer(Path(tmp))
        server.start()
        try:
            return {
                "overhead": bench_overhead(server, 500 if quick else 2000, runs),
                "processes": bench_processes(server, 4, 50 if quick else 250, 20),
            }
        finally:
            server.stop()


def rows(figure: dict[str, Any]) -> list[str]:
    over, procs = figure["overhead"], figure["processes"]
    return [
        f"| Redis limiter acquire() vs in-process RateLimiter (loopback Redis) | "
        f"{over['ratio']:.0f}x ({over['redis_us']:.0f} µs vs {over['local_us']:.1f} µs a call) | "
        f"{over['ratio_min']:.0f}-{over['ratio_max']:.0f} | one round trip |",
        f"| {procs['processes']} processes x {procs['calls']} calls sharing "
        f"{procs['rate']}/s via Redis | busiest 1-s window {procs['busiest_window']}, "
        f"sustained {procs['sustained']:.2f}/s, {procs['token_issuances']} token issuance | "
        f"one run | <= {procs['rate']}, >= {procs['rate'] * 0.95:.0f}/s, 1 |",
    ]
