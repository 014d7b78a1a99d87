"""The simulator's timed sender (the latency bench's): every frame sent once, in order, to the
subscriber, with one send time per frame; paced or back to back. No timing is asserted."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import kis_sim
from kis.realtime import RealtimeClient, decode
from kis_sim.realtime import RealtimeOptions


@pytest.mark.parametrize("rate", [2000.0, None])
async def test_frames_arrive_once_in_order_with_a_stamp_each(
    tmp_path: Path, rate: float | None
) -> None:
    quiet = RealtimeOptions(interval=3600.0, ping_interval=3600.0)  # only what is sent here
    with kis_sim.Simulator(kis_sim.SimConfig(), realtime=quiet) as sim:
        assert sim.realtime is not None
        async with RealtimeClient(
            kis_sim.DEMO_APP_KEY,
            kis_sim.DEMO_APP_SECRET,
            base_url=sim.url,
            url=sim.ws_url,
            cache_dir=tmp_path,
        ) as client:
            await client.subscribe("H0STCNT0", "005930")
            frames = sim.realtime.frames("H0STCNT0", "005930", 30)
            stamps = sim.realtime.send_timed("H0STCNT0", "005930", frames, rate)
            received = [await asyncio.wait_for(client.__anext__(), 10) for _ in frames]
    assert len(stamps) == len(frames) and stamps == sorted(stamps)
    expected = [record for text in frames for record in decode(text).records]  # type: ignore[union-attr]
    assert received == expected
    assert client.stats.dropped == 0
