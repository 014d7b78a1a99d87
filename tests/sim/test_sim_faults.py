"""Each injected fault, through kis.Client / kis.AsyncClient, gives the client behaviour that
exists today (retries and token refresh are built elsewhere)."""

from __future__ import annotations

from typing import Any

import pytest

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, Fault, FaultKind, SimConfig, Simulator

REQUEST = bal.PensionInquireBalanceRequest(cano="12345678")


def test_scheduled_rate_limit(sim: Simulator, client: Any) -> None:
    sim.faults.next(FaultKind.RATE_LIMIT)
    with pytest.raises(kis.RateLimitError) as caught:
        bal.fetch(client, REQUEST)
    assert (caught.value.msg_cd, caught.value.status) == ("EGW00201", 500)
    assert bal.fetch(client, REQUEST).rt_cd == "0"  # only the next request was hit


def test_rate_window_above_n_per_second(clock: Any, client_for: Any) -> None:
    with Simulator(SimConfig(rate_limit=2), clock=clock) as server, client_for(server) as c:
        bal.fetch(c, REQUEST)
        bal.fetch(c, REQUEST)
        with pytest.raises(kis.RateLimitError):
            bal.fetch(c, REQUEST)
        clock.advance(1.0)
        assert bal.fetch(c, REQUEST).rt_cd == "0"


def test_expired_token(sim: Simulator, client: Any, clock: Any) -> None:
    bal.fetch(client, REQUEST)
    clock.advance(sim.config.token_lifetime)
    with pytest.raises(kis.TokenExpiredError) as caught:
        bal.fetch(client, REQUEST)
    assert (caught.value.msg_cd, caught.value.status) == ("EGW00123", 500)


def test_scheduled_token_expiry(sim: Simulator, client: Any) -> None:
    sim.faults.at(1, "token_expired")
    with pytest.raises(kis.TokenExpiredError):
        bal.fetch(client, REQUEST)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_http_5xx(sim: Simulator, client: Any, status: int) -> None:
    sim.faults.next(Fault(FaultKind.SERVER_ERROR, status=status))
    with pytest.raises(kis.HttpError) as caught:
        bal.fetch(client, REQUEST)
    assert caught.value.status == status


def test_malformed_json(sim: Simulator, client: Any) -> None:
    sim.faults.next("malformed_json")
    with pytest.raises(kis.ResponseFormatError):
        bal.fetch(client, REQUEST)


def test_slow_reply_times_out(sim: Simulator, client_for: Any) -> None:
    sim.faults.next(Fault(FaultKind.SLOW, delay=5.0))
    with client_for(sim, timeout=0.3) as c, pytest.raises(kis.TransportError):
        bal.fetch(c, REQUEST)


def test_slow_reply_within_timeout_is_the_normal_reply(sim: Simulator, client: Any) -> None:
    sim.faults.next(Fault(FaultKind.SLOW, delay=0.05))
    assert len(bal.fetch(client, REQUEST).output1) == 10


def test_data_changed_mid_paging_keeps_pages(sim: Simulator, client: Any) -> None:
    sim.faults.at(3, "data_changed")  # the third page
    with pytest.raises(kis.DataChangedError) as caught:
        bal.fetch_all(client, REQUEST)
    assert caught.value.msg_cd == "SYDB0050"
    assert [len(p.output1) for p in caught.value.pages] == [10, 10]
    expected = sim.app.data.blocks(
        bal.ENDPOINT,
        "TTTC2208R",
        {"CANO": "12345678", "ACNT_PRDT_CD": "29", "ACCA_DVSN_CD": "00", "INQR_DVSN": "00"},
    )["output1"][:20]
    assert [r for p in caught.value.pages for r in p.raw["output1"]] == expected


async def test_data_changed_mid_paging_async(sim: Simulator, async_client: Any) -> None:
    sim.faults.at(2, "data_changed")
    with pytest.raises(kis.DataChangedError) as caught:
        await bal.fetch_all_async(async_client, REQUEST)
    assert len(caught.value.pages) == 1


async def test_rate_limit_and_5xx_async(sim: Simulator, async_client: Any) -> None:
    sim.faults.next("rate_limit")
    with pytest.raises(kis.RateLimitError):
        await bal.fetch_async(async_client, REQUEST)
    sim.faults.next("server_error")
    with pytest.raises(kis.HttpError):
        await bal.fetch_async(async_client, REQUEST)
    sim.faults.next("malformed_json")
    with pytest.raises(kis.ResponseFormatError):
        await bal.fetch_async(async_client, REQUEST)


async def test_slow_reply_times_out_async(sim: Simulator) -> None:
    sim.faults.next(Fault(FaultKind.SLOW, delay=5.0))
    async with kis.AsyncClient(DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, timeout=0.3) as c:
        with pytest.raises(kis.TransportError):
            await bal.fetch_async(c, REQUEST)


def test_paper_client_sends_nothing_for_an_unsupported_tr(sim: Simulator, client_for: Any) -> None:
    with (
        client_for(sim, environment="paper") as paper,
        pytest.raises(kis.UnsupportedEnvironmentError),
    ):
        bal.fetch(paper, REQUEST)
    assert sim.records == []


def test_run_wide_fault_hits_every_tr_request(clock: Any, client_for: Any) -> None:
    config = SimConfig(faults=(Fault.parse("rate_limit"),))
    with Simulator(config, clock=clock) as server, client_for(server) as c:
        for _ in range(2):
            with pytest.raises(kis.RateLimitError):
                bal.fetch(c, REQUEST)


def test_second_token_within_a_minute_is_refused(
    sim: Simulator, client_for: Any, clock: Any
) -> None:
    with client_for(sim) as first, client_for(sim) as second:
        first.access_token()
        with pytest.raises(kis.TokenRateLimitError) as caught:
            second.access_token()
        assert (caught.value.error_code, caught.value.status) == ("EGW00133", 403)
        clock.advance(60)
        assert second.access_token() != first.access_token()


def test_bad_credentials_are_refused(sim: Simulator) -> None:
    with (
        kis.Client(DEMO_APP_KEY, "wrong-secret", base_url=sim.url) as c,
        pytest.raises(kis.AuthError) as caught,
    ):
        c.access_token()
    assert caught.value.status == 403
