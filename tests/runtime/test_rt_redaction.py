"""No secret, token, hashkey or account number reaches a log line, a repr or an error message."""

from __future__ import annotations

import logging
import subprocess
import sys

import httpx
import pytest
from rt_support import (
    APP_KEY,
    APP_SECRET,
    BASE,
    CANO,
    HASH,
    ORDER,
    PENSION_PATH,
    TOKENS,
    FakeClock,
    FakeKis,
    OrderRequest,
    envelope,
    no_jitter,
    pension_page,
)

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime import AsyncClient, Client, KisError
from kis_runtime.retry import RetryPolicy

SECRETS = [APP_KEY, APP_SECRET, CANO, HASH, *TOKENS[:4]]
LIMITED = {
    "error_code": "EGW00133",
    "error_description": "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)",
}


def expired() -> httpx.Response:
    return httpx.Response(500, json=envelope("EGW00123", "기간이 만료된 token 입니다."))


def rate_limited() -> httpx.Response:
    return httpx.Response(500, json=envelope("EGW00201", "초당 거래건수를 초과하였습니다."))


def shown(value: object) -> list[str]:
    texts = [str(value), repr(value)]
    if isinstance(value, BaseException):
        texts += [repr(value.args), repr(vars(value))]
        texts += [repr(page) for page in getattr(value, "pages", ())]
    return texts


def test_nothing_secret_in_logs_reprs_or_errors(
    kis: FakeKis, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # root: kis, httpx and everything else
    request = bal.PensionInquireBalanceRequest(cano=CANO)
    order = OrderRequest(cano=CANO, pdno="005930", ord_qty="1")
    kis.on(
        PENSION_PATH,
        pension_page(1, more=True),
        expired(),
        pension_page(2, more=False),  # refresh mid-paging
        *[rate_limited() for _ in range(3)],  # RateLimitError after the cap
        pension_page(1, more=True),
        httpx.Response(200, json=envelope("SYDB0050", "조회 중 데이터가 변경되었습니다")),
        # servers and proxies that echo what they were sent:
        httpx.Response(
            400, text=f"<html>bad request CANO={CANO}&token={TOKENS[1]} appkey={APP_KEY}</html>"
        ),
        httpx.Response(
            200, json=envelope("APBK0919", f"{CANO} 계좌는 조회할 수 없습니다 ({APP_SECRET})")
        ),
        httpx.Response(200, text=f"not json {CANO}"),
    )
    kis.on(ORDER.path, httpx.ReadTimeout("timed out"))
    kis.on(
        "/oauth2/tokenP",
        httpx.Response(200, json={"access_token": TOKENS[0], "expires_in": 86400}),
        httpx.Response(200, json={"access_token": TOKENS[1], "expires_in": 86400}),
        httpx.Response(403, json=LIMITED),
    )
    seen: list[str] = []
    policy = RetryPolicy(attempts=3, random=no_jitter)
    with Client(
        APP_KEY,
        APP_SECRET,
        base_url=BASE,
        transport=kis.transport(),
        rate_limit=0,
        retry=policy,
        sleep=clock.sleep,
        clock=clock,
    ) as c:
        pages = bal.fetch_all(c, request)
        seen += shown(c) + shown(c.settings) + shown(request) + shown(order)
        seen += [repr(p) for p in pages]
        for call in (
            lambda: bal.fetch(c, request),
            lambda: bal.fetch_all(c, request),
            lambda: bal.fetch(c, request),
            lambda: bal.fetch(c, request),
            lambda: bal.fetch(c, request),
            lambda: c.call(ORDER, order, variant="buy"),
        ):
            with pytest.raises(KisError) as caught:
                call()
            seen += shown(caught.value)
        clock.now += 86400  # the token expires; the next issuance is refused (EGW00133)
        with pytest.raises(KisError) as caught:
            bal.fetch(c, request)
        seen += shown(caught.value)
    kinds = [
        line.split(":")[0].split("(")[0]
        for line in seen
        if line.startswith(
            (
                "RateLimit",
                "DataChanged",
                "HttpError",
                "ApiError",
                "ResponseFormat",
                "OutcomeUnknown",
                "TokenRateLimit",
            )
        )
    ]
    assert {
        "RateLimitError",
        "DataChangedError",
        "HttpError",
        "ApiError",
        "ResponseFormatError",
        "OutcomeUnknownError",
        "TokenRateLimitError",
    } <= set(kinds)
    logs = [record.getMessage() for record in caplog.records]
    assert any(f"GET {PENSION_PATH} tr_id=TTTC2208R status=500 msg_cd=EGW00123" in m for m in logs)
    assert any(
        "HTTP Request: GET" in m for m in logs
    )  # httpx's own line is captured, minus the query
    for secret in SECRETS:
        leaks = [text for text in seen + logs if secret in text]
        assert not leaks, (secret, leaks)


async def test_async_errors_are_scrubbed_too(
    kis: FakeKis, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    kis.on(PENSION_PATH, httpx.Response(502, text=f"proxy echo {CANO} {TOKENS[0]}"))
    async with AsyncClient(
        APP_KEY,
        APP_SECRET,
        base_url=BASE,
        transport=kis.async_transport(),
        rate_limit=0,
        retry=RetryPolicy(attempts=1),
        clock=clock,
    ) as c:
        with pytest.raises(KisError) as caught:
            await bal.fetch_async(c, bal.PensionInquireBalanceRequest(cano=CANO))
    texts = shown(caught.value) + [r.getMessage() for r in caplog.records]
    assert "HTTP 502" in str(caught.value)
    assert not [t for t in texts if any(s in t for s in SECRETS)]


def test_importing_kis_configures_no_logging() -> None:
    code = (
        "import logging, kis, kis_runtime; from kis.domestic_stock.trading import pension_inquire_balance;"
        "kis_logger = logging.getLogger('kis');"
        "assert kis_logger.handlers == [] and logging.getLogger().handlers == [], 'handler added';"
        "assert kis_logger.level == logging.NOTSET"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
