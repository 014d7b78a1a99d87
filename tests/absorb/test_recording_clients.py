"""`record=` on the real clients against the simulator: every reply and data frame written,
secrets and accounts masked, nothing else (acknowledgements carry AES keys); absorbing what the
simulator sent (exactly the specs) proposes nothing."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import kis
import kis_sim
from kis.domestic_stock.trading import order_cash
from kis.realtime.domestic_stock import ccnl_krx, ccnl_notice
from tests.realtime.conftest import make_client

ROOT = Path(__file__).parents[2]


async def test_clients_record_replies_and_frames_masked(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    recordings = tmp_path / "recordings"
    async with make_client(sim, tmp_path, record=recordings) as client:
        await client.subscribe(ccnl_notice, "myhts01")
        await client.subscribe(ccnl_krx, "005930")
        notices = client.records(ccnl_notice)
        ticks = client.records(ccnl_krx)
        async with kis.AsyncClient(
            kis_sim.DEMO_APP_KEY,
            kis_sim.DEMO_APP_SECRET,
            base_url=sim.url,
            cache_dir=tmp_path,
            record=recordings,
        ) as rest:
            request = order_cash.OrderCashRequest(
                cano="12345678", acnt_prdt_cd="01", pdno="005930", ord_dvsn="00", ord_qty="3",
                ord_unpr="60000",
            )  # fmt: skip
            await order_cash.fetch_async(rest, request, variant="buy")
        for _ in range(2):
            await asyncio.wait_for(notices.__anext__(), 10)
            await asyncio.wait_for(ticks.__anext__(), 10)
        assert client.recorder is not None and client.recorder.errors == 0
    client.recorder.close()

    (reply_file,) = recordings.glob("*_TTTC0012U_*.json")
    reply = json.loads(reply_file.read_text("utf-8"))
    assert reply["params"]["CANO"] == "***" and reply["body"]["rt_cd"] == "0"
    assert reply["endpoint"] == "domestic_stock.trading.order_cash"
    frames = [
        json.loads(line)
        for path in recordings.glob("*.ndjson")
        for line in path.read_text("utf-8").splitlines()
    ]
    by_tr = {f["tr_id"] for f in frames}
    assert by_tr == {"H0STCNT0", "H0STCNI0"}
    for frame in frames:
        for record in frame["records"]:
            if frame["tr_id"] == "H0STCNI0":
                assert frame["encrypted"] and record[0] == "***" and record[1] == "***"
                assert len(record) == len(
                    ccnl_notice.TR.layout_fields("real")
                )  # a real client's notice
            else:
                assert len(record) == len(ccnl_krx.TR.fields) and record[0] == "005930"
    everything = "\n".join(p.read_text("utf-8") for p in recordings.iterdir())
    for secret in ("myhts01", "12345678", kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET):
        assert secret not in everything
    assert "SUBSCRIBE" not in everything and '"iv"' not in everything

    absorbed = subprocess.run(
        [sys.executable, "-m", "codegen", "absorb", str(recordings)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert absorbed.returncode == 0, absorbed.stderr
    assert "0 field(s) to add" in absorbed.stdout
    assert "could not read" not in absorbed.stdout
