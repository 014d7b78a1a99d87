"""The realtime client against the simulator: records, notices, reconnects, limits, back-pressure."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

import kis
import kis.realtime as rt
import kis_sim
from kis.domestic_stock.quotations import inquire_price
from kis.domestic_stock.trading import order_cash
from kis.realtime.domestic_stock import ccnl_krx, ccnl_notice
from kis_runtime.realtime.sync import BlockingRealtimeClient
from tests.realtime.conftest import make_client


async def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until `condition()` holds; fail (never hang) after `timeout` seconds."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


async def take(iterator: object, n: int, timeout: float = 10.0) -> list[object]:
    out = []
    for _ in range(n):
        out.append(await asyncio.wait_for(iterator.__anext__(), timeout))  # type: ignore[attr-defined]
    return out


async def test_ticks_are_typed_and_start_at_the_rest_quote(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    async with kis.AsyncClient(
        kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url, cache_dir=tmp_path
    ) as rest:
        quote = await inquire_price.fetch_async(
            rest,
            inquire_price.InquirePriceRequest(fid_cond_mrkt_div_code="J", fid_input_iscd="005930"),
        )
    async with make_client(sim, tmp_path) as client:
        ack = await client.subscribe(ccnl_krx, "005930")
        assert ack.msg1 == "SUBSCRIBE SUCCESS" and ack.aes is None
        records = await take(client, 5)
    assert all(isinstance(r, ccnl_krx.CcnlKrxRecord) for r in records)
    first = records[0]
    assert first.mksc_shrn_iscd == "005930"  # type: ignore[attr-defined]
    price = quote.output.stck_prpr
    assert price is not None
    assert abs(first.stck_prpr - price) <= 100  # type: ignore[attr-defined]  # one tick at most
    assert client.stats.records >= 5 and client.stats.dropped == 0


async def test_order_through_rest_brings_encrypted_notices(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    async with make_client(sim, tmp_path) as client:
        ack = await client.subscribe(ccnl_notice, "myhts01")
        assert ack.encrypted and ack.aes is not None
        notices = client.records(ccnl_notice)
        async with kis.AsyncClient(
            kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url, cache_dir=tmp_path
        ) as rest:
            request = order_cash.OrderCashRequest(
                cano="12345678",
                acnt_prdt_cd="01",
                pdno="005930",
                ord_dvsn="00",
                ord_qty="3",
                ord_unpr="60000",
            )
            reply = await order_cash.fetch_async(rest, request, variant="buy")
        accepted, executed = await take(notices, 2)
    for notice in (accepted, executed):
        assert isinstance(notice, ccnl_notice.CcnlNoticeRecord)
        assert notice.oder_no == reply.output.odno and notice.stck_shrn_iscd == "005930"
        assert notice.cust_id == "myhts01" and notice.oder_qty == 3
    assert (accepted.cntg_yn, executed.cntg_yn) == ("1", "2")  # type: ignore[attr-defined]
    # A buy at 60000 is marketable: it fills at the simulator's quote (kis_sim.orderbook).
    quote = sim.app.quote("domestic_stock", "005930")
    assert executed.cntg_qty == 3 and executed.cntg_unpr == quote < Decimal("60000")  # type: ignore[attr-defined]
    assert executed.seln_byov_cls == "02"  # type: ignore[attr-defined]  # 매수


async def test_a_dropped_session_reconnects_and_resubscribes(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    assert sim.realtime is not None
    async with make_client(sim, tmp_path) as client:
        await client.subscribe(ccnl_krx, "005930")
        await client.subscribe(ccnl_notice, "myhts01")
        await take(client, 2)
        sim.realtime.faults.next("drop")  # the stream aborts the TCP connection: close 1006
        await take(client, 1)
        await eventually(lambda: client.stats.reconnects > 0)
        after = await take(client, 3)
        assert all(isinstance(r, ccnl_krx.CcnlKrxRecord) for r in after)
        session = sim.realtime.sessions[0]
        assert set(session.subs) == {("H0STCNT0", "005930"), ("H0STCNI0", "myhts01")}
    assert client.stats.reconnects == 1
    assert len(sim.app.approvals) == 1  # one approval key, reused for the new session


async def test_malformed_frames_are_counted_and_the_stream_goes_on(
    sim: kis_sim.Simulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert sim.realtime is not None
    async with make_client(sim, tmp_path) as client:
        await client.subscribe(ccnl_krx, "005930")
        sim.realtime.faults.next("malformed")
        await take(client, 3)
        await eventually(lambda: client.stats.malformed > 0)
    assert client.stats.malformed == 1
    assert isinstance(client.problems[0], rt.RealtimeFormatError)
    assert "not decoded" in caplog.text


async def test_second_session_of_an_app_key_is_refused(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    async with make_client(sim, tmp_path) as first:
        await first.subscribe(ccnl_krx, "005930")
        async with make_client(sim, tmp_path) as second:
            with pytest.raises(rt.AppKeyInUseError, match="ALREADY IN USE"):
                await second.subscribe(ccnl_krx, "000660")
            with pytest.raises(rt.AppKeyInUseError):  # the stream ends: no reconnect loop
                await take(second, 1)
            with pytest.raises(rt.AppKeyInUseError):
                await second.subscribe(ccnl_krx, "000660")
            assert second.stats.reconnects == 0
        assert len(await take(first, 2)) == 2  # the first session is untouched


async def test_registration_limit_is_refused_client_side(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    async with make_client(sim, tmp_path, max_registrations=3) as client:
        for code in ("005930", "000660", "035420"):
            await client.subscribe(ccnl_krx, code)
        with pytest.raises(rt.SubscriptionLimitError, match="3 registrations already"):
            await client.subscribe(ccnl_krx, "005380")
        assert client.registrations == [
            ("H0STCNT0", "005930"),
            ("H0STCNT0", "000660"),
            ("H0STCNT0", "035420"),
        ]
        await client.unsubscribe(ccnl_krx, "035420")
        await client.subscribe(ccnl_krx, "005380")  # room again


async def test_server_side_limit_and_already_subscribed(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    assert sim.realtime is not None
    async with make_client(sim, tmp_path) as client:
        sim.realtime.faults.next("limit")
        with pytest.raises(rt.SubscriptionError, match="MAX SUBSCRIBE OVER"):
            await client.subscribe(ccnl_krx, "005930")
        assert client.registrations == []
        await client.subscribe(ccnl_krx, "005930")
        again = await client.subscribe(ccnl_krx, "005930")  # not sent twice
        assert again.msg1 == "ALREADY IN SUBSCRIBE"


async def test_pingpong_is_echoed(sim: kis_sim.Simulator, tmp_path: Path) -> None:
    assert sim.realtime is not None
    async with make_client(sim, tmp_path) as client:
        await client.subscribe(ccnl_notice, "myhts01")  # no ticks: only pings arrive
        await eventually(lambda: client.stats.pings >= 2)
        await asyncio.sleep(0.05)
        assert sim.realtime.sessions[0].pongs >= 2


async def test_slow_consumer_drops_oldest_and_counts(
    sim: kis_sim.Simulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert sim.realtime is not None
    async with make_client(sim, tmp_path, queue_size=10) as client:
        await client.subscribe(ccnl_notice, "myhts01")
        await client.subscribe(ccnl_krx, "005930")
        await client.unsubscribe(ccnl_krx, "005930")  # stop the ticks; the flood stays
        await client.subscribe(ccnl_krx, "000660")
        channel = client.records(ccnl_krx)
        await asyncio.to_thread(sim.realtime.flood, "H0STCNT0", "000660", 200, 4)
        await eventually(lambda: client.stats.dropped >= 190)  # 200 into a queue of 10
        got = await take(channel, 10)
        assert len(got) == 10 and client.pending() <= 10
    assert "queue full" in caplog.text


async def test_overflow_raise_tells_the_consumer(sim: kis_sim.Simulator, tmp_path: Path) -> None:
    assert sim.realtime is not None
    async with make_client(sim, tmp_path, queue_size=5, overflow="raise") as client:
        await client.subscribe(ccnl_krx, "005930")
        await asyncio.to_thread(sim.realtime.flood, "H0STCNT0", "005930", 40)
        await eventually(lambda: client.stats.dropped > 0)
        with pytest.raises(rt.QueueOverflowError) as info:
            await take(client, 10)
        assert info.value.dropped >= 1


async def test_secrets_never_reach_logs_or_reprs(
    sim: kis_sim.Simulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with make_client(sim, tmp_path) as client:
        ack = await client.subscribe(ccnl_notice, "myhts01")
        await client.subscribe(ccnl_krx, "005930")
        await take(client, 2)
        approval = next(iter(sim.app.approvals))
        shown = caplog.text + repr(client) + repr(ack) + repr(client.registrations)
        assert ack.aes is not None
        for secret in (approval, ack.aes.key, ack.aes.iv, "myhts01", kis_sim.DEMO_APP_SECRET):
            assert secret not in shown


def test_blocking_facade(sim: kis_sim.Simulator, tmp_path: Path) -> None:
    with BlockingRealtimeClient(
        kis_sim.DEMO_APP_KEY,
        kis_sim.DEMO_APP_SECRET,
        base_url=sim.url,
        url=sim.ws_url,
        cache_dir=tmp_path,
    ) as client:
        client.subscribe("H0STCNT0", "005930")
        records = [client.get(timeout=10) for _ in range(3)]
        assert all(isinstance(r, ccnl_krx.CcnlKrxRecord) for r in records)
        assert client.unsubscribe("H0STCNT0", "005930") is not None


async def test_paper_client_uses_the_paper_tr_ids(tmp_path: Path) -> None:
    with kis_sim.Simulator(kis_sim.SimConfig(environment="paper"), realtime=True) as sim:
        async with make_client(sim, tmp_path, environment="paper") as client:
            ack = await client.subscribe(ccnl_notice, "myhts01")
            assert ack.tr_id == "H0STCNI9"
            with pytest.raises(kis.UnsupportedEnvironmentError):
                await client.subscribe("H0STPGM0", "005930")


async def test_approval_key_is_issued_once_and_shared(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    for _ in range(2):  # two clients one after the other (one session per app key at a time)
        async with make_client(sim, tmp_path) as client:
            await client.subscribe(ccnl_krx, "005930")
            await take(client, 1)
    assert len(sim.app.approvals) == 1
    stored = list(tmp_path.glob("approval-real-*.json"))
    assert len(stored) == 1 and oct(stored[0].stat().st_mode & 0o777) == "0o600"
    assert kis_sim.DEMO_APP_KEY not in stored[0].name


async def test_giving_up_after_the_reconnect_attempts(tmp_path: Path) -> None:
    from kis_runtime.realtime.client import Reconnect
    from tests.realtime.conftest import FAST

    sim = kis_sim.Simulator(kis_sim.SimConfig(), realtime=FAST).start()
    try:
        client = make_client(sim, tmp_path, reconnect=Reconnect(initial=0.01, attempts=2))
        async with client:
            await client.subscribe(ccnl_krx, "005930")
            await take(client, 1)
            assert sim.realtime is not None
            sim.realtime.stop()  # the server goes away: every reconnect attempt fails
            with pytest.raises(rt.ConnectionLostError, match="2 reconnect attempt"):
                while True:
                    await take(client, 1)
    finally:
        sim.stop()


async def test_no_server_is_a_transport_error(sim: kis_sim.Simulator, tmp_path: Path) -> None:
    client = rt.RealtimeClient(
        kis_sim.DEMO_APP_KEY,
        kis_sim.DEMO_APP_SECRET,
        base_url=sim.url,
        url="ws://127.0.0.1:9",  # discard port: nothing listens
        cache_dir=tmp_path,
    )
    with pytest.raises(kis.TransportError, match=r"realtime connection to ws://127\.0\.0\.1:9"):
        await client.subscribe(ccnl_krx, "005930")


async def test_a_cancel_brings_one_notice_naming_the_original_order(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    from kis.domestic_stock.trading import order_rvsecncl

    async with make_client(sim, tmp_path) as client:
        await client.subscribe(ccnl_notice, "myhts01")
        async with kis.AsyncClient(
            kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url, cache_dir=tmp_path
        ) as rest:
            resting = order_cash.OrderCashRequest(  # below the quote: it rests in the order book
                cano="12345678",
                acnt_prdt_cd="01",
                pdno="005930",
                ord_dvsn="00",
                ord_qty="3",
                ord_unpr="1000",
            )
            original = await order_cash.fetch_async(rest, resting, variant="buy")
            await take(client, 1)  # its acceptance
            request = order_rvsecncl.OrderRvsecnclRequest(
                cano="12345678",
                acnt_prdt_cd="01",
                krx_fwdg_ord_orgno="06010",
                orgn_odno=original.output.odno,
                ord_dvsn="00",
                rvse_cncl_dvsn_cd="02",
                ord_qty="0",
                ord_unpr="0",
                qty_all_ord_yn="Y",
            )
            await order_rvsecncl.fetch_async(rest, request)
        (notice,) = await take(client, 1)
        assert notice.rctf_cls == "2" and notice.ooder_no == original.output.odno  # type: ignore[attr-defined]
        assert notice.cntg_yn == "1"  # type: ignore[attr-defined]
        await asyncio.sleep(0.1)
        assert client.pending() == 0  # no execution notice for a cancel


async def test_from_a_rest_client_shares_its_settings_and_cache(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    async with kis.AsyncClient(
        kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url, cache_dir=tmp_path
    ) as rest:
        async with rt.RealtimeClient.from_client(rest, url=sim.ws_url) as client:
            assert client.settings == rest.settings
            await client.subscribe(ccnl_krx, "005930")
            await take(client, 1)
    assert list(tmp_path.glob("approval-real-*.json"))
