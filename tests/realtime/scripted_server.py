"""Small scripted KIS-like WebSocket servers on loopback, for the realtime client's transport.

    async def script(peer: Peer) -> None:      # runs once per connection
        request = await peer.request()
        await peer.ack(request)
        await peer.silent()                    # no data, no PINGPONG, no close: half-open

    async with ScriptedServer(script) as server, scripted_client(server) as client:
        ...

The server counts connections (`server.connections`) and keeps each connection's `Peer`, with
every registration and release it received; a peer answers in the wire format of KIS (and of
kis_sim: JSON acks with header tr_id / tr_key, body rt_cd / msg_cd / msg1).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from typing import Any

import attrs
import httpx
import websockets
from websockets.asyncio.server import ServerConnection

from kis.realtime.domestic_stock import ccnl_krx
from kis_runtime.realtime.client import RealtimeClient, Reconnect
from kis_sim.realtime_data import Instrument, record_values

APPROVAL_KEY = "scripted-approval-key"
# The server side's own websockets log shows frame contents: kept out of the tests' log capture,
# where the client's log is checked for secrets.
_quiet = logging.getLogger("tests.scripted_server")
_quiet.setLevel(logging.WARNING)


@attrs.frozen
class Request:
    """A registration ("1") or release ("2") as the client sent it."""

    tr_type: str
    tr_id: str
    tr_key: str

    @property
    def ident(self) -> tuple[str, str]:
        return (self.tr_id, self.tr_key)


class Peer:
    """The server's side of one connection."""

    def __init__(self, ws: ServerConnection, number: int) -> None:
        self.ws, self.number = ws, number
        self.requests: list[Request] = []
        self.pongs: list[str] = []
        self.registered: set[tuple[str, str]] = set()  # as this peer answered them

    async def request(self) -> Request:
        """The client's next registration or release (PINGPONG echoes are kept in `pongs`)."""
        while True:
            text = await self.ws.recv()
            message = json.loads(text)
            if message.get("header", {}).get("tr_id") == "PINGPONG":
                self.pongs.append(str(text))
                continue
            header, given = message["header"], message["body"]["input"]
            assert header["approval_key"] == APPROVAL_KEY
            request = Request(str(header["tr_type"]), given["tr_id"], given["tr_key"])
            self.requests.append(request)
            return request

    async def reply(self, tr_id: str, tr_key: str, rt_cd: str, msg1: str) -> None:
        body = {"rt_cd": rt_cd, "msg_cd": "OPSP0000" if rt_cd == "0" else "OPSP8996", "msg1": msg1}
        header = {"tr_id": tr_id, "tr_key": tr_key, "encrypt": "N"}
        await self.ws.send(json.dumps({"header": header, "body": body}))

    async def ack(self, request: Request, msg1: str | None = None) -> None:
        """KIS's success answer to `request` (or `msg1`, e.g. a stray answer of the other kind)."""
        if msg1 is None:
            msg1 = "SUBSCRIBE SUCCESS" if request.tr_type == "1" else "UNSUBSCRIBE SUCCESS"
            if request.tr_type == "1":
                self.registered.add(request.ident)
            else:
                self.registered.discard(request.ident)
        await self.reply(request.tr_id, request.tr_key, "0", msg1)

    async def serve(self, records: bool = True) -> None:
        """Answer every request as KIS does, and send one record after each registration."""
        while True:
            request = await self.request()
            await self.ack(request)
            if records and request.tr_type == "1" and request.tr_id == "H0STCNT0":
                await self.send(tick(request.tr_key))

    async def send(self, message: str | bytes) -> None:
        await self.ws.send(message)

    async def ping(self) -> str:
        text = json.dumps({"header": {"tr_id": "PINGPONG", "datetime": "20260102093000"}})
        await self.ws.send(text)
        return text

    async def silent(self) -> None:
        """Go quiet without closing: send nothing, read nothing (not even a close frame)."""
        self.ws.transport.pause_reading()
        await asyncio.Event().wait()  # until the server shuts down

    def drop(self) -> None:
        """Reset the connection, no close frame (the client sees 1006)."""
        self.ws.transport.abort()


Script = Callable[[Peer], Awaitable[None]]


def tick(code: str) -> str:
    """One H0STCNT0 data frame for `code`, values as kis_sim sends them."""
    values = record_values(
        ccnl_krx.TR, Instrument(code, Decimal(60000), 1), dt.datetime(2026, 1, 2, 9)
    )
    return f"0|H0STCNT0|001|{'^'.join(values)}"


class ScriptedServer:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.peers: list[Peer] = []
        self.url = ""
        self.failures: list[BaseException] = []  # what a script raised (raised again at the end)
        self._server: Any = None
        self._handlers: set[asyncio.Task[Any]] = set()

    @property
    def connections(self) -> int:
        return len(self.peers)

    async def __aenter__(self) -> ScriptedServer:
        self._server = await websockets.serve(
            self._handle, "127.0.0.1", 0, ping_interval=None, logger=_quiet
        )
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        for peer in self.peers:
            peer.drop()
        for task in self._handlers:
            task.cancel()
        self._server.close(close_connections=False)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._server.wait_closed(), 5)
        if self.failures:
            raise self.failures[0]

    async def _handle(self, ws: ServerConnection) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        peer = Peer(ws, len(self.peers) + 1)
        self.peers.append(peer)
        try:
            await self.script(peer)
        except (websockets.ConnectionClosed, asyncio.CancelledError):
            pass
        except Exception as exc:
            self.failures.append(exc)


def approval_transport() -> httpx.MockTransport:
    """The REST side: /oauth2/Approval answering APPROVAL_KEY."""
    return httpx.MockTransport(
        lambda request: httpx.Response(200, json={"approval_key": APPROVAL_KEY})
    )


def scripted_client(server: ScriptedServer, **options: Any) -> RealtimeClient:
    """A client of `server`, its approval key from a mock REST endpoint, fast back-off."""
    options.setdefault("reconnect", Reconnect(initial=0.01, maximum=0.05, attempts=20, pace=0.0))
    options.setdefault("ack_timeout", 5.0)
    return RealtimeClient(
        "scripted-app-key",
        "scripted-app-secret",
        base_url="http://approval.test",
        url=server.url,
        token_cache=False,
        approval_transport=approval_transport(),
        **options,
    )


async def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until `condition()` holds; fail (never hang) after `timeout` seconds."""

    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), timeout)


async def take(iterator: AsyncIterator[Any], n: int = 1, timeout: float = 10.0) -> list[Any]:
    return [await asyncio.wait_for(iterator.__anext__(), timeout) for _ in range(n)]
