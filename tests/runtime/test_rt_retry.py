"""What is retried (and how long it waits), and what is never resent."""

from __future__ import annotations

import json

import httpx
import pytest
from rt_support import (
    BASE,
    CANO,
    ORDER,
    PENSION_PATH,
    FakeClock,
    FakeKis,
    OrderRequest,
    envelope,
    no_jitter,
    pension_page,
)

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime import (
    ApiError,
    Client,
    HttpError,
    OutcomeUnknownError,
    RateLimitError,
    ResponseFormatError,
    TokenExpiredError,
    TransportError,
)
from kis_runtime.retry import RetryPolicy, Verdict, verdict


def rate_limited() -> httpx.Response:
    return httpx.Response(500, json=envelope("EGW00201", "초당 거래건수를 초과하였습니다."))


REQUEST = bal.PensionInquireBalanceRequest(cano=CANO)


def client(kis: FakeKis, clock: FakeClock, attempts: int = 4) -> Client:
    policy = RetryPolicy(attempts=attempts, base_delay=0.5, max_delay=8.0, random=no_jitter)
    return Client(
        "k" * 20,
        "s" * 20,
        base_url=BASE,
        transport=kis.transport(),
        rate_limit=0,
        retry=policy,
        sleep=clock.sleep,
        clock=clock,
    )


def test_rate_limit_burst_is_retried_with_backoff_then_succeeds(
    kis: FakeKis, clock: FakeClock
) -> None:
    kis.on(PENSION_PATH, rate_limited(), rate_limited(), pension_page(1, more=False))
    with client(kis, clock) as c:
        page = bal.fetch(c, REQUEST)
    assert page.output1[0].pdno == "000001"
    assert len(kis.sent(PENSION_PATH)) == 3
    assert clock.slept == [0.5, 1.0]  # exponential ceilings (jitter pinned to 1.0)


def test_long_rate_limit_burst_raises_after_the_cap(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(PENSION_PATH, *[rate_limited() for _ in range(10)])
    with client(kis, clock, attempts=4) as c, pytest.raises(RateLimitError) as caught:
        bal.fetch(c, REQUEST)
    assert caught.value.msg_cd == "EGW00201"
    assert len(kis.sent(PENSION_PATH)) == 4
    assert clock.slept == [0.5, 1.0, 2.0]


def test_jitter_draws_below_the_capped_ceiling() -> None:
    draws = iter([0.25, 0.5, 0.99, 0.1])
    policy = RetryPolicy(base_delay=1.0, max_delay=3.0, random=lambda: next(draws))
    assert [policy.delay(n) for n in (1, 2, 3, 9)] == [0.25, 1.0, 0.99 * 3.0, 0.1 * 3.0]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.Response(502, text="<html>Bad Gateway</html>"),
        httpx.Response(503, json={"detail": "maintenance"}),
    ],
    ids=["connect", "read-timeout", "502-html", "503-json-no-envelope"],
)
def test_get_is_retried_after_transport_errors_and_5xx(
    kis: FakeKis, clock: FakeClock, failure: object
) -> None:
    kis.on(PENSION_PATH, failure, pension_page(1, more=False))  # type: ignore[arg-type]
    with client(kis, clock) as c:
        assert bal.fetch(c, REQUEST).output1[0].pdno == "000001"
    assert len(kis.sent(PENSION_PATH)) == 2


def test_get_gives_up_after_the_cap(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(PENSION_PATH, *[httpx.ReadTimeout("slow")] * 5)
    with client(kis, clock, attempts=3) as c, pytest.raises(TransportError, match="ReadTimeout"):
        bal.fetch(c, REQUEST)
    assert len(kis.sent(PENSION_PATH)) == 3


def test_5xx_with_a_kis_envelope_on_get_is_the_servers_answer(
    kis: FakeKis, clock: FakeClock
) -> None:
    kis.on(PENSION_PATH, httpx.Response(500, json=envelope("EGW00002", "서버 오류")))
    with client(kis, clock) as c, pytest.raises(Exception, match="EGW00002"):
        bal.fetch(c, REQUEST)
    assert len(kis.sent(PENSION_PATH)) == 1


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.WriteTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
        httpx.Response(500, text="upstream error"),
        httpx.Response(504, json={}),
    ],
    ids=["read-timeout", "write-timeout", "dropped", "500-text", "504-json-no-envelope"],
)
def test_post_with_unknown_outcome_is_sent_once(
    kis: FakeKis, clock: FakeClock, failure: object
) -> None:
    kis.on(ORDER.path, failure)  # type: ignore[arg-type]
    with client(kis, clock) as c, pytest.raises(OutcomeUnknownError) as caught:
        c.call(ORDER, OrderRequest(cano=CANO, pdno="005930", ord_qty="10"), variant="buy")
    assert len(kis.sent(ORDER.path)) == 1
    assert clock.slept == []
    sent = caught.value.sent
    assert sent["method"] == "POST" and sent["path"] == ORDER.path and sent["tr_id"] == "TTTC0012U"
    assert sent["body"] == {"CANO": "***", "ACNT_PRDT_CD": "01", "PDNO": "005930", "ORD_QTY": "10"}
    assert CANO not in str(caught.value) and CANO not in repr(caught.value.sent)


def test_post_connect_error_is_retried_because_nothing_was_sent(
    kis: FakeKis, clock: FakeClock
) -> None:
    ok = httpx.Response(
        200,
        json={
            **envelope("APBK0013", "주문 전송 완료", rt_cd="0"),
            "output": {"ODNO": "0000117057"},
        },
    )
    kis.on(ORDER.path, httpx.ConnectError("refused"), ok)
    with client(kis, clock) as c:
        reply = c.call(ORDER, OrderRequest(cano=CANO, pdno="005930", ord_qty="10"), variant="buy")
    assert reply.output.odno == "0000117057"
    assert len(kis.sent(ORDER.path)) == 2


def test_post_rejected_by_the_gateway_is_resent(kis: FakeKis, clock: FakeClock) -> None:
    ok = httpx.Response(
        200, json={**envelope("APBK0013", "주문 전송 완료", rt_cd="0"), "output": {"ODNO": "1"}}
    )
    kis.on(ORDER.path, rate_limited(), ok)
    with client(kis, clock) as c:
        c.call(ORDER, OrderRequest(cano=CANO, pdno="005930", ord_qty="10"), variant="buy")
    orders = kis.sent(ORDER.path)
    assert len(orders) == 2
    assert json.loads(orders[0].content) == json.loads(orders[1].content)


def test_non_5xx_http_error_is_not_retried(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(PENSION_PATH, httpx.Response(404, text="not found"))
    with client(kis, clock) as c, pytest.raises(HttpError):
        bal.fetch(c, REQUEST)
    assert len(kis.sent(PENSION_PATH)) == 1


def test_retry_policy_refuses_zero_attempts() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


# The policy table of kis_runtime.retry, row by row (GET, POST).
_REQUEST = httpx.Request("GET", "https://kis.test/x")


@pytest.mark.parametrize(
    ("failure", "get", "post"),
    [
        (httpx.UnsupportedProtocol("x", request=_REQUEST), "FAIL", "FAIL"),
        (httpx.LocalProtocolError("x", request=_REQUEST), "FAIL", "FAIL"),
        (httpx.ConnectError("x", request=_REQUEST), "RESEND", "RESEND"),
        (httpx.PoolTimeout("x", request=_REQUEST), "RESEND", "RESEND"),
        (httpx.ReadTimeout("x", request=_REQUEST), "RESEND", "UNKNOWN"),
        (httpx.RemoteProtocolError("x", request=_REQUEST), "RESEND", "UNKNOWN"),
        (TokenExpiredError("T", "1", "EGW00123", "expired"), "REFRESH", "REFRESH"),
        (RateLimitError("T", "1", "EGW00201", "rate"), "RESEND", "RESEND"),
        (HttpError(502, "bad gateway"), "RESEND", "UNKNOWN"),
        (HttpError(404, "not found"), "FAIL", "FAIL"),
        (ResponseFormatError("T", "rt_cd", None, "missing"), "FAIL", "UNKNOWN"),
        (ResponseFormatError("T", "odno", "x", "bad", raw={"rt_cd": "0"}), "FAIL", "FAIL"),
        (ApiError("T", "1", "APBK0919", "refused"), "FAIL", "FAIL"),
    ],
)
def test_retry_policy_table(failure: Exception, get: str, post: str) -> None:
    assert verdict(failure, "GET") is Verdict[get]
    assert verdict(failure, "POST") is Verdict[post]
