"""Secrets in tracebacks: an error reporter that prints every frame's locals, and every
exception chained to the error, shows no key, secret, token, hashkey or account number."""

from __future__ import annotations

import traceback

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
)

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime import AsyncClient, Client, KisError, OutcomeUnknownError
from kis_runtime.secret import Secret

SECRETS = [APP_KEY, APP_SECRET, CANO, HASH, TOKENS[0]]


def reported(error: BaseException) -> str:
    """What a reporter with locals shows (sentry-like): every frame's locals, every chained
    exception (also a suppressed __context__, which reporters and debuggers can reach)."""
    text = "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
    seen = error.__context__ or error.__cause__
    while seen is not None:
        text += "".join(
            traceback.TracebackException.from_exception(seen, capture_locals=True).format()
        )
        for value in vars(seen).values():
            text += repr(value)
            if isinstance(value, httpx.Request):
                text += repr(dict(value.headers)) + str(value.url) + value.content.decode()
        seen = seen.__context__ or seen.__cause__
    return text


def leaks(text: str) -> list[str]:
    return [s[:12] for s in SECRETS if s in text]


def sync_client(kis: FakeKis, clock: FakeClock) -> Client:
    return Client(
        APP_KEY,
        APP_SECRET,
        base_url=BASE,
        transport=kis.transport(),
        rate_limit=0,
        clock=clock,
        sleep=clock.sleep,
    )


def test_an_unknown_order_outcome_carries_no_secret_in_frames_or_chain(
    kis: FakeKis, clock: FakeClock
) -> None:
    kis.on(ORDER.path, httpx.ReadTimeout("timed out"))
    with sync_client(kis, clock) as c, pytest.raises(OutcomeUnknownError) as info:
        c.call(ORDER, OrderRequest(cano=CANO, pdno="005930", ord_qty="1"), variant="buy")
    assert info.value.__context__ is None and info.value.__cause__ is None
    assert leaks(reported(info.value)) == []


def test_an_api_error_on_a_get_carries_no_secret_in_frames(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(PENSION_PATH, httpx.Response(200, json=envelope("OPSQ0002", f"계좌 {CANO} 오류")))
    with sync_client(kis, clock) as c, pytest.raises(KisError) as info:
        bal.fetch(c, bal.PensionInquireBalanceRequest(cano=CANO))
    assert leaks(reported(info.value)) == []


async def test_async_errors_carry_no_secret_in_frames(kis: FakeKis) -> None:
    kis.on(ORDER.path, httpx.ReadTimeout("timed out"))
    async with AsyncClient(
        APP_KEY, APP_SECRET, base_url=BASE, transport=kis.async_transport(), rate_limit=0
    ) as c:
        with pytest.raises(OutcomeUnknownError) as info:
            await c.call(ORDER, OrderRequest(cano=CANO, pdno="005930", ord_qty="1"), variant="buy")
    assert leaks(reported(info.value)) == []


def test_a_secret_is_masked_in_repr_str_and_format_but_sends_its_value() -> None:
    secret = Secret(APP_SECRET)
    assert APP_SECRET not in repr(secret) + str(secret) + f"{secret}" + "%s" % secret  # noqa: UP031 - %-formatting is masked too
    assert secret.value == APP_SECRET and secret == APP_SECRET
    assert httpx.Headers({"appsecret": secret})["appsecret"] == APP_SECRET
    assert APP_SECRET in httpx.Request("POST", BASE, json={"k": secret}).content.decode()
    assert secret.strip() == APP_SECRET and "x" + secret == "x" + APP_SECRET


def test_a_get_sends_the_real_account_number_in_its_query(kis: FakeKis, clock: FakeClock) -> None:
    from rt_support import pension_page

    kis.on(PENSION_PATH, pension_page(1, more=True), pension_page(2, more=False))
    with sync_client(kis, clock) as c:
        pages = list(bal.iter_pages(c, bal.PensionInquireBalanceRequest(cano=CANO)))
    assert len(pages) == 2
    first, second = kis.sent(PENSION_PATH)
    assert first.url.params["CANO"] == CANO
    assert second.url.params["CTX_AREA_FK100"].startswith(CANO)  # the cursor, revealed
    assert second.headers["authorization"] == f"Bearer {TOKENS[0]}"


@pytest.mark.parametrize("make", [Client, AsyncClient])
def test_a_config_error_from_the_constructor_shows_no_credential_in_frames(make: type) -> None:
    with pytest.raises(KisError) as info:
        make(APP_KEY, APP_SECRET + "\r\n", token_cache=False)
    assert leaks(reported(info.value)) == []
