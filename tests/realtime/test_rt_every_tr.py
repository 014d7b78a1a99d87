"""Every realtime spec is served by the simulator: registered (real and paper TR ids), and for the
code TRs a record arrives and decodes into the TR's record class."""

from __future__ import annotations

import asyncio
from pathlib import Path

import kis_sim
from kis.registry import REALTIME
from kis_runtime.realtime.record import RealtimeTr
from tests.realtime.conftest import FAST, make_client

PER_SESSION = 40  # below KIS's 41 registrations a session


async def _serve_all(
    sim: kis_sim.Simulator, trs: list[RealtimeTr], cache: Path, paper: bool
) -> None:
    for start in range(0, len(trs), PER_SESSION):
        batch = trs[start : start + PER_SESSION]
        env = "paper" if paper else "real"
        async with make_client(sim, cache, environment=env) as client:
            channels = {}
            for tr in batch:
                key = "myhts01" if tr.tr_key == "hts_id" else "005930"
                ack = await client.subscribe(tr, key)
                assert ack.msg1 == "SUBSCRIBE SUCCESS", tr.tr_id
                assert (ack.aes is not None) == tr.encrypted, tr.tr_id
                if tr.tr_key == "code":
                    channels[tr.tr_id] = client.records(tr)
            for tr_id, channel in channels.items():
                record = await asyncio.wait_for(channel.__anext__(), 10)
                assert isinstance(record, REALTIME.get(tr_id).record), tr_id
            assert client.stats.malformed == 0


async def test_every_realtime_tr_on_a_real_simulator(tmp_path: Path) -> None:
    with kis_sim.Simulator(kis_sim.SimConfig(), realtime=FAST) as sim:
        await _serve_all(sim, list(REALTIME), tmp_path, paper=False)


async def test_every_paper_realtime_tr_on_a_paper_simulator(tmp_path: Path) -> None:
    paper = [tr for tr in REALTIME if tr.paper_tr_id is not None]
    assert {"H0IFCNI0", "H0STASP0", "H0STCNI0", "H0STCNT0"} <= {tr.tr_id for tr in paper}
    config = kis_sim.SimConfig(environment="paper")
    with kis_sim.Simulator(config, realtime=FAST) as sim:
        await _serve_all(sim, paper, tmp_path, paper=True)
