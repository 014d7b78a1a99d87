"""Per-call options: client.with_options(timeout=, retry=, headers=) and response.http."""

from __future__ import annotations

import httpx
import pytest

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime import Client, ConfigError, RateLimitError, RetryPolicy

REPLY = {"rt_cd": "0", "msg_cd": "MCA00000", "msg1": "ok", "output1": [], "output2": {}}


def client_for(handler: object) -> Client:
    transport = httpx.MockTransport(handler)  # type: ignore[arg-type]
    client = Client("k" * 36, "s" * 180, transport=transport, token_cache=False, rate_limit=0)
    client._tokens.usable = lambda stale=None: "token"  # type: ignore[method-assign]
    return client


REQUEST = bal.PensionInquireBalanceRequest(cano="12345678")


def test_headers_and_timeout_apply_to_calls_through_the_copy_only() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=REPLY, headers={"tr_cont": "D"})

    client = client_for(handler)
    quick = client.with_options(timeout=2.5, headers={"gt_uid": "A" * 32})
    page = bal.fetch(quick, REQUEST)
    bal.fetch(client, REQUEST)
    assert seen[0].headers["gt_uid"] == "A" * 32 and "gt_uid" not in seen[1].headers
    assert seen[0].extensions["timeout"] == httpx.Timeout(2.5).as_dict()
    assert seen[1].extensions["timeout"] == httpx.Timeout(10.0).as_dict()  # the client's own
    assert page.http is not None and page.http.status_code == 200
    assert page.http.headers["tr_cont"] == "D"


def test_retry_override_per_call() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        body = {"rt_cd": "1", "msg_cd": "EGW00201", "msg1": "초당 거래건수를 초과하였습니다."}
        return httpx.Response(500, json=body)

    client = client_for(handler)
    with pytest.raises(RateLimitError):
        bal.fetch(client.with_options(retry=RetryPolicy(attempts=1)), REQUEST)
    assert calls == 1  # no resend with attempts=1


@pytest.mark.parametrize(
    ("headers", "timeout", "message"),
    [
        ({"appkey": "other"}, None, "set by the client"),
        ({"gt_uid": "x\r\nX: 1"}, None, "gt_uid"),
        (None, 0.0, "timeout must be positive"),
    ],
)
def test_bad_options_are_refused_before_any_call(
    headers: dict[str, str] | None, timeout: float | None, message: str
) -> None:
    client = client_for(lambda request: httpx.Response(500))
    with pytest.raises(ConfigError, match=message):
        client.with_options(headers=headers, timeout=timeout)
