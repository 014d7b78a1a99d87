"""The simulator's realtime (WebSocket) server: every realtime spec, KIS's wire format.

    with Simulator(SimConfig(), realtime=True) as sim:
        rt = kis.realtime.RealtimeClient(DEMO_APP_KEY, DEMO_APP_SECRET,
                                         base_url=sim.url, url=sim.ws_url)

Subscriptions are answered like KIS (SUBSCRIBE SUCCESS with a per-session, per-TR AES key/iv for
the encrypted TRs; ALREADY IN SUBSCRIBE; MAX SUBSCRIBE OVER past 41; invalid tr_id / tr_key;
ALREADY IN USE appkey for a second session of one app key). Code TRs stream synthetic records
(realtime_data.py) every `interval` seconds, `per_frame` records a frame; 체결통보 TRs get the
notices of orders placed through the simulator's REST order TRs, encrypted. PINGPONG every
`ping_interval` seconds. Faults: `faults.next("drop" | "malformed" | "app_key_in_use" | "limit")`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import secrets
import threading
from collections import deque
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from kis_runtime.environment import Environment
from kis_runtime.realtime.decode import encrypt
from kis_runtime.realtime.logs import frame_logger
from kis_runtime.realtime.messages import AesKey
from kis_runtime.realtime.record import RealtimeTr
from kis_sim import realtime_data as data

HOST = "127.0.0.1"
LIMIT = 41
logger = logging.getLogger("kis_sim.realtime")
FAULTS = ("drop", "malformed", "app_key_in_use", "limit")
# REST order paths -> the notice TRs (real, paper) that report their orders.
_STOCK_NOTICE, _FUTURES_NOTICE = ("H0STCNI0", "H0STCNI9"), ("H0IFCNI0", "H0IFCNI9")
_NOTICE_FOR = {
    "/uapi/domestic-stock/v1/trading/order-cash": _STOCK_NOTICE,
    "/uapi/domestic-stock/v1/trading/order-credit": _STOCK_NOTICE,
    "/uapi/domestic-stock/v1/trading/order-rvsecncl": _STOCK_NOTICE,
    "/uapi/domestic-futureoption/v1/trading/order": _FUTURES_NOTICE,
    "/uapi/domestic-futureoption/v1/trading/order-rvsecncl": _FUTURES_NOTICE,
}


@attrs.define
class RealtimeOptions:
    interval: float = 0.5  # seconds between frames of one code subscription
    per_frame: int = 1  # records per frame
    ping_interval: float = 10.0


class RealtimeFaults:
    """One-shot faults, taken in order by the next event they apply to."""

    def __init__(self) -> None:
        self._queue: deque[str] = deque()
        self._lock = threading.Lock()

    def next(self, kind: str) -> None:
        if kind not in FAULTS:
            raise ValueError(f"unknown realtime fault {kind!r}: one of {', '.join(FAULTS)}")
        with self._lock:
            self._queue.append(kind)

    def take(self, kinds: tuple[str, ...]) -> str | None:
        with self._lock:
            for kind in list(self._queue):
                if kind in kinds:
                    self._queue.remove(kind)
                    return kind
        return None


def _reply(tr_id: str, tr_key: str, rt_cd: str, msg_cd: str, msg1: str, **extra: Any) -> str:
    body: dict[str, Any] = {"rt_cd": rt_cd, "msg_cd": msg_cd, "msg1": msg1}
    body.update(extra)
    header = {"tr_id": tr_id, "tr_key": tr_key, "encrypt": "Y" if "output" in extra else "N"}
    return json.dumps({"header": header, "body": body}, ensure_ascii=False)


class Session:
    def __init__(self, server: RealtimeServer, ws: Any) -> None:
        self.server, self.ws = server, ws
        self.app_key: str | None = None
        self.subs: dict[tuple[str, str], asyncio.Task[None] | None] = {}
        self.keys: dict[str, AesKey] = {}
        self.pongs = 0

    async def send(self, text: str) -> None:
        await self.ws.send(text)

    async def handle(self, text: str) -> None:
        try:
            msg = json.loads(text)
            header, inp = msg["header"], msg["body"]["input"]
        except (ValueError, KeyError, TypeError):
            if '"PINGPONG"' in text:
                self.pongs += 1
                return
            await self.send(_reply("(null)", "", "9", "OPSP9999", "JSON PARSING ERROR"))
            return
        approval = str(header.get("approval_key", ""))
        app_key = self.server.app.approvals.get(approval)
        tr_id, tr_key = str(inp.get("tr_id", "")), str(inp.get("tr_key", ""))
        if app_key is None:
            await self.send(_reply(tr_id, tr_key, "1", "OPSP0011", "invalid approval : NOT FOUND"))
            return
        if self.app_key is None:
            if self.server.faults.take(("app_key_in_use",)) or self.server.in_use(app_key, self):
                await self.send(_reply("(null)", tr_key, "1", "OPSP8996", "ALREADY IN USE appkey"))
                await self.ws.close()
                return
            self.app_key = app_key
        await self._register(tr_id, tr_key, str(header.get("tr_type", "1")))

    async def _register(self, tr_id: str, tr_key: str, tr_type: str) -> None:
        tr = self.server.tr(tr_id)
        if tr is None:
            await self.send(_reply(tr_id, tr_key, "1", "OPSP0001", "invalid tr_id"))
            return
        if not tr_key or len(tr_key) > 12:
            await self.send(_reply(tr_id, tr_key, "1", "OPSP0003", "invalid tr_key"))
            return
        if tr_type == "2":
            task = self.subs.pop((tr_id, tr_key), None) if (tr_id, tr_key) in self.subs else None
            if task is not None:
                task.cancel()
            await self.send(_reply(tr_id, tr_key, "0", "OPSP0002", "UNSUBSCRIBE SUCCESS"))
            return
        if (tr_id, tr_key) in self.subs:
            await self.send(_reply(tr_id, tr_key, "1", "OPSP0002", "ALREADY IN SUBSCRIBE"))
            return
        if len(self.subs) >= LIMIT or self.server.faults.take(("limit",)):
            await self.send(_reply(tr_id, tr_key, "1", "OPSP0008", "MAX SUBSCRIBE OVER"))
            return
        extra: dict[str, Any] = {}
        if tr.encrypted:
            aes = self.keys.setdefault(tr_id, AesKey(secrets.token_hex(16), secrets.token_hex(8)))
            extra["output"] = {"iv": aes.iv, "key": aes.key}
        await self.send(_reply(tr_id, tr_key, "0", "OPSP0000", "SUBSCRIBE SUCCESS", **extra))
        task = None
        if tr.tr_key == "code":
            task = asyncio.get_running_loop().create_task(self._stream(tr, tr_id, tr_key))
        self.subs[(tr_id, tr_key)] = task

    async def _stream(self, tr: RealtimeTr, tr_id: str, key: str) -> None:
        server = self.server
        inst = server.instrument(key)
        while True:
            await asyncio.sleep(server.options.interval)
            if server.faults.take(("malformed",)):
                await self.send(f"0|{tr_id}|001|{key}^broken")
                continue
            if server.faults.take(("drop",)):
                self.ws.transport.abort()  # no close frame: the client sees 1006
                return
            await self.send(server.frame(tr, tr_id, inst, server.options.per_frame))

    async def notify(self, tr_id: str, make: Callable[[str], list[list[str]]]) -> None:
        """Send order notices to this session's registrations of tr_id (any HTS ID)."""
        aes = self.keys.get(tr_id)
        for sub_tr, hts_id in list(self.subs):
            if sub_tr != tr_id or aes is None:
                continue
            for values in make(hts_id):
                await self.send(f"1|{tr_id}|001|{encrypt('^'.join(values), aes)}")

    def close(self) -> None:
        for task in self.subs.values():
            if task is not None:
                task.cancel()
        self.subs.clear()


class RealtimeServer:
    """The WebSocket server, on its own event loop thread; `url`, `faults`, `sessions`."""

    def __init__(self, app: Any, options: RealtimeOptions | None = None, port: int = 0) -> None:
        self.app = app
        self.options = options or RealtimeOptions()
        self.faults = RealtimeFaults()
        self.sessions: list[Session] = []
        self.paper = app.config.environment is Environment.PAPER
        self._port = port
        self._instruments: dict[str, data.Instrument] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._trs: dict[str, RealtimeTr] = {}
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://{HOST}:{self.port}"

    def tr(self, tr_id: str) -> RealtimeTr | None:
        """The TR for a wire TR id, as this environment accepts it (real or paper ids)."""
        from kis.registry import REALTIME

        if tr_id not in self._trs:
            entry = REALTIME.tr_ids.get(tr_id)
            if entry is None:
                return None
            wanted = entry.paper_tr_id if self.paper else entry.tr_id
            if tr_id != wanted:
                return None
            self._trs[tr_id] = REALTIME.get(tr_id)
        return self._trs[tr_id]

    def instrument(self, code: str) -> data.Instrument:
        if code not in self._instruments:
            price = data.quote_price(self.app, code)
            self._instruments[code] = data.Instrument(code, price, self.app.config.seed)
        return self._instruments[code]

    def frame(self, tr: RealtimeTr, tr_id: str, inst: data.Instrument, count: int) -> str:
        now = dt.datetime.now()
        values: list[str] = []
        for _ in range(count):
            values += data.record_values(tr, inst, now)
        return f"0|{tr_id}|{count:03d}|{'^'.join(values)}"

    def in_use(self, app_key: str, session: Session) -> bool:
        return any(s.app_key == app_key and s is not session for s in self.sessions)

    # -- REST orders -> notices ---------------------------------------------------------------

    def order_placed(
        self, app_key: str, path: str, tr_id: str, params: dict[str, str], reply: dict[str, Any]
    ) -> None:
        """Called by the REST side (any thread) after an order TR succeeded."""
        ids = _NOTICE_FOR.get(path)
        if ids is None or self._loop is None:
            return
        notice_tr = ids[1] if self.paper else ids[0]
        tr = self.tr(notice_tr)
        if tr is None:
            return
        output = reply.get("output") or {}
        order = dict(params)
        order["ODNO"] = str(output.get("ODNO") or output.get("odno") or "")
        side = params.get("SLL_BUY_DVSN_CD", "")  # futures: 01 sell, 02 buy
        order["side"] = "sell" if tr_id.endswith("0011U") or side == "01" else "buy"
        order["PDNO"] = code = params.get("PDNO") or params.get("SHTN_PDNO", "")
        cancel = params.get("RVSE_CNCL_DVSN_CD") == "02"
        if "RVSE_CNCL_DVSN_CD" in params:  # 정정 (01) / 취소 (02) of ORGN_ODNO
            order["RCTF_CLS"] = "2" if cancel else "1"
            order["OODER_NO"] = params.get("ORGN_ODNO", "")
        unpr = params.get("ORD_UNPR") or params.get("UNIT_PRICE") or "0"
        order["ORD_UNPR"] = unpr
        inst = self.instrument(code) if code else None
        try:
            price = Decimal(unpr)
        except ArithmeticError:
            price = Decimal(0)
        order["price"] = str(price if price > 0 else (inst.price if inst else 0))
        order["name"] = inst.name if inst else ""
        now = dt.datetime.now()
        booked = self.app.book.find(order["ODNO"])  # the order book says whether it filled
        filled = not cancel if booked is None else booked.filled > 0
        if booked is not None and filled:
            order["price"] = str(booked.fill_price)

        def make(hts_id: str) -> list[list[str]]:
            # Acceptance (CNTG_YN 1), then, if it filled, the execution (CNTG_YN 2) of the
            # whole quantity.
            stages = (False, True) if filled else (False,)
            return [data.notice_values(tr, order, hts_id, done, now) for done in stages]

        async def send() -> None:
            for session in list(self.sessions):
                if session.app_key == app_key:
                    await session.notify(notice_tr, make)

        asyncio.run_coroutine_threadsafe(send(), self._loop)

    # -- running --------------------------------------------------------------------------------

    async def _serve(self, ws: Any) -> None:
        session = Session(self, ws)
        self.sessions.append(session)
        pinger = asyncio.get_running_loop().create_task(self._ping(session))
        try:
            async for text in ws:
                await session.handle(text)
        except Exception:
            logger.debug("realtime session ended", exc_info=True)
        finally:
            pinger.cancel()
            session.close()
            self.sessions.remove(session)

    async def _ping(self, session: Session) -> None:
        while True:
            await asyncio.sleep(self.options.ping_interval)
            now = dt.datetime.now().strftime("%Y%m%d%H%M%S")
            await session.send(json.dumps({"header": {"tr_id": "PINGPONG", "datetime": now}}))

    async def _main(self) -> None:
        from websockets.asyncio.server import serve

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        wire = frame_logger("kis_sim.realtime.wire")
        async with serve(self._serve, HOST, self._port, logger=wire) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            self._ready.set()
            await self._stop.wait()
            for session in list(self.sessions):
                session.ws.transport.abort()

    def start(self) -> RealtimeServer:
        if self._thread is not None:
            return self
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._main(),), name="kis-sim-realtime", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the realtime server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(10)
            self._thread = None

    def drop_all(self) -> None:
        """Abort every session's connection now (the client sees close 1006)."""
        if self._loop is None:
            return
        for session in list(self.sessions):
            self._loop.call_soon_threadsafe(session.ws.transport.abort)

    def flood(self, tr_id: str, key: str, records: int, per_frame: int = 1) -> None:
        """Send `records` records of (tr_id, key) as fast as possible to its subscribers."""
        self.send_frames(tr_id, key, self.frames(tr_id, key, records, per_frame))

    def frames(self, tr_id: str, key: str, records: int, per_frame: int = 1) -> list[str]:
        tr = self.tr(tr_id)
        if tr is None:
            raise ValueError(f"unknown realtime TR id {tr_id!r}")
        inst = self.instrument(key)
        return [self.frame(tr, tr_id, inst, per_frame) for _ in range(records // per_frame)]

    def send_frames(self, tr_id: str, key: str, frames: list[str]) -> None:
        """Send prepared frames to the subscribers of (tr_id, key), back to back; waits."""
        if self._loop is None:
            return

        async def send() -> None:
            targets = [s for s in self.sessions if (tr_id, key) in s.subs]
            for text in frames:
                for session in targets:
                    await session.send(text)

        asyncio.run_coroutine_threadsafe(send(), self._loop).result()


def approval_reply(app: Any, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST /oauth2/Approval: {grant_type, appkey, secretkey} -> {approval_key}."""
    key, secret = str(body.get("appkey", "")), str(body.get("secretkey", ""))
    if body.get("grant_type") != "client_credentials":
        return 403, {"error_code": "EGW00002", "error_description": "grant_type 오류"}
    if not secret or app.config.credentials.get(key) != secret:
        return 403, {
            "error_code": "EGW00105",
            "error_description": "유효하지 않은 AppSecret입니다.",
        }
    approval = secrets.token_hex(18)
    app.approvals[approval] = key
    return 200, {"approval_key": approval}
