"""Realtime figures for `make bench`: decoding H0STCNT0 frames into typed records against a bare
split, and records/s one subscriber takes end to end over the loopback simulator."""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

TR_ID = "H0STCNT0"


def frames(records: int, per_frame: int) -> list[str]:
    """Frames as the simulator sends them (realistic values: prices, times, volumes)."""
    import kis_sim
    from kis.registry import REALTIME
    from kis_sim import realtime_data

    tr = REALTIME.get(TR_ID)
    app = kis_sim.SimApp(kis_sim.SimConfig(), time.time)
    inst = realtime_data.Instrument("005930", realtime_data.quote_price(app, "005930"), 0)
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

    data = frames(records, per_frame)
    decode(data[0])  # the record class's decoder is compiled on first use, not in the timing

    def binding() -> None:
        for text in data:
            decode(text)

    def floor() -> None:
        for text in data:
            text.split("|", 3)[3].split("^")

    return paired(binding, floor, runs) | {"records": records, "per_frame": per_frame}


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
            await client.subscribe(TR_ID, "005930")
            loop = asyncio.get_running_loop()
            prepared = sim.realtime.frames(TR_ID, "005930", records, per_frame)
            start = time.perf_counter()
            flood = loop.run_in_executor(None, sim.realtime.send_frames, TR_ID, "005930", prepared)
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


def rows(results: dict[str, Any], row: Callable[[str, dict[str, Any], str], str]) -> list[str]:
    lines = []
    for key in ("decode_1", "decode_4"):
        figure = results[key]
        name = (
            f"decode {figure['records']:,} H0STCNT0 records ({figure['per_frame']} a frame) "
            "vs split('\\|') / split('^')"
        )
        lines.append(row(name, figure, "<= 3x"))
    e2e = results["e2e"]
    lines.append(
        f"| realtime end to end, loopback simulator, {e2e['records']:,} records "
        f"({e2e['per_frame']} a frame), one subscriber | {e2e['records_per_s']:,.0f} records/s "
        f"(dropped {e2e['dropped']}, max queued {e2e['max_lag']:,}) | "
        f"{e2e['min']:,.0f}-{e2e['max']:,.0f}/s | no loss |"
    )
    return lines
