"""POST TRs whose spec says hashkey: true are signed through /uapi/hashkey, generically."""

from __future__ import annotations

import json

import httpx
import pytest
from rt_support import (
    BASE,
    CANO,
    HASH,
    ORDER,
    ORDER_UNSIGNED,
    FakeClock,
    FakeKis,
    OrderRequest,
    envelope,
    no_jitter,
    order_ok,
)

from kis_runtime import AsyncClient, Client, HttpError, ResponseFormatError
from kis_runtime.retry import RetryPolicy

ORDER_REQUEST = OrderRequest(cano=CANO, pdno="005930", ord_qty="10")


def test_order_carries_the_hash_of_exactly_its_body(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(ORDER.path, order_ok())
    with Client(
        "k" * 20, "s" * 20, base_url=BASE, transport=kis.transport(), rate_limit=0, clock=clock
    ) as c:
        reply = c.call(ORDER, ORDER_REQUEST, variant="buy")
    assert reply.output.odno == "0000117057"
    (sign,), (order,) = kis.sent("/uapi/hashkey"), kis.sent(ORDER.path)
    assert sign.content == order.content
    assert json.loads(order.content) == {
        "CANO": CANO,
        "ACNT_PRDT_CD": "01",
        "PDNO": "005930",
        "ORD_QTY": "10",
    }
    assert sign.headers["appkey"] == "k" * 20 and sign.headers["appsecret"] == "s" * 20
    assert "authorization" not in sign.headers
    assert order.headers["hashkey"] == HASH
    assert order.headers["tr_id"] == "TTTC0012U"


async def test_async_order_is_signed_too(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(ORDER.path, order_ok())
    async with AsyncClient(
        "k" * 20,
        "s" * 20,
        base_url=BASE,
        transport=kis.async_transport(),
        rate_limit=0,
        clock=clock,
    ) as c:
        await c.call(ORDER, ORDER_REQUEST, variant="sell")
    (order,) = kis.sent(ORDER.path)
    assert order.headers["hashkey"] == HASH and order.headers["tr_id"] == "TTTC0011U"


def test_unsigned_tr_never_calls_hashkey(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(ORDER_UNSIGNED.path, order_ok())
    with Client(
        "k" * 20, "s" * 20, base_url=BASE, transport=kis.transport(), rate_limit=0, clock=clock
    ) as c:
        c.call(ORDER_UNSIGNED, ORDER_REQUEST, variant="buy")
    assert kis.sent("/uapi/hashkey") == []
    assert "hashkey" not in kis.sent(ORDER.path)[0].headers


def test_hashkey_failure_is_retried_and_places_nothing(kis: FakeKis, clock: FakeClock) -> None:
    kis.on("/uapi/hashkey", httpx.ReadTimeout("slow"), httpx.Response(502, text="bad gateway"))
    kis.on(ORDER.path, order_ok())
    policy = RetryPolicy(random=no_jitter)
    with Client(
        "k" * 20,
        "s" * 20,
        base_url=BASE,
        transport=kis.transport(),
        rate_limit=0,
        retry=policy,
        sleep=clock.sleep,
        clock=clock,
    ) as c:
        c.call(ORDER, ORDER_REQUEST, variant="buy")
    assert len(kis.sent("/uapi/hashkey")) == 3
    assert len(kis.sent(ORDER.path)) == 1


def test_order_resent_after_token_refresh_keeps_its_hash(kis: FakeKis, clock: FakeClock) -> None:
    expired = httpx.Response(500, json=envelope("EGW00123", "기간이 만료된 token 입니다."))
    kis.on(ORDER.path, expired, order_ok())
    with Client(
        "k" * 20, "s" * 20, base_url=BASE, transport=kis.transport(), rate_limit=0, clock=clock
    ) as c:
        c.call(ORDER, ORDER_REQUEST, variant="buy")
    first, second = kis.sent(ORDER.path)
    assert first.content == second.content and second.headers["hashkey"] == HASH
    assert first.headers["authorization"] != second.headers["authorization"]


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (httpx.Response(200, json={"JsonBody": {}}), ResponseFormatError),
        (httpx.Response(403, json={}), HttpError),
    ],
)
def test_bad_hashkey_reply_stops_before_the_order(
    kis: FakeKis, clock: FakeClock, reply: httpx.Response, error: type[Exception]
) -> None:
    kis.on("/uapi/hashkey", reply)
    with (
        Client(
            "k" * 20, "s" * 20, base_url=BASE, transport=kis.transport(), rate_limit=0, clock=clock
        ) as c,
        pytest.raises(error),
    ):
        c.call(ORDER, ORDER_REQUEST, variant="buy")
    assert kis.sent(ORDER.path) == []
