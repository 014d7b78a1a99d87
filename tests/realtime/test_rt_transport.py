"""The realtime client's transport against scripted servers: a session that never hangs, a client
that cannot be wedged (issue 18, parts 3 and 4). No timing assertions: counts and orders."""

from __future__ import annotations

import asyncio
import json
import logging

import attrs
import pytest

import kis.realtime as rt
from kis.realtime.domestic_stock import asking_price_krx, ccnl_krx
from kis_runtime.realtime.client import Reconnect
from kis_runtime.realtime.errors import RealtimeFormatError
from kis_runtime.realtime.sync import BlockingRealtimeClient
from tests.realtime.scripted_server import (
    Peer,
    Request,
    ScriptedServer,
    approval_transport,
    eventually,
    scripted_client,
    take,
    tick,
)

X = ("H0STCNT0", "005930")


@attrs.frozen
class Recorded(Reconnect):
    """The policy of the test, remembering the back-off step of every reconnect attempt."""

    steps: list[int] = attrs.field(factory=list)

    def delay(self, attempt: int) -> float:
        self.steps.append(attempt)
        return super().delay(attempt)


def test_backoff_is_capped_and_jittered() -> None:
    policy = Reconnect(initial=0.5, maximum=30.0, factor=2.0, jitter=0.1)
    for attempt in range(40):
        base = min(30.0, 0.5 * 2.0**attempt)
        assert base * 0.9 <= policy.delay(attempt) <= base * 1.1
    assert len({policy.delay(10) for _ in range(20)}) > 1  # not in step with other clients
    assert 27.0 <= policy.delay(5_000) <= 33.0  # a long outage (attempts=None) stays capped


async def test_a_silent_session_is_replaced_and_registered_again() -> None:
    async def script(peer: Peer) -> None:
        if peer.number == 1:
            await peer.ack(await peer.request())
            await peer.send(tick("005930"))
            await peer.silent()  # half-open: no close, no PINGPONG, no data
        await peer.serve()

    async with ScriptedServer(script) as server:
        async with scripted_client(server, idle_timeout=0.3) as client:
            await client.subscribe(ccnl_krx, "005930")
            first, second = await take(client, 2)
            assert first.mksc_shrn_iscd == second.mksc_shrn_iscd == "005930"
            assert server.connections == 2 and server.peers[1].requests == [Request("1", *X)]
            assert client.stats.silences == 1 and client.stats.reconnects == 1
            assert client.registrations == [X]


def in_use_script(refuse: list[bool]) -> object:
    async def script(peer: Peer) -> None:
        if peer.number == 1:
            await peer.ack(await peer.request())
            await peer.send(tick("005930"))
            await peer.request()  # never comes: the test drops the connection
        request = await peer.request()
        if refuse[0]:  # KIS still holds the dropped session of this app key
            await peer.reply("(null)", request.tr_key, "1", "ALREADY IN USE appkey")
            await peer.ws.close()
            return
        await peer.ack(request)
        await peer.send(tick(request.tr_key))
        await peer.serve()

    return script


async def test_already_in_use_after_a_reconnect_backs_off_then_gives_up(
    caplog: pytest.LogCaptureFixture,
) -> None:
    refuse = [True]
    policy = Recorded(initial=0.01, maximum=0.04, attempts=5, pace=0.0)
    async with ScriptedServer(in_use_script(refuse)) as server:  # type: ignore[arg-type]
        client = scripted_client(server, reconnect=policy)
        async with client:
            await client.subscribe(ccnl_krx, "005930")
            await take(client, 1)
            server.peers[0].drop()
            with pytest.raises(rt.ConnectionLostError, match="5 reconnect attempt"):
                await take(client, 1)
            # one session that worked, then 5 refused ones: the step grows, it never restarts
            assert policy.steps == [0, 1, 2, 3, 4]
            assert server.connections == 6
            assert caplog.text.count("ALREADY IN USE") >= 5
            with pytest.raises(rt.ConnectionLostError, match="connect"):
                await client.subscribe(ccnl_krx, "000660")  # typed, not websockets'
            assert client.registrations == [X]  # kept for the next session
            refuse[0] = False
            await client.connect()  # after the end: a new session, registered again
            (record,) = await take(client, 1)
            assert record.mksc_shrn_iscd == "005930"
            assert server.connections == 7 and server.peers[6].requests == [Request("1", *X)]


async def test_immediate_closes_back_off_until_a_session_works() -> None:
    policy = Recorded(initial=0.001, maximum=0.01, attempts=None, pace=0.0)

    async def script(peer: Peer) -> None:
        if 2 <= peer.number <= 21:  # 20 sessions: the handshake, then the server closes
            await peer.ws.close()
            return
        await peer.ack(await peer.request())
        await peer.send(tick("005930"))
        await peer.serve()

    async with ScriptedServer(script) as server:
        async with scripted_client(server, reconnect=policy) as client:
            await client.subscribe(ccnl_krx, "005930")
            await take(client, 1)
            server.peers[0].drop()
            await take(client, 1)  # from session 22, after 20 that closed at once
            assert server.connections == 22
            assert policy.steps == list(range(21))  # no reset on a handshake
            server.peers[21].drop()  # session 22 worked: the back-off starts again
            await take(client, 1)
            assert policy.steps == [*range(21), 0]
            assert server.connections == 23


async def test_two_first_subscribes_at_once_open_one_session() -> None:
    async def script(peer: Peer) -> None:
        await peer.serve(records=False)

    async with ScriptedServer(script) as server:
        client = scripted_client(server)
        try:
            await asyncio.gather(
                client.subscribe(ccnl_krx, "005930"), client.subscribe(ccnl_krx, "000660")
            )
            assert server.connections == 1 and len(server.peers[0].registered) == 2
        finally:
            await client.close()


async def test_a_session_that_stayed_up_long_enough_resets_the_back_off() -> None:
    policy = Recorded(initial=0.001, maximum=0.01, attempts=None, pace=0.0, stable=0.0)

    async def script(peer: Peer) -> None:
        if 2 <= peer.number <= 4:  # no data, no answer: only `stable` makes these "worked"
            await peer.ws.close()
            return
        await peer.ack(await peer.request())
        await peer.send(tick("005930"))
        await peer.serve()

    async with ScriptedServer(script) as server:
        async with scripted_client(server, reconnect=policy) as client:
            await client.subscribe(ccnl_krx, "005930")
            await take(client, 1)
            server.peers[0].drop()
            await take(client, 1)
            assert server.connections == 5 and policy.steps == [0, 0, 0, 0]


async def test_reregistration_is_one_at_a_time_in_order() -> None:
    codes = ["005930", "000660", "035420", "005380", "051910", "068270"]
    in_flight: list[int] = []

    async def script(peer: Peer) -> None:
        if peer.number == 1:
            await peer.serve(records=False)
        unanswered: list[Request] = []

        async def answer() -> None:
            await asyncio.sleep(0.02)  # a slow server: a burst would pile up meanwhile
            await peer.ack(unanswered.pop(0))

        answering: set[asyncio.Task[None]] = set()
        while True:
            unanswered.append(await peer.request())
            in_flight.append(len(unanswered))
            answering.add(asyncio.create_task(answer()))

    async with ScriptedServer(script) as server:
        async with scripted_client(server) as client:
            for code in codes:
                await client.subscribe(ccnl_krx, code)
            server.peers[0].drop()
            await eventually(
                lambda: len(server.peers) == 2 and len(server.peers[1].registered) == 6
            )
            assert [r.tr_key for r in server.peers[1].requests] == codes
            assert in_flight == [1] * 6  # never a second registration before the answer


async def test_undecodable_messages_are_counted_and_the_session_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    notice = "0|H0STCNI0|001|myhts01^1234567801^0000117057^broken"  # HTS ID, account number
    bad: list[str | bytes] = [
        b"\xff\xfe\x00 not UTF-8",  # a binary frame
        "0|H0STCNT0|00\u00b2|005930^1",  # a count that isdigit() takes and int() refuses
        "[" * 100_000 + "]" * 100_000,  # nested deeper than Python recurses
        '{"header": ' * 50_000 + "1" + "}" * 50_000,
        "1|H0STCNI0|001|bm90IGEga2V5",  # encrypted, no key for it
        "0|H0STCNT0|001|005930^x^y",  # too few values
        "0|NOSUCHTR|001|a^b",
        "[1, 2]",
        '{"header": {"tr_id": "H0STCNT0"}}',  # no body
        "hello",
        notice,
        "",
    ]
    pings: list[str] = []

    async def script(peer: Peer) -> None:
        await peer.ack(await peer.request())
        for message in bad:
            await peer.send(message)
        pings.append(await peer.ping())
        await peer.send(tick("005930"))
        await peer.serve()

    async with ScriptedServer(script) as server:
        async with scripted_client(server) as client:
            await client.subscribe(ccnl_krx, "005930")
            (record,) = await take(client, 1)
            assert record.mksc_shrn_iscd == "005930"
            await eventually(lambda: server.peers[0].pongs == pings)  # PINGPONG still echoed
            assert client.stats.malformed == len(bad) and client.stats.records == 1
            assert all(isinstance(p, rt.RealtimeFormatError) for p in client.problems)
            assert server.connections == 1  # no reconnect for a bad message
    shown = caplog.text + "".join(str(p) for p in client.problems)
    for secret in ("myhts01", "12345678", "0000117057", "bm90IGEga2V5"):
        assert secret not in shown
    assert "H0STCNI0" in shown  # the TR id of a frame is said, its values are not


async def test_any_exception_while_decoding_is_a_counted_problem(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever a decoder raises (not only RealtimeFormatError) is counted, its text unshown."""
    from kis_runtime.realtime.decode import decode as real

    raised = [
        KeyError("myhts01"),
        RecursionError("maximum recursion depth exceeded"),
        ValueError("invalid literal for int(): '1234567801'"),
        UnicodeDecodeError("utf-8", b"myhts01", 0, 1, "invalid start byte"),
    ]

    def decode(text: str | bytes, keys: object = None) -> object:
        if isinstance(text, str) and text.startswith("explode"):
            raise raised[int(text[-1])]
        return real(text, keys)  # type: ignore[arg-type]

    monkeypatch.setattr("kis_runtime.realtime.client.decode", decode)
    pings: list[str] = []

    async def script(peer: Peer) -> None:
        await peer.ack(await peer.request())
        for i in range(len(raised)):
            await peer.send(f"explode {i}")
        pings.append(await peer.ping())
        await peer.send(tick("005930"))
        await peer.serve()

    async with ScriptedServer(script) as server:
        async with scripted_client(server) as client:
            await client.subscribe(ccnl_krx, "005930")
            (record,) = await take(client, 1)
            assert record.mksc_shrn_iscd == "005930"
            await eventually(lambda: server.peers[0].pongs == pings)
    assert client.stats.malformed == len(raised)
    assert [type(p) for p in client.problems] == [rt.RealtimeFormatError] * len(raised)
    for problem, exc in zip(client.problems, raised, strict=True):
        assert f"({type(exc).__name__})" in str(problem)
    shown = caplog.text + "".join(str(p) for p in client.problems)
    assert "myhts01" not in shown and "1234567801" not in shown


async def test_a_reader_that_dies_anyway_ends_the_stream_with_the_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def script(peer: Peer) -> None:
        await peer.serve()

    async with ScriptedServer(script) as server:
        async with scripted_client(server) as client:
            await client.subscribe(ccnl_krx, "005930")
            await take(client, 1)

            def broken(message: object) -> None:
                raise RuntimeError("a bug")

            monkeypatch.setattr(client, "_acknowledged", broken)
            with pytest.raises(rt.ConnectionLostError, match="reader stopped"):  # not a hang
                await client.subscribe(ccnl_krx, "000660")
            with pytest.raises(rt.RealtimeError, match="reader stopped: RuntimeError"):
                await take(client, 1)
            with pytest.raises(rt.RealtimeError, match="reader stopped"):
                await client.subscribe(ccnl_krx, "035420")


async def test_overlapping_reregistration_unsubscribe_and_subscribe_of_one_key() -> None:
    held = asyncio.Event()  # the re-registration of X is in the server's hands
    release = asyncio.Event()  # the test has queued its calls

    async def script(peer: Peer) -> None:
        if peer.number != 2:
            await peer.serve(records=False)
        reregistration = await peer.request()
        held.set()
        await release.wait()
        with pytest.raises(TimeoutError):  # nothing else for X while its answer is due
            await asyncio.wait_for(peer.request(), 0.2)
        await peer.ack(reregistration)
        unsubscribe = await peer.request()
        await peer.ack(unsubscribe, "SUBSCRIBE SUCCESS")  # a late duplicate, then the answer
        await peer.ack(unsubscribe)
        await peer.ack(await peer.request())
        await peer.serve(records=False)

    async with ScriptedServer(script) as server:
        async with scripted_client(server) as client:
            await client.subscribe(ccnl_krx, "005930")
            server.peers[0].drop()
            await asyncio.wait_for(held.wait(), 10)
            gone = asyncio.create_task(client.unsubscribe(ccnl_krx, "005930"))
            await asyncio.sleep(0.01)  # (the order of the two calls, not a timing assertion)
            back = asyncio.create_task(client.subscribe(ccnl_krx, "005930"))
            await asyncio.sleep(0.01)
            release.set()
            released, subscribed = await asyncio.wait_for(asyncio.gather(gone, back), 10)
            assert (
                released is not None
                and released.released
                and released.msg1 == "UNSUBSCRIBE SUCCESS"
            )
            assert subscribed.msg1 == "SUBSCRIBE SUCCESS"
            assert [(r.tr_type, r.tr_key) for r in server.peers[1].requests] == [
                ("1", "005930"),
                ("2", "005930"),
                ("1", "005930"),
            ]
            assert client.registrations == [X] and server.peers[1].registered == {X}
            server.peers[1].drop()  # the user's subscription survives the next reconnect
            await eventually(lambda: len(server.peers) == 3 and server.peers[2].registered == {X})


async def test_acknowledgements_in_another_order_go_to_their_calls() -> None:
    both = asyncio.Event()

    async def script(peer: Peer) -> None:
        if peer.number != 2:
            await peer.serve(records=False)
        first, second = await peer.request(), await peer.request()
        both.set()
        await peer.ack(second)  # answered out of order
        await peer.ack(first)
        await peer.serve(records=False)

    async with ScriptedServer(script) as server:
        async with scripted_client(server) as client:
            await client.subscribe(ccnl_krx, "005930")
            server.peers[0].drop()
            await eventually(lambda: client.connected and len(server.peers) == 2)
            ack = await client.subscribe(asking_price_krx, "005930")  # same key, another TR
            assert (ack.tr_id, ack.msg1) == ("H0STASP0", "SUBSCRIBE SUCCESS")
            assert both.is_set()
            await eventually(lambda: len(server.peers[1].registered) == 2)
            assert client.registrations == [X, ("H0STASP0", "005930")]


async def test_calls_while_down_raise_the_clients_own_errors() -> None:
    async def script(peer: Peer) -> None:
        if peer.number == 1:
            await peer.serve(records=False)
        await peer.ws.close()  # every reconnect is refused at once

    policy = Reconnect(initial=60.0, maximum=60.0, attempts=3, pace=0.0)
    async with ScriptedServer(script) as server:
        client = scripted_client(server, reconnect=policy)
        async with client:
            await client.subscribe(ccnl_krx, "005930")
            await client.subscribe(ccnl_krx, "000660")
            server.peers[0].drop()
            await eventually(lambda: not client.connected)  # now backing off for 60 s
            with pytest.raises(rt.ReconnectingError, match="reconnecting"):
                await client.subscribe(ccnl_krx, "035420")
            assert await client.unsubscribe(ccnl_krx, "000660") is None  # forgotten locally
            assert client.registrations == [X]
            await asyncio.wait_for(client.close(), 5)  # ends the back-off at once


async def test_close_against_a_peer_that_never_answers_returns_promptly() -> None:
    async def script(peer: Peer) -> None:
        await peer.ack(await peer.request())
        await peer.silent()

    async with ScriptedServer(script) as server:
        client = scripted_client(server, close_timeout=0.2)
        await client.subscribe(ccnl_krx, "005930")
        await asyncio.wait_for(client.close(), 5)  # websockets alone would wait 10 s
        assert not client.connected
        with pytest.raises(StopAsyncIteration):
            await take(client, 1)


async def test_blocking_close_against_a_peer_that_never_answers_returns_promptly() -> None:
    async def script(peer: Peer) -> None:
        await peer.ack(await peer.request())
        await peer.silent()

    async with ScriptedServer(script) as server:

        def make() -> BlockingRealtimeClient:
            return BlockingRealtimeClient(
                "scripted-app-key",
                "scripted-app-secret",
                base_url="http://approval.test",
                url=server.url,
                token_cache=False,
                approval_transport=approval_transport(),
                close_timeout=0.2,
            )

        blocking = await asyncio.to_thread(make)
        assert blocking.client.close_timeout == 0.2
        await asyncio.to_thread(blocking.subscribe, ccnl_krx, "005930")
        await asyncio.wait_for(asyncio.to_thread(blocking.close), 5)


def test_previews_show_kind_size_and_tr_id_only() -> None:
    from kis_runtime.realtime.logs import preview

    notice = "0|H0STCNI0|001|myhts01^1234567801"
    assert preview(notice) == f"'0|H0STCNI0|…' [{len(notice)} chars, content not shown]"
    ack = '{"header": {"tr_key": "myhts01"}}'
    assert preview(ack) == f"'{{…' [{len(ack)} chars, content not shown]"
    assert preview("myhts01 1234567801") == "'…' [18 chars, content not shown]"
    assert preview(b"\xffmyhts01") == "[binary frame, 8 bytes, content not shown]"


@pytest.mark.parametrize(
    "message",
    [
        b"\xff\xfe",
        "0|H0STCNT0|00\u00b2|005930",
        "1|H0STCNI0|\u0661|abc",
        '{"a": ' * 50_000 + "1" + "}" * 50_000,
        json.dumps({"header": {"tr_id": "x"}}),
    ],
    ids=["invalid-utf8", "superscript-count", "arabic-count", "nested-json", "no-body"],
)
def test_decode_refuses_with_its_own_error(message: str | bytes) -> None:
    with pytest.raises(RealtimeFormatError):
        rt.decode(message)
