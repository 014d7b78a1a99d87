"""One realtime session per app key across processes and hosts: the lease, through Redis."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis_support import RedisServer

import kis_sim
from kis_runtime.coordination import RedisCoordinator, SessionHeldError
from kis_runtime.realtime.client import RealtimeClient, Reconnect
from kis_sim.realtime import RealtimeOptions

pytestmark = pytest.mark.asyncio


def realtime(sim: kis_sim.Simulator, coordinator: RedisCoordinator, tmp: Path) -> RealtimeClient:
    return RealtimeClient(
        kis_sim.DEMO_APP_KEY,
        kis_sim.DEMO_APP_SECRET,
        base_url=sim.url,
        url=sim.ws_url,
        cache_dir=tmp,
        coordinator=coordinator,
        reconnect=Reconnect(attempts=0),
        lease_ttl=2.0,
    )


async def test_a_second_session_is_refused_naming_the_holder(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    options = RealtimeOptions(interval=0.05, per_frame=1, ping_interval=0.5)
    with kis_sim.Simulator(kis_sim.SimConfig(), realtime=options) as sim:
        # Two coordinators: as two processes would hold them.
        one, two = RedisCoordinator(redis_server.url), RedisCoordinator(redis_server.url)
        first, second = realtime(sim, one, tmp_path), realtime(sim, two, tmp_path)
        try:
            await first.connect()
            holder = first._lease.holder  # type: ignore[union-attr]
            with pytest.raises(SessionHeldError) as caught:
                await second.connect()
            assert holder in str(caught.value)
            assert second._ws is None  # refused before connecting: KIS never saw it
            key = await first.approval.get()
            assert await second.approval.get() == key  # one approval key for both
            assert first.approval.issued + second.approval.issued == 1
            await first.close()
            await second.connect()  # released on close: the next holder connects
            await second.close()
        finally:
            await first.close()
            await second.close()
            await one.aclose()
            await two.aclose()
