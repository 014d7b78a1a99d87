"""Test support for the runtime tests: a scripted fake KIS (httpx.MockTransport), fake clocks,
fake secrets. Imported by the tests (conftest.py puts this folder on sys.path).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

import httpx

from kis_runtime import KisResponse
from kis_runtime.endpoint import Endpoint, TrIds
from kis_runtime.fields import block, field, param, request, response, row

APP_KEY = "PSappKEYfakeAAAA1111BBBB2222CCCC"
APP_SECRET = "SECRETfake/abcdefghijklmnopqrstuvwxyz0123456789+ZZZZ="
CANO = "12345678"
TOKENS = [f"eyJTOKENfake{n:04d}xxxxxxxxxxxxxxxx" for n in range(1, 20)]
HASH = "HASHfake9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
PENSION_PATH = "/uapi/domestic-stock/v1/trading/pension/inquire-balance"
BASE = "https://kis.test"


def envelope(msg_cd: str, msg1: str = "오류", rt_cd: str = "1") -> dict[str, Any]:
    return {"rt_cd": rt_cd, "msg_cd": msg_cd, "msg1": msg1}


def pension_page(n: int, *, more: bool) -> httpx.Response:
    """TTTC2208R page n; ctx_area_fk100 embeds the account number as the real server's does."""
    body = {
        "ctx_area_fk100": f"{CANO}^29^00^00^".ljust(100),
        "ctx_area_nk100": (f"NK{n}" if more else "").ljust(100),
        "output1": [{"pdno": f"00000{n}", "prdt_name": f"item {n}", "hldg_qty": str(n)}],
        "output2": {"tot_evlu_amt": "100000"},
        **envelope("KIOK0510", "조회가 완료되었습니다", rt_cd="0"),
    }
    return httpx.Response(200, json=body, headers={"tr_cont": "M" if more else "D"})


Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class FakeKis:
    """Scripted replies per path (in order; then the path's default); records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.script: dict[str, deque[Reply]] = defaultdict(deque)
        self.tokens = iter(TOKENS)
        self.issued: list[str] = []

    def on(self, path: str, *replies: Reply) -> FakeKis:
        self.script[path].extend(replies)
        return self

    def sent(self, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == path]

    def _default(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/tokenP":
            token = next(self.tokens)
            self.issued.append(token)
            return httpx.Response(
                200, json={"access_token": token, "token_type": "Bearer", "expires_in": 86400}
            )
        if request.url.path == "/oauth2/revokeP":
            return httpx.Response(
                200, json={"code": 200, "message": "접근토큰 폐기에 성공하였습니다"}
            )
        if request.url.path == "/uapi/hashkey":
            return httpx.Response(200, json={"JsonBody": json.loads(request.content), "HASH": HASH})
        raise AssertionError(f"unscripted request {request.method} {request.url.path}")

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        queue = self.script.get(request.url.path)
        reply: Reply = queue.popleft() if queue else self._default
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return reply(request)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self.handle(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle_async)


class FakeClock:
    """Virtual time for a single thread: sleep() advances it at once."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class VirtualTimeLoop:
    """Virtual time for many asyncio tasks: sleepers wake in time order, the clock jumps."""

    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + seconds, next(self._seq), future))
        await future

    async def run(self, tasks: list[asyncio.Task[Any]]) -> None:
        while not all(t.done() for t in tasks):
            for _ in range(5):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if self._timers:
                when, _, future = heapq.heappop(self._timers)
                self.now = max(self.now, when)
                future.set_result(None)
        for t in tasks:
            t.result()


def no_jitter() -> float:
    """RetryPolicy.random returning 1.0: each delay is its ceiling, so tests can assert it."""
    return 1.0


# An order TR built by hand (as generated code would build it), signed with a hashkey.
@request("TTTC0011U/TTTC0012U")
class OrderRequest:
    cano: str = param("종합계좌번호", name="CANO", required=True, sensitive=True)
    acnt_prdt_cd: str = param("계좌상품코드", name="ACNT_PRDT_CD", default="01")
    pdno: str = param("상품번호", name="PDNO", required=True)
    ord_qty: str = param("주문수량", name="ORD_QTY", required=True)


@row
class OrderOutput:
    odno: str = field("주문번호", name="ODNO")


@response
class OrderResponse(KisResponse):
    output: OrderOutput = block("응답상세")


def _order_endpoint(*, hashkey: bool) -> Endpoint[OrderRequest, OrderResponse]:
    return Endpoint(
        name="test.order_cash",
        title="주식주문(현금)",
        method="POST",
        path="/uapi/domestic-stock/v1/trading/order-cash",
        request_type=OrderRequest,
        response_type=OrderResponse,
        tr_ids=(
            TrIds("TTTC0011U", "VTTC0011U", "sell"),
            TrIds("TTTC0012U", "VTTC0012U", "buy"),
        ),
        hashkey=hashkey,
    )


ORDER = _order_endpoint(hashkey=True)
ORDER_UNSIGNED = _order_endpoint(hashkey=False)


def order_ok(odno: str = "0000117057") -> httpx.Response:
    return httpx.Response(
        200,
        json={
            **envelope("APBK0013", "주문 전송 완료 되었습니다.", rt_cd="0"),
            "output": {"ODNO": odno},
        },
    )
