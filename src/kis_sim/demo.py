"""`make demo`: 퇴직연금 잔고조회 (TTTC2208R) for a simulated IRP account, all pages, through the
generated binding against a simulator started for the occasion.

TTTC2208R has no paper-trading TR, so the client runs as "real" with base_url pointing at the
simulator: exactly what a user would run against KIS, minus the URL.
"""

from __future__ import annotations

import sys
import tempfile
from typing import Any

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_sim.config import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig
from kis_sim.server import Simulator
from kis_sim.table import cell, render, width

SIMULATED_IRP_ACCOUNT = "50001234"  # the simulator accepts any 8-digit account
HOLDING_COLUMNS = (
    "prdt_name",
    "pdno",
    "hldg_qty",
    "pchs_avg_pric",
    "prpr",
    "evlu_amt",
    "evlu_pfls_amt",
    "evlu_erng_rt",
)


def titles(block: str) -> dict[str, str]:
    """Korean column titles, straight from the spec."""
    output = next(o for o in bal.ENDPOINT.outputs if o.py_name == block)
    return {f.py_name: f.title for f in output.fields}


def report(pages: list[bal.PensionInquireBalanceResponse]) -> str:
    rows = [row for page in pages for row in page.output1]
    names = titles("output1")
    table = render(
        [names[c] for c in HOLDING_COLUMNS],
        [[getattr(row, c) for c in HOLDING_COLUMNS] for row in rows],
    )
    totals: Any = pages[-1].output2
    labels = titles("output2")
    label_width = max(width(t) for t in labels.values())
    summary = [
        f"  {t}{' ' * (label_width - width(t))}  {cell(getattr(totals, n)):>16}"
        for n, t in labels.items()
    ]
    pages_text = ", ".join(str(len(p.output1)) for p in pages)
    title = f"{bal.ENDPOINT.title} (TTTC2208R)"
    header = f"{title}: {len(rows)} holdings in {len(pages)} pages ({pages_text})"
    return "\n".join([header, "", table, "", "합계 (output2)", *summary])


def main() -> int:
    from kis_sim import demo_realtime, demo_symbols
    from kis_sim.realtime import RealtimeOptions

    realtime = RealtimeOptions(interval=0.2)
    # A simulator on a fresh port each run: tokens are shared through a cache dir of this run only
    # (KIS, and the simulator, issue one token a minute).
    with (
        tempfile.TemporaryDirectory(prefix="kis-demo-") as cache,
        Simulator(SimConfig(rows=25, page_size=10), realtime=realtime) as sim,
    ):
        print(f"simulator: {sim.url}")
        with kis.Client(DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, cache_dir=cache) as client:
            request = bal.PensionInquireBalanceRequest(cano=SIMULATED_IRP_ACCOUNT)
            pages = list(bal.iter_pages(client, request))
        print(report(pages))
        print("\n" + demo_symbols.run(sim, cache))
        print(f"\nrealtime (WebSocket): {sim.ws_url}")
        print(demo_realtime.run(sim, cache))
    return 0


if __name__ == "__main__":
    sys.exit(main())
