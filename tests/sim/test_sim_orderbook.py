"""The simulator keeps its orders: what its order TRs place, change and cancel is what its
inquiry TRs list, and balances change by the fills (at the simulator's quote)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import kis
from kis.domestic_stock.trading import (
    inquire_balance,
    inquire_daily_ccld,
    inquire_psbl_rvsecncl,
    order_cash,
    order_rvsecncl,
)
from kis_sim import Simulator
from kis_sim.orderbook import NOTHING_LEFT

CANO = "61029384"


def buy(client: kis.Client, qty: int, price: int, dvsn: str = "00") -> str:
    request = order_cash.OrderCashRequest(
        cano=CANO, acnt_prdt_cd="01", pdno="005930", ord_dvsn=dvsn, ord_qty=qty, ord_unpr=price
    )
    return order_cash.fetch(client, request, variant="buy").output.odno


def cancel(client: kis.Client, odno: str) -> str:
    request = order_rvsecncl.OrderRvsecnclRequest(
        cano=CANO,
        acnt_prdt_cd="01",
        krx_fwdg_ord_orgno="91252",
        orgn_odno=odno,
        ord_dvsn="00",
        rvse_cncl_dvsn_cd="02",
        ord_qty=0,
        ord_unpr=0,
        qty_all_ord_yn="Y",
    )
    return order_rvsecncl.fetch(client, request).output.odno


def held(client: kis.Client) -> inquire_balance.InquireBalanceOutput1 | None:
    request = inquire_balance.InquireBalanceRequest(
        cano=CANO,
        acnt_prdt_cd="01",
        afhr_flpr_yn="N",
        inqr_dvsn="02",
        fund_sttl_icld_yn="N",
        prcs_dvsn="00",
    )
    rows = [r for page in inquire_balance.iter_pages(client, request) for r in page.output1]
    return next((r for r in rows if r.pdno == "005930"), None)


def test_orders_placed_and_cancelled_are_what_the_inquiries_list(
    sim: Simulator, client: kis.Client
) -> None:
    quote = sim.app.quote("domestic_stock", "005930")
    resting, filled = buy(client, 3, 1000), buy(client, 2, 0, dvsn="01")  # limit far off; market
    day = inquire_daily_ccld.InquireDailyCcldRequest(
        cano=CANO,
        acnt_prdt_cd="01",
        inqr_strt_dt="20200101",
        inqr_end_dt="20991231",
        sll_buy_dvsn_cd="00",
        ccld_dvsn="00",
        inqr_dvsn="01",
        inqr_dvsn_3="00",
        excg_id_dvsn_cd="ALL",
    )
    rows = inquire_daily_ccld.fetch(client, day, variant="recent").output1
    assert [(r.odno, r.ord_qty, r.tot_ccld_qty, r.rmn_qty) for r in rows] == [
        (resting, 3, 0, 3),
        (filled, 2, 2, 0),
    ]
    assert rows[1].avg_prvs == str(quote) and rows[1].tot_ccld_amt == quote * 2
    open_ = inquire_psbl_rvsecncl.InquirePsblRvsecnclRequest(
        cano=CANO, acnt_prdt_cd="01", inqr_dvsn_1="0", inqr_dvsn_2="0"
    )
    assert [r.odno for r in inquire_psbl_rvsecncl.fetch(client, open_).output] == [resting]
    cancelled = cancel(client, resting)
    assert inquire_psbl_rvsecncl.fetch(client, open_).output == []
    rows = inquire_daily_ccld.fetch(client, day, variant="recent").output1
    assert [(r.odno, r.orgn_odno, r.cncl_yn) for r in rows][-1] == (cancelled, resting, "Y")
    with pytest.raises(kis.ApiError) as refused:  # nothing left to cancel
        cancel(client, resting)
    assert refused.value.msg_cd == NOTHING_LEFT.msg_cd


def test_a_fill_changes_the_balance(sim: Simulator, client: kis.Client) -> None:
    quote = sim.app.quote("domestic_stock", "005930")
    before = held(client)
    buy(client, 4, 1000)  # rests: no change
    assert held(client) == before
    buy(client, 7, int(quote) + 5000)  # marketable: fills at the quote
    after = held(client)
    assert after is not None
    was = before.hldg_qty if before is not None else 0
    bought = before.thdt_buyqty if before is not None else 0
    assert (after.hldg_qty, after.thdt_buyqty) == (was + 7, bought + 7)
    assert after.prpr == quote and after.evlu_amt == after.hldg_qty * quote
    if before is None:
        assert after.pchs_avg_pric == Decimal(quote)
