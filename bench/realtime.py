"""Realtime figures for `make bench`.

- decode: H0STCNT0 frames into typed records (every value checked and converted) against two
  floors, interleaved: a split that names its values (split('|') / split('^') and one dict of
  field name -> text per record, what any consumer needs at the least), and the bare split;
- end to end: records/s one subscriber takes over the loopback simulator (flood);
- latency: from a frame written to the socket to the consumer holding its typed record, p50 / p99
  / max, at a steady 2,000 records/s and at the flood rate, for the async RealtimeClient and the
  BlockingRealtimeClient. The simulator runs in a process of its own (`python bench/realtime.py
  serve`: no GIL shared with the client) and stamps each frame as it writes it; the consumer stamps
  each record as it gets it; both read time.monotonic(), one clock for the host's processes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TR_ID = "H0STCNT0"
KEY = "005930"
STEADY_RATE = 2000.0  # records/s, beyond what KIS's busiest sessions send


def frames(records: int, per_frame: int) -> list[str]:
    """Frames as the simulator sends them (realistic values: prices, times, volumes)."""
    import kis_sim
    from kis.registry import REALTIME
    from kis_sim import realtime_data

    tr = REALTIME.get(TR_ID)
    app = kis_sim.SimApp(kis_sim.SimConfig(), time.time)
    inst = realtime_data.Instrument(KEY, realtime_data.quote_price(app, KEY), 0)
    now = dt.datetime(2026, 1, 26, 9, 30)
    out = []
    for _ in range(records // per_frame):
        values: list[str] = []
        for _ in range(per_frame):
            values += realtime_data.record_values(tr, inst, now)
            now += dt.timedelta(seconds=1)
        out.append(f"0|{TR_ID}|{per_frame:03d}|{'^'.join(values)}")
    return out


def bench_decode(records: int, per_frame: int, runs: int, paired: Callable[..., Any]) -> Any:
    from kis.realtime import decode
    from kis.registry import REALTIME

    data = frames(records, per_frame)
    names = tuple(f.py_name for f in REALTIME.get(TR_ID).fields)
    width = len(names)
    decode(data[0])  # the record class's decoder is compiled on first use, not in the timing

    def binding() -> None:
        for text in data:
            decode(text)

    def split_only() -> None:
        for text in data:
            text.split("|", 3)[3].split("^")

    def split_and_named_dict() -> None:
        for text in data:
            _, _, count, body = text.split("|", 3)
            values = body.split("^")
            for i in range(int(count)):
                dict(zip(names, values[i * width : (i + 1) * width], strict=False))

    return {
        "records": records,
        "per_frame": per_frame,
        "vs_split_and_named_dict": paired(binding, split_and_named_dict, runs),
        "vs_split_only": paired(binding, split_only, runs),
    }


async def _e2e(records: int, per_frame: int) -> dict[str, Any]:
    import kis_sim
    from kis.realtime import RealtimeClient
    from kis_sim.realtime import RealtimeOptions

    options = RealtimeOptions(interval=3600.0, ping_interval=3600.0)  # only the flood is sent
    with kis_sim.Simulator(realtime=options) as sim, tempfile.TemporaryDirectory() as cache:
        assert sim.realtime is not None
        async with RealtimeClient(
            kis_sim.DEMO_APP_KEY,
            kis_sim.DEMO_APP_SECRET,
            base_url=sim.url,
            url=sim.ws_url,
            cache_dir=cache,
            queue_size=records,  # lag shows as queued records (reported), never as a drop
        ) as client:
            await client.subscribe(TR_ID, KEY)
            loop = asyncio.get_running_loop()
            prepared = sim.realtime.frames(TR_ID, KEY, records, per_frame)
            start = time.perf_counter()
            flood = loop.run_in_executor(None, sim.realtime.send_frames, TR_ID, KEY, prepared)
            got, lag = 0, 0
            async for _ in client:
                got += 1
                if got % 1000 == 0:
                    lag = max(lag, client.pending())
                if got + client.stats.dropped >= records:
                    break
            elapsed = time.perf_counter() - start
            await flood
            return {
                "records": records,
                "per_frame": per_frame,
                "received": got,
                "dropped": client.stats.dropped,
                "max_lag": lag,
                "records_per_s": got / elapsed,
            }


def bench_e2e(records: int, per_frame: int, runs: int) -> dict[str, Any]:
    results = [asyncio.run(_e2e(records, per_frame)) for _ in range(runs)]
    rates = [r["records_per_s"] for r in results]
    return {
        "records": records,
        "per_frame": per_frame,
        "records_per_s": statistics.median(rates),
        "min": min(rates),
        "max": max(rates),
        "dropped": max(r["dropped"] for r in results),
        "max_lag": max(r["max_lag"] for r in results),
        "runs": runs,
    }


# --- latency ---------------------------------------------------------------------------------


def serve() -> None:
    """The simulator process: prints its URLs, then per `send RECORDS RATE` line on stdin sends
    that many H0STCNT0 records (one a frame; RATE 0: back to back) to the subscribers and prints
    the JSON list of their send times."""
    import kis_sim
    from kis_sim.realtime import RealtimeOptions

    options = RealtimeOptions(interval=3600.0, ping_interval=3600.0)  # only what is asked for
    with kis_sim.Simulator(realtime=options) as sim:
        server = sim.realtime
        assert server is not None
        print(json.dumps({"url": sim.url, "ws_url": sim.ws_url}), flush=True)
        for line in sys.stdin:
            command, records, rate = line.split()
            if command != "send":
                break
            prepared = server.frames(TR_ID, KEY, int(records))
            stamps = server.send_timed(TR_ID, KEY, prepared, float(rate) or None)
            print(json.dumps(stamps), flush=True)


class _Sender:
    def __init__(self) -> None:
        here = Path(__file__).resolve()
        self.process = subprocess.Popen(
            [sys.executable, str(here), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stdin is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        urls = json.loads(self.stdout.readline())
        self.url, self.ws_url = urls["url"], urls["ws_url"]

    def start(self, records: int, rate: float | None) -> None:
        self.stdin.write(f"send {records} {rate or 0}\n")
        self.stdin.flush()

    def stamps(self) -> list[float]:
        found: list[float] = json.loads(self.stdout.readline())
        return found

    def close(self) -> None:
        self.stdin.close()
        self.process.wait(timeout=30)


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-quantile (0..1) of sorted values, nearest rank."""
    index = max(0, min(len(sorted_values) - 1, round(q * len(sorted_values)) - 1))
    return sorted_values[index]


def _latency(sent: list[float], received: list[float], dropped: int) -> dict[str, Any]:
    if dropped or len(sent) != len(received):  # records cannot be paired: report, do not guess
        return {"records": len(sent), "received": len(received), "dropped": dropped}
    ms = sorted((r - s) * 1000 for s, r in zip(sent, received, strict=True))
    span = sent[-1] - sent[0]
    return {
        "records": len(sent),
        "sent_per_s": (len(sent) - 1) / span if span > 0 else None,
        "dropped": 0,
        "p50": percentile(ms, 0.50),
        "p99": percentile(ms, 0.99),
        "max": ms[-1],
        "unit": "ms",
    }


async def _async_latency(
    sender: _Sender, cache: str, phases: list[tuple[int, float | None]]
) -> list[dict[str, Any]]:
    import kis_sim
    from kis.realtime import RealtimeClient

    total = sum(n for n, _ in phases)
    results = []
    async with RealtimeClient(
        kis_sim.DEMO_APP_KEY,
        kis_sim.DEMO_APP_SECRET,
        base_url=sender.url,
        url=sender.ws_url,
        cache_dir=cache,
        queue_size=total,  # nothing dropped: every record is paired with its frame
    ) as client:
        await client.subscribe(TR_ID, KEY)
        for records, rate in phases:
            sender.start(records, rate)
            received: list[float] = []
            dropped = client.stats.dropped
            async for _ in client:
                received.append(time.monotonic())
                if len(received) + client.stats.dropped - dropped >= records:
                    break
            results.append(_latency(sender.stamps(), received, client.stats.dropped - dropped))
    return results


def _sync_latency(
    sender: _Sender, cache: str, phases: list[tuple[int, float | None]]
) -> list[dict[str, Any]]:
    import kis_sim
    from kis.realtime import BlockingRealtimeClient

    total = sum(n for n, _ in phases)
    results = []
    with BlockingRealtimeClient(
        kis_sim.DEMO_APP_KEY,
        kis_sim.DEMO_APP_SECRET,
        base_url=sender.url,
        url=sender.ws_url,
        cache_dir=cache,
        queue_size=total,
    ) as client:
        client.subscribe(TR_ID, KEY)
        for records, rate in phases:
            sender.start(records, rate)
            received: list[float] = []
            dropped = client.stats.dropped
            while len(received) + client.stats.dropped - dropped < records:
                client.get(timeout=60)
                received.append(time.monotonic())
            results.append(_latency(sender.stamps(), received, client.stats.dropped - dropped))
    return results


def bench_latency(steady: int, flood: int, warm: int = 500) -> dict[str, Any]:
    """Per client kind: `warm` records at the steady rate first (connection, decoder compiled;
    not reported), then `steady` records at STEADY_RATE/s, then `flood` back to back."""
    phases: list[tuple[int, float | None]] = [
        (warm, STEADY_RATE),
        (steady, STEADY_RATE),
        (flood, None),
    ]
    out: dict[str, Any] = {"steady_rate": STEADY_RATE}
    for kind in ("async", "sync"):
        sender = _Sender()
        try:
            with tempfile.TemporaryDirectory() as cache:
                if kind == "async":
                    measured = asyncio.run(_async_latency(sender, cache, phases))
                else:
                    measured = _sync_latency(sender, cache, phases)
        finally:
            sender.close()
        out[kind] = {"steady": measured[1], "flood": measured[2]}
    return out


def _latency_cell(figure: dict[str, Any]) -> str:
    if "p50" not in figure:
        return f"not paired: {figure['received']:,} of {figure['records']:,} received"
    return f"p50 {figure['p50']:.2f} / p99 {figure['p99']:.2f} / max {figure['max']:.1f} ms"


def rows(results: dict[str, Any], row: Callable[[str, dict[str, Any], str], str]) -> list[str]:
    lines = []
    for key in ("decode_1", "decode_4"):
        if key not in results:
            continue
        figure = results[key]
        what = f"decode {figure['records']:,} H0STCNT0 records ({figure['per_frame']} a frame) vs "
        lines.append(
            row(
                what + "split('\\|') / split('^') + a dict of named values per record",
                figure["vs_split_and_named_dict"],
                "report",
            )
        )
        lines.append(
            row(what + "bare split('\\|') / split('^')", figure["vs_split_only"], "report")
        )
    e2e = results.get("e2e")
    if e2e:
        lines.append(
            f"| realtime end to end, loopback simulator, {e2e['records']:,} records "
            f"({e2e['per_frame']} a frame), one subscriber | {e2e['records_per_s']:,.0f} records/s "
            f"(dropped {e2e['dropped']}, max queued {e2e['max_lag']:,}) | "
            f"{e2e['min']:,.0f}-{e2e['max']:,.0f}/s | no loss |"
        )
    latency = results.get("latency")
    if latency:
        for kind, name in (("async", "RealtimeClient"), ("sync", "BlockingRealtimeClient")):
            steady, flood = latency[kind]["steady"], latency[kind]["flood"]
            rate = flood.get("sent_per_s")
            flood_rate = f"{rate:,.0f}/s" if rate else "flood"
            lines += [
                f"| realtime latency, frame written -> typed record held, {name}, "
                f"{steady['records']:,} records at {latency['steady_rate']:,.0f}/s | "
                f"{_latency_cell(steady)} | one run | report |",
                f"| realtime latency, {name}, {flood['records']:,} records back to back "
                f"(sent at {flood_rate}) | {_latency_cell(flood)} | one run | report |",
            ]
    return lines


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
