"""`kis call ... --yes` on an order TR whose reply is lost: the reconcile verdict and its exit code
(0 placed, 7 not placed, 8 ambiguous), for domestic stock, overseas stock and futures/options."""

from __future__ import annotations

import pytest

from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator
from kis_sim.faults import Fault

CANO = "73481652"
ORDERS = {
    "domestic_stock": (
        "TTTC0012U",
        f"CANO={CANO}",
        "ACNT_PRDT_CD=01",
        "PDNO=005930",
        "ORD_DVSN=00",
        "ORD_QTY=3",
        "ORD_UNPR=1000",
    ),
    "overseas_stock": (
        "TTTT1002U",
        f"CANO={CANO}",
        "ACNT_PRDT_CD=01",
        "OVRS_EXCG_CD=NASD",
        "PDNO=AAPL",
        "ORD_QTY=3",
        "OVRS_ORD_UNPR=1.50",
        "ORD_SVR_DVSN_CD=0",
        "ORD_DVSN=00",
    ),
    "domestic_futureoption": (
        "TTTO1101U",
        "ORD_PRCS_DVSN_CD=02",
        f"CANO={CANO}",
        "ACNT_PRDT_CD=03",
        "SLL_BUY_DVSN_CD=02",
        "SHTN_PDNO=101S03",
        "ORD_QTY=2",
        "UNIT_PRICE=1.05",
        "ORD_DVSN_CD=01",
    ),
}


def order_posts(sim: Simulator) -> int:
    return sum(1 for r in sim.records if r.method == "POST" and "/trading/order" in r.path)


def numbers(sim: Simulator, market: str) -> list[str]:
    account = (CANO, "03" if market == "domestic_futureoption" else "01")
    return [o.odno for o in sim.app.book.orders(account, market)]


@pytest.mark.parametrize("market", list(ORDERS))
def test_each_verdict_and_its_exit_code(run, sim: Simulator, market: str) -> None:
    order = ("call", *ORDERS[market], "--yes", "--reconcile-window", "0")
    sim.faults.next("drop_before_accept")
    lost = run(*order)
    assert lost.code == 7, lost.err
    assert lost.out.startswith("not placed: no matching order in 1 ")
    sim.faults.next("accept_then_drop")
    placed = run(*order)
    assert placed.code == 0, placed.err
    (first,) = numbers(sim, market)
    assert placed.out.startswith(f"placed: order number {first} ")
    assert "the reply was lost" in placed.err
    sim.faults.next("accept_then_drop")
    again = run(*order)  # the same order while the first is live: nothing tells them apart
    assert again.code == 8, again.err
    assert again.out.strip() == (
        f"ambiguous: 2 matching orders ({', '.join(numbers(sim, market))}); none chosen"
    )
    answered = run(*order)  # a reply that arrives is printed as ever
    assert answered.code == 0 and "ODNO" in answered.out.upper()
    assert order_posts(sim) == 4  # one POST per command: nothing resent
    for result in (lost, placed, again, answered):
        assert CANO not in result.out + result.err


def test_the_simulator_fault_flag_drops_every_order_reply(run, monkeypatch) -> None:
    """`kis-sim --fault accept_then_drop`: orders are placed and their replies lost; inquiries
    are answered, so every order reconciles as placed."""
    config = SimConfig(faults=(Fault.parse("accept_then_drop"),))
    with Simulator(config) as sim:
        monkeypatch.setenv("KIS_APP_KEY", DEMO_APP_KEY)
        monkeypatch.setenv("KIS_APP_SECRET", DEMO_APP_SECRET)
        result = run("call", *ORDERS["domestic_stock"], "--yes", "--base-url", sim.url)
        assert result.code == 0, result.err
        assert result.out.startswith(f"placed: order number {numbers(sim, 'domestic_stock')[0]}")
        assert order_posts(sim) == 1
