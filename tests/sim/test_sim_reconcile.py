"""An order whose reply is lost, reconciled against the simulator's order book: placed, not
placed, ambiguous; for domestic stock, overseas stock and domestic futures/options, sync and
async. Every test counts the order POSTs the simulator received: reconciling never resends."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs
import pytest

import kis
from kis.domestic_futureoption.trading import order as futures_order
from kis.domestic_futureoption.trading import order_rvsecncl as futures_change
from kis.domestic_stock.trading import inquire_daily_ccld, order_cash, order_resv, order_rvsecncl
from kis.overseas_stock.trading import order as overseas_order
from kis_runtime.reconcile import ReconcilePolicy
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, ManualClock, SimConfig, Simulator
from kis_sim.orderbook import DOMESTIC, FUTURES, OVERSEAS

CANO = "73481652"
POLICY = ReconcilePolicy(window=6.0, first_delay=1.0, max_delay=2.0)  # polls at 0, 1, 3, 5, 6 s


@attrs.frozen
class Market:
    name: str
    module: ModuleType
    variant: str
    request: Any  # rests in the book (far from the quote)
    other: Any  # the same order but for its quantity

    @property
    def path(self) -> str:
        return str(self.module.ENDPOINT.path)


MARKETS = [
    Market(
        DOMESTIC,
        order_cash,
        "buy",
        order_cash.OrderCashRequest(
            cano=CANO, acnt_prdt_cd="01", pdno="005930", ord_dvsn="00", ord_qty=10, ord_unpr=1000
        ),
        order_cash.OrderCashRequest(
            cano=CANO, acnt_prdt_cd="01", pdno="005930", ord_dvsn="00", ord_qty=11, ord_unpr=1000
        ),
    ),
    Market(
        OVERSEAS,
        overseas_order,
        "us_buy",
        overseas_order.OrderRequest(
            cano=CANO,
            acnt_prdt_cd="01",
            ovrs_excg_cd="NASD",
            pdno="AAPL",
            ord_qty=3,
            ovrs_ord_unpr="1.50",
            ord_svr_dvsn_cd="0",
            ord_dvsn="00",
        ),
        overseas_order.OrderRequest(
            cano=CANO,
            acnt_prdt_cd="01",
            ovrs_excg_cd="NASD",
            pdno="AAPL",
            ord_qty=4,
            ovrs_ord_unpr="1.50",
            ord_svr_dvsn_cd="0",
            ord_dvsn="00",
        ),
    ),
    Market(
        FUTURES,
        futures_order,
        "day",
        futures_order.OrderRequest(
            ord_prcs_dvsn_cd="02",
            cano=CANO,
            acnt_prdt_cd="03",
            sll_buy_dvsn_cd="02",
            shtn_pdno="101S03",
            ord_qty=2,
            unit_price="1.05",
            ord_dvsn_cd="01",
        ),
        futures_order.OrderRequest(
            ord_prcs_dvsn_cd="02",
            cano=CANO,
            acnt_prdt_cd="03",
            sll_buy_dvsn_cd="02",
            shtn_pdno="101S03",
            ord_qty=5,
            unit_price="1.05",
            ord_dvsn_cd="01",
        ),
    ),
]
IDS = [m.name for m in MARKETS]


@pytest.fixture(params=["real", "paper"])
def environment(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def book_sim(clock: ManualClock, environment: str) -> Iterator[Simulator]:
    with Simulator(SimConfig(rows=3, page_size=10, environment=environment), clock=clock) as sim:
        yield sim


def _client(sim: Simulator, clock: ManualClock) -> kis.Client:
    return kis.Client(
        DEMO_APP_KEY,
        DEMO_APP_SECRET,
        base_url=sim.url,
        environment=sim.config.environment,
        rate_limit=0,
        timeout=5.0,
        clock=clock,
        sleep=clock.advance,  # back-off and polls move the simulated time, at once
    )


def _async_client(sim: Simulator, clock: ManualClock) -> kis.AsyncClient:
    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    return kis.AsyncClient(
        DEMO_APP_KEY,
        DEMO_APP_SECRET,
        base_url=sim.url,
        environment=sim.config.environment,
        rate_limit=0,
        timeout=5.0,
        clock=clock,
        sleep=sleep,
    )


def posts(sim: Simulator, path: str) -> int:
    return sum(1 for r in sim.records if r.method == "POST" and r.path == path)


def booked(sim: Simulator, market: Market) -> list[str]:
    account = (CANO, "03" if market.name == FUTURES else "01")
    return [o.odno for o in sim.app.book.orders(account, market.name)]


@pytest.mark.parametrize("market", MARKETS, ids=IDS)
def test_a_lost_reply_of_a_placed_order_is_placed_with_its_number(
    book_sim: Simulator, clock: ManualClock, market: Market
) -> None:
    with _client(book_sim, clock) as client:
        kis.orders.place(client, market.module, market.other, variant=market.variant)
        book_sim.faults.next("accept_then_drop")
        result = kis.orders.place(
            client, market.module, market.request, variant=market.variant, policy=POLICY
        )
    assert isinstance(result, kis.orders.Placed)
    assert result.order_number == booked(book_sim, market)[-1]  # the second order, not the first
    assert posts(book_sim, market.path) == 2  # nothing resent


@pytest.mark.parametrize("market", MARKETS, ids=IDS)
def test_a_reply_lost_before_acceptance_is_not_placed(
    book_sim: Simulator, clock: ManualClock, market: Market
) -> None:
    with _client(book_sim, clock) as client:
        book_sim.faults.next("drop_before_accept")
        started = clock()
        result = kis.orders.place(
            client, market.module, market.request, variant=market.variant, policy=POLICY
        )
    assert isinstance(result, kis.orders.NotPlaced)
    assert result.polls == 1 + len(POLICY.delays()) and result.waited == POLICY.window
    assert clock() - started == POLICY.window  # the polling bound, on the injected clock
    assert booked(book_sim, market) == []
    assert posts(book_sim, market.path) == 1


@pytest.mark.parametrize("market", MARKETS, ids=IDS)
def test_two_identical_orders_in_flight_are_ambiguous(
    book_sim: Simulator, clock: ManualClock, market: Market
) -> None:
    with _client(book_sim, clock) as client:
        book_sim.faults.next("accept_then_drop", times=2)
        with pytest.raises(kis.OutcomeUnknownError):
            client.call(market.module.ENDPOINT, market.request, variant=market.variant)
        result = kis.orders.place(
            client, market.module, market.request, variant=market.variant, policy=POLICY
        )
    assert isinstance(result, kis.orders.Ambiguous)
    assert result.order_numbers == tuple(booked(book_sim, market))
    assert len(result.order_numbers) == 2
    assert posts(book_sim, market.path) == 2


@pytest.mark.parametrize("market", MARKETS, ids=IDS)
async def test_async_reaches_all_three_verdicts(
    book_sim: Simulator, clock: ManualClock, market: Market
) -> None:
    async with _async_client(book_sim, clock) as client:
        book_sim.faults.next("accept_then_drop")
        placed = await kis.orders.place_async(
            client, market.module, market.request, variant=market.variant, policy=POLICY
        )
        book_sim.faults.next("drop_before_accept")
        not_placed = await kis.orders.place_async(
            client, market.module, market.other, variant=market.variant, policy=POLICY
        )
        book_sim.faults.next("accept_then_drop")
        try:
            await client.call(market.module.ENDPOINT, market.request, variant=market.variant)
        except kis.OutcomeUnknownError as error:
            ambiguous = await client.reconcile(error, policy=POLICY)
    first, second = booked(book_sim, market)
    assert placed == kis.orders.Placed(first, placed.recorded, placed.inquiry, None)
    assert isinstance(not_placed, kis.orders.NotPlaced)
    assert ambiguous == kis.orders.Ambiguous((first, second), placed.inquiry)
    assert posts(book_sim, market.path) == 3


@pytest.mark.parametrize("market", MARKETS, ids=IDS)
def test_a_paging_inquiry_with_many_orders_still_finds_it(
    book_sim: Simulator, clock: ManualClock, market: Market
) -> None:
    with _client(book_sim, clock) as client:
        book_sim.faults.next("accept_then_drop")
        with pytest.raises(kis.OutcomeUnknownError) as info:
            client.call(market.module.ENDPOINT, market.request, variant=market.variant)
        for _ in range(25):  # newer orders: the lost one is on the last page (newest first)
            kis.orders.place(client, market.module, market.other, variant=market.variant)
        inquiries = len(book_sim.records)
        result = client.reconcile(info.value, policy=POLICY)
    assert isinstance(result, kis.orders.Placed)
    assert result.order_number == booked(book_sim, market)[0]
    assert len(book_sim.records) - inquiries == 3  # 26 orders, pages of 10
    assert posts(book_sim, market.path) == 26


def test_an_identical_order_older_than_the_tolerance_is_not_a_candidate(
    book_sim: Simulator, clock: ManualClock
) -> None:
    market = MARKETS[0]
    with _client(book_sim, clock) as client:
        kis.orders.place(client, market.module, market.request, variant=market.variant)
        clock.advance(POLICY.tolerance + 1)
        book_sim.faults.next("accept_then_drop")
        result = kis.orders.place(
            client, market.module, market.request, variant=market.variant, policy=POLICY
        )
        clock.advance(-POLICY.tolerance)  # an order known to be another is excluded by number
        book_sim.faults.next("accept_then_drop")
        with pytest.raises(kis.OutcomeUnknownError) as info:
            client.call(market.module.ENDPOINT, market.request, variant=market.variant)
        first, second, third = booked(book_sim, market)
        excluded = client.reconcile(info.value, policy=POLICY, exclude=[first, second])
    assert isinstance(result, kis.orders.Placed) and result.order_number == second
    assert isinstance(excluded, kis.orders.Placed) and excluded.order_number == third


@pytest.mark.parametrize(
    ("market", "change", "request_"),
    [
        (
            MARKETS[0],
            order_rvsecncl,
            order_rvsecncl.OrderRvsecnclRequest(
                cano=CANO,
                acnt_prdt_cd="01",
                krx_fwdg_ord_orgno="91252",
                orgn_odno="0000000001",
                ord_dvsn="00",
                rvse_cncl_dvsn_cd="02",
                ord_qty=0,
                ord_unpr=0,
                qty_all_ord_yn="Y",
            ),
        ),
        (
            MARKETS[2],
            futures_change,
            futures_change.OrderRvsecnclRequest(
                ord_prcs_dvsn_cd="02",
                cano=CANO,
                acnt_prdt_cd="03",
                rvse_cncl_dvsn_cd="01",
                orgn_odno="0000000001",
                ord_qty=2,
                unit_price="1.10",
                nmpr_type_cd="01",
                krx_nmpr_cndt_cd="0",
                rmn_qty_yn="N",
                ord_dvsn_cd="01",
            ),
        ),
    ],
    ids=["domestic-cancel", "futures-modify"],
)
def test_a_lost_change_reconciles_against_the_original_order(
    book_sim: Simulator, clock: ManualClock, market: Market, change: ModuleType, request_: Any
) -> None:
    variant = "day" if change is futures_change else None
    with _client(book_sim, clock) as client:
        kis.orders.place(client, market.module, market.request, variant=market.variant)
        book_sim.faults.next("drop_before_accept")
        lost = kis.orders.place(client, change, request_, variant=variant, policy=POLICY)
        book_sim.faults.next("accept_then_drop")
        result = kis.orders.place(client, change, request_, variant=variant, policy=POLICY)
    assert isinstance(lost, kis.orders.NotPlaced)
    assert isinstance(result, kis.orders.Placed)
    original, changed = book_sim.app.book.find("0000000001"), book_sim.app.book.find("0000000002")
    assert changed is not None and changed.orgn_odno == "0000000001"
    assert original is not None and original.remaining == 0
    assert result.order_number == "0000000002"
    assert posts(book_sim, change.ENDPOINT.path) == 2


def test_a_tr_without_an_inquiry_counterpart_is_refused_before_sending(
    sim: Simulator, clock: ManualClock
) -> None:
    request = order_resv.OrderResvRequest(
        cano=CANO,
        acnt_prdt_cd="01",
        pdno="005930",
        ord_qty=1,
        sll_buy_dvsn_cd="02",
        ord_dvsn_cd="00",
        ord_objt_cblc_dvsn_cd="10",
        ord_unpr=1000,
    )
    with _client(sim, clock) as client, pytest.raises(kis.ReconcileError) as info:
        kis.orders.place(client, order_resv, request)
    assert "주식예약주문" in str(info.value) and "no inquiry counterpart" in str(info.value)
    assert posts(sim, order_resv.ENDPOINT.path) == 0


def test_verdicts_and_logs_mask_the_account(
    book_sim: Simulator, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    market = MARKETS[2]  # the futures inquiry's rows carry the account number (cano)
    caplog.set_level(logging.DEBUG, logger="kis")
    with _client(book_sim, clock) as client:
        book_sim.faults.next("accept_then_drop")
        with pytest.raises(kis.OutcomeUnknownError) as info:
            client.call(market.module.ENDPOINT, market.request, variant=market.variant)
        result = client.reconcile(info.value, policy=POLICY)
    assert isinstance(result, kis.orders.Placed)
    assert result.row.cano == CANO  # the typed row holds it ...
    shown = [repr(result), str(result), repr(info.value), str(info.value), repr(info.value.order)]
    shown += [repr(result.row), str(result.recorded)]
    shown += [r.getMessage() for r in caplog.records]
    assert not [text for text in shown if CANO in text]  # ... and nothing shows it
    assert any("placed: order number" in r.getMessage() for r in caplog.records)


def test_the_polling_bound() -> None:
    policy = ReconcilePolicy(window=20.0, first_delay=0.5, max_delay=4.0)
    assert policy.delays() == (0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 0.5)
    assert sum(policy.delays()) == 20.0
    assert ReconcilePolicy(window=0).delays() == ()
    with pytest.raises(kis.ReconcileError):
        ReconcilePolicy(first_delay=0)


def test_an_order_fault_waits_for_the_next_order_and_inquiries_pass(
    book_sim: Simulator, clock: ManualClock
) -> None:
    market = MARKETS[0]
    day = inquire_daily_ccld.InquireDailyCcldRequest(
        cano=CANO,
        acnt_prdt_cd="01",
        inqr_strt_dt="20200101",
        inqr_end_dt="20991231",
        sll_buy_dvsn_cd="00",
        ccld_dvsn="00",
        inqr_dvsn="00",
        inqr_dvsn_3="00",
        excg_id_dvsn_cd="KRX",
    )
    with _client(book_sim, clock) as client:
        placed = kis.orders.place(client, market.module, market.request, variant=market.variant)
        book_sim.faults.next("drop_before_accept")
        listed = inquire_daily_ccld.fetch(client, day, variant="recent").output1  # answered
        # The same order again: the first one's reply came through place(), so it is known.
        lost = kis.orders.place(
            client, market.module, market.request, variant=market.variant, policy=POLICY
        )
        book_sim.faults.next("accept_then_drop")
        again = kis.orders.place(
            client, market.module, market.request, variant=market.variant, policy=POLICY
        )
    known = placed.output.odno
    assert list(client.placed_orders) == [known]
    assert [row.odno for row in listed] == [known]
    assert isinstance(lost, kis.orders.NotPlaced)
    assert isinstance(again, kis.orders.Placed) and again.order_number != known
    assert posts(book_sim, market.path) == 3
