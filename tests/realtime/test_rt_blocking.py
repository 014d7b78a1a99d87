"""BlockingRealtimeClient's queues, read from the consumer's thread without the event loop: order,
overflow, timeouts, the end of the stream. Scripted servers on loopback; counts and orders only."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest

import kis.realtime as rt
from kis.realtime.domestic_stock import asking_price_krx, ccnl_krx
from kis_runtime.realtime.client import Reconnect
from kis_runtime.realtime.sync import BlockingRealtimeClient
from kis_sim.realtime_data import Instrument, record_values
from tests.realtime.scripted_server import (
    Peer,
    ScriptedServer,
    approval_transport,
    eventually,
)

START = dt.datetime(2026, 1, 2, 9)


def frame(tr: Any, first: int, count: int) -> str:
    """One data frame of `count` records of 005930, the n-th traded at 09:00:00 + n seconds."""
    inst = Instrument("005930", Decimal(60000), 1)
    values: list[str] = []
    for n in range(first, first + count):
        values += record_values(tr, inst, START + dt.timedelta(seconds=n))
    return f"0|{tr.tr_id}|{count:03d}|{'^'.join(values)}"


def seconds(record: Any) -> int:
    """Which record of frame() this is (its trade time)."""
    hour = record.stck_cntg_hour if hasattr(record, "stck_cntg_hour") else record.bsop_hour
    return int((dt.datetime.combine(START.date(), hour) - START).total_seconds())


def sends(*frames: str, then: str = "wait") -> Callable[[Peer], Awaitable[None]]:
    """A server that acknowledges every registration, sends `frames` after the first one, and
    then goes on answering ("wait") or drops the connection ("drop")."""

    async def script(peer: Peer) -> None:
        await peer.ack(await peer.request())
        for text in frames:
            await peer.send(text)
        if then == "drop":
            peer.drop()
            return
        while True:
            await peer.ack(await peer.request())

    return script


def blocking(server: ScriptedServer, **options: Any) -> BlockingRealtimeClient:
    options.setdefault("reconnect", Reconnect(initial=0.01, maximum=0.05, attempts=0))
    return BlockingRealtimeClient(
        "scripted-app-key",
        "scripted-app-secret",
        base_url="http://approval.test",
        url=server.url,
        token_cache=False,
        approval_transport=approval_transport(),
        ack_timeout=5.0,
        **options,
    )


async def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """A blocking call, off the test's loop (which serves the scripted server)."""
    return await asyncio.wait_for(asyncio.to_thread(function, *args), 10)


async def open_client(server: ScriptedServer, **options: Any) -> BlockingRealtimeClient:
    client: BlockingRealtimeClient = await in_thread(lambda: blocking(server, **options))
    await in_thread(client.connect)
    await in_thread(client.subscribe, ccnl_krx, "005930")
    return client


async def test_records_queued_in_several_frames_come_in_arrival_order() -> None:
    frames = [frame(ccnl_krx.TR, n, 25) for n in range(0, 100, 25)]
    async with ScriptedServer(sends(*frames)) as server:
        client = await open_client(server)
        try:
            await eventually(lambda: client.pending() == 100)  # all queued before any read
            got = await in_thread(lambda: [client.get(timeout=10) for _ in range(100)])
            assert [seconds(r) for r in got] == list(range(100))
            assert client.pending() == 0 and client.stats.dropped == 0
        finally:
            await in_thread(client.close)


async def test_drop_oldest_keeps_the_newest_queue_size_records_and_counts_the_rest() -> None:
    async with ScriptedServer(sends(*[frame(ccnl_krx.TR, n, 10) for n in (0, 10, 20)])) as server:
        client = await open_client(server, queue_size=10)
        try:
            await eventually(lambda: client.stats.records == 30)
            assert client.pending() == 10 and client.stats.dropped == 20
            got = await in_thread(lambda: [client.get(timeout=10) for _ in range(10)])
            assert [seconds(r) for r in got] == list(range(20, 30))
            with pytest.raises(TimeoutError):
                await in_thread(client.get, 0.01)
        finally:
            await in_thread(client.close)


async def test_overflow_raise_is_the_next_read_then_the_records_kept() -> None:
    async with ScriptedServer(sends(*[frame(ccnl_krx.TR, n, 10) for n in (0, 10, 20)])) as server:
        client = await open_client(server, queue_size=10, overflow="raise")
        try:
            await eventually(lambda: client.stats.records == 30)
            with pytest.raises(rt.QueueOverflowError) as info:
                await in_thread(client.get, 10)
            assert info.value.dropped == 20 == client.stats.dropped
            got = await in_thread(lambda: [client.get(timeout=10) for _ in range(10)])
            assert [seconds(r) for r in got] == list(range(10))  # the new ones were dropped
        finally:
            await in_thread(client.close)


async def test_records_queued_when_the_stream_ends_come_first_then_the_error() -> None:
    async with ScriptedServer(sends(frame(ccnl_krx.TR, 0, 5), then="drop")) as server:
        client = await open_client(server)  # Reconnect(attempts=0): a drop ends the stream
        try:
            await eventually(lambda: client.client._lost is not None)
            assert client.pending() == 5
            got: list[Any] = []

            def read_all() -> None:
                for record in client:
                    got.append(record)

            with pytest.raises(rt.ConnectionLostError):
                await in_thread(read_all)
            assert [seconds(r) for r in got] == list(range(5))
            with pytest.raises(rt.ConnectionLostError):  # the stream stays ended
                await in_thread(client.get, 10)
        finally:
            await in_thread(client.close)


async def test_a_timed_out_get_loses_no_record() -> None:
    release = asyncio.Event()

    async def script(peer: Peer) -> None:
        await peer.ack(await peer.request())
        await release.wait()
        await peer.send(frame(ccnl_krx.TR, 0, 1))
        await peer.send(frame(ccnl_krx.TR, 1, 1))
        await asyncio.Event().wait()

    async with ScriptedServer(script) as server:
        client = await open_client(server)
        try:
            with pytest.raises(TimeoutError):
                await in_thread(client.get, 0.01)
            release.set()
            got = await in_thread(lambda: [client.get(timeout=10) for _ in range(2)])
            assert [seconds(r) for r in got] == [0, 1]
        finally:
            await in_thread(client.close)


async def test_records_of_a_tr_go_to_its_iterator_from_the_call_on() -> None:
    asking = frame(asking_price_krx.TR, 0, 2)
    ticks = frame(ccnl_krx.TR, 0, 3)
    release = asyncio.Event()

    async def script(peer: Peer) -> None:
        await peer.ack(await peer.request())
        await peer.ack(await peer.request())
        await release.wait()
        await peer.send(asking)
        await peer.send(ticks)
        await asyncio.Event().wait()

    async with ScriptedServer(script) as server:
        client = await open_client(server)
        try:
            asks = client.records(asking_price_krx, timeout=0.01)  # before any is read from it
            await in_thread(client.subscribe, asking_price_krx, "005930")
            with pytest.raises(TimeoutError):
                await in_thread(next, asks)
            release.set()
            await eventually(lambda: client.pending() == 5)
            main = await in_thread(lambda: [client.get(timeout=10) for _ in range(3)])
            assert all(isinstance(r, ccnl_krx.CcnlKrxRecord) for r in main)
            own = await in_thread(lambda: [next(asks), next(asks)])  # usable after a timeout
            assert all(isinstance(r, asking_price_krx.AskingPriceKrxRecord) for r in own)
            assert client.pending() == 0
        finally:
            await in_thread(client.close)


async def test_close_ends_an_iteration_waiting_in_another_thread_after_the_queued_records() -> None:
    async with ScriptedServer(sends(frame(ccnl_krx.TR, 0, 3))) as server:
        client = await open_client(server)
        await eventually(lambda: client.pending() == 3)
        got: list[Any] = []

        def consume() -> None:
            for record in client:  # waits after the third record, until close()
                got.append(record)

        consumer = asyncio.ensure_future(in_thread(consume))
        await eventually(lambda: len(got) == 3)
        await in_thread(client.close)
        await consumer  # the iteration ended (in_thread fails after 10 s otherwise)
        assert [seconds(r) for r in got] == [0, 1, 2]
        with pytest.raises(StopIteration):
            next(iter(client))
