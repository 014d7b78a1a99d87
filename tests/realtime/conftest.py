"""A simulator serving REST and realtime on loopback, with fast ticks and pings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kis_sim
from kis_runtime.realtime.client import RealtimeClient, Reconnect
from kis_sim.realtime import RealtimeOptions

FAST = RealtimeOptions(interval=0.02, per_frame=1, ping_interval=0.1)


@pytest.fixture
def sim() -> Iterator[kis_sim.Simulator]:
    with kis_sim.Simulator(kis_sim.SimConfig(), realtime=FAST) as simulator:
        yield simulator


def make_client(sim: kis_sim.Simulator, cache: Path, **options: object) -> RealtimeClient:
    options.setdefault("reconnect", Reconnect(initial=0.01, maximum=0.05, attempts=20, pace=0.01))
    options.setdefault("ack_timeout", 5.0)
    return RealtimeClient(
        kis_sim.DEMO_APP_KEY,
        kis_sim.DEMO_APP_SECRET,
        base_url=sim.url,
        url=sim.ws_url,
        cache_dir=cache,
        **options,  # type: ignore[arg-type]
    )
