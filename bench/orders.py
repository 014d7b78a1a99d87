"""make bench, REST per-order overhead: what the client itself adds to one order call.

One 주식주문(현금) buy (TTTC0012U) through kis.Client: the request object built and validated,
the wire body, (signed: a hashkey fetched for exactly those bytes), sent, the reply parsed into
the typed response. Beside it, raw httpx sends the same requests (same URL, headers, JSON body;
signed: the same hashkey round trip first) and json.loads the reply. Both talk to one
MockTransport, so the network is out of the figure and the difference is the client's own work.
Reported per call, in microseconds: the binding, raw httpx, and their difference.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

import attrs
import httpx

BASE = "https://bench.invalid"
ORDER_PATH = "/uapi/domestic-stock/v1/trading/order-cash"
ORDER_REPLY = {
    "rt_cd": "0",
    "msg_cd": "APBK0013",
    "msg1": "주문 전송 완료 되었습니다.",
    "output": {"KRX_FWDG_ORD_ORGNO": "91252", "ODNO": "0000117057", "ORD_TMD": "121052"},
}
# The wire body as KIS documents it (keys in capitals), as a raw caller would write it.
ORDER_BODY = {
    "CANO": "12345678",
    "ACNT_PRDT_CD": "01",
    "PDNO": "005930",
    "SLL_TYPE": "",
    "ORD_DVSN": "00",
    "ORD_QTY": "10",
    "ORD_UNPR": "70000",
    "CNDT_PRIC": "",
    "EXCG_ID_DVSN_CD": "",
}


def _transport() -> httpx.MockTransport:
    token = json.dumps({"access_token": "bench", "expires_in": 86400}).encode()
    order = json.dumps(ORDER_REPLY, ensure_ascii=False).encode()

    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/oauth2/tokenP":
            content = token
        elif path == "/uapi/hashkey":
            body = json.loads(request.content)
            content = json.dumps({"JsonBody": body, "HASH": "a" * 64}).encode()
        else:
            content = order
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})

    return httpx.MockTransport(handle)


def _per_call(fn: Any, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def bench_order(calls: int, runs: int, *, signed: bool) -> dict[str, Any]:
    import kis
    from kis.domestic_stock.trading import order_cash

    endpoint = attrs.evolve(order_cash.ENDPOINT, hashkey=signed)
    transport = _transport()
    client = kis.Client(
        "key", "secret", transport=transport, base_url=BASE, rate_limit=0, token_cache=False
    )
    client.access_token()  # issued once, outside the timing
    raw = httpx.Client(transport=transport)
    headers = {
        "content-type": "application/json; charset=utf-8",
        "authorization": "Bearer bench",
        "appkey": "key",
        "appsecret": "secret",
        "tr_id": "TTTC0012U",
        "tr_cont": "",
        "custtype": "P",
    }

    def binding() -> None:
        request = order_cash.OrderCashRequest(
            cano="12345678",
            acnt_prdt_cd="01",
            pdno="005930",
            ord_dvsn="00",
            ord_qty=10,
            ord_unpr=70000,
        )
        client.call(endpoint, request, variant="buy")

    def floor() -> None:
        content = json.dumps(ORDER_BODY, ensure_ascii=False)
        sent = headers
        if signed:
            signature = raw.post(BASE + "/uapi/hashkey", headers=headers, content=content)
            sent = {**headers, "hashkey": json.loads(signature.content)["HASH"]}
        json.loads(raw.post(BASE + ORDER_PATH, headers=sent, content=content).content)

    binding(), floor()  # first use of each path, not in the timing
    pairs = [(_per_call(binding, calls), _per_call(floor, calls)) for _ in range(runs)]
    client.close()
    raw.close()
    ratios = [b / f for b, f in pairs]
    return {
        "signed": signed,
        "calls": calls,
        "binding_us": statistics.median(b for b, _ in pairs) * 1e6,
        "raw_httpx_us": statistics.median(f for _, f in pairs) * 1e6,
        "overhead_us": statistics.median(b - f for b, f in pairs) * 1e6,
        "overhead_us_min": min(b - f for b, f in pairs) * 1e6,
        "overhead_us_max": max(b - f for b, f in pairs) * 1e6,
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "runs": runs,
    }


def bench_orders(calls: int, runs: int) -> dict[str, Any]:
    return {
        "unsigned": bench_order(calls, runs, signed=False),
        "hashkey": bench_order(calls, runs, signed=True),
    }


def rows(figure: dict[str, Any]) -> list[str]:
    lines = []
    for key, what in (("unsigned", "unsigned"), ("hashkey", "signed with a hashkey")):
        f = figure[key]
        lines.append(
            f"| per order call (order_cash, {what}): build, validate, send, parse | "
            f"{f['overhead_us']:.0f} µs over raw httpx ({f['binding_us']:.0f} vs "
            f"{f['raw_httpx_us']:.0f} µs a call; {f['ratio']:.2f}x) | "
            f"{f['overhead_us_min']:.0f}-{f['overhead_us_max']:.0f} µs | report |"
        )
    return lines
