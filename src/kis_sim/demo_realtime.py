"""`make demo`, realtime part: a few seconds of live ticks of one instrument, then an order placed
through the binding and its 체결통보 (encrypted on the wire), decrypted and typed."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import kis
import kis.realtime as rt
from kis.domestic_stock.trading import order_cash
from kis.realtime.domestic_stock import ccnl_krx, ccnl_notice
from kis_sim.config import DEMO_APP_KEY, DEMO_APP_SECRET
from kis_sim.server import Simulator
from kis_sim.table import render

CODE = "005930"
HTS_ID = "demohts1"  # 체결통보 is registered with the HTS ID; the simulator takes any
ACCOUNT = "50001234"
TICK_COLUMNS = (
    "stck_cntg_hour",
    "stck_prpr",
    "prdy_vrss",
    "cntg_vol",
    "acml_vol",
    "askp1",
    "bidp1",
)
NOTICE_COLUMNS = (
    "cntg_yn",
    "oder_no",
    "stck_shrn_iscd",
    "cntg_isnm40",
    "oder_qty",
    "cntg_qty",
    "cntg_unpr",
)


def _titles(tr: rt.RealtimeTr) -> dict[str, str]:
    return {f.name.lower(): f.title for f in tr.fields}


def _table(tr: rt.RealtimeTr, columns: tuple[str, ...], records: list[Any]) -> str:
    titles = _titles(tr)
    return render([titles[c] for c in columns], [[getattr(r, c) for c in columns] for r in records])


async def session(sim: Simulator, seconds: float, cache: str) -> tuple[list[Any], list[Any], Any]:
    """Ticks for `seconds`, then one order and its two notices (accepted, executed)."""
    async with rt.RealtimeClient(
        DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, url=sim.ws_url, cache_dir=cache
    ) as client:
        await client.subscribe(ccnl_krx, CODE)
        await client.subscribe(ccnl_notice, HTS_ID)
        notices = client.records(ccnl_notice)
        ticks: list[Any] = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                ticks.append(await asyncio.wait_for(client.__anext__(), left))
            except TimeoutError:
                break
        async with kis.AsyncClient(
            DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, cache_dir=cache
        ) as rest:
            request = order_cash.OrderCashRequest(
                cano=ACCOUNT,
                acnt_prdt_cd="01",
                pdno=CODE,
                ord_dvsn="01",  # 시장가: fills at the simulator's quote
                ord_qty="10",
                ord_unpr="0",
            )
            order = await order_cash.fetch_async(rest, request, variant="buy")
        got = [await asyncio.wait_for(notices.__anext__(), 10) for _ in range(2)]
    return ticks, got, order


def report(ticks: list[Any], notices: list[Any], order: Any, seconds: float) -> str:
    first, last = ticks[0], ticks[-1]
    lines = [
        f"{ccnl_krx.TR.title} ({ccnl_krx.TR.tr_id}) {last.mksc_shrn_iscd}: "
        f"{len(ticks)} ticks in {seconds:.0f} s, {first.stck_prpr:,} -> {last.stck_prpr:,}",
        "",
        _table(ccnl_krx.TR, TICK_COLUMNS, ticks),
        "",
        f"주식주문(현금) 매수 {CODE} 10주 -> 주문번호 {order.output.odno}; "
        f"{ccnl_notice.TR.title} ({ccnl_notice.TR.tr_id}, AES-256 on the wire, decrypted):",
        "",
        _table(ccnl_notice.TR, NOTICE_COLUMNS, notices),
    ]
    return "\n".join(lines)


def run(sim: Simulator, cache: str, seconds: float = 2.0) -> str:
    ticks, notices, order = asyncio.run(session(sim, seconds, cache))
    return report(ticks, notices, order, seconds)
