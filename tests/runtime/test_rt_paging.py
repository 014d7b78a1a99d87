"""An expired token mid-paging is refreshed once and paging resumes where it stopped."""

from __future__ import annotations

import httpx
import pytest
from rt_support import BASE, CANO, PENSION_PATH, TOKENS, FakeClock, FakeKis, envelope, pension_page

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime import AsyncClient, Client, DataChangedError, TokenExpiredError


def expired() -> httpx.Response:
    return httpx.Response(500, json=envelope("EGW00123", "기간이 만료된 token 입니다."))


def client(kis: FakeKis, clock: FakeClock) -> Client:
    return Client(
        "k" * 20,
        "s" * 20,
        base_url=BASE,
        transport=kis.transport(),
        rate_limit=0,
        sleep=clock.sleep,
        clock=clock,
    )


def assert_resumed(kis: FakeKis, pages: list[bal.PensionInquireBalanceResponse]) -> None:
    assert [p.output1[0].pdno for p in pages] == ["000001", "000002", "000003"]
    sent = kis.sent(PENSION_PATH)
    assert len(sent) == 4  # page 1, page 2 refused, page 2 again, page 3
    assert len(kis.sent("/oauth2/tokenP")) == 2
    refused, resent = sent[1], sent[2]
    assert refused.headers["authorization"] == f"Bearer {TOKENS[0]}"
    assert resent.headers["authorization"] == f"Bearer {TOKENS[1]}"
    # The same page is asked for again: same continuation keys, tr_cont N.
    assert resent.url.params == refused.url.params
    assert resent.url.params["CTX_AREA_NK100"].strip() == "NK1"
    assert resent.headers["tr_cont"] == "N"


def test_expired_token_mid_paging_refreshes_once_and_loses_no_page(
    kis: FakeKis, clock: FakeClock
) -> None:
    kis.on(
        PENSION_PATH,
        pension_page(1, more=True),
        expired(),
        pension_page(2, more=True),
        pension_page(3, more=False),
    )
    with client(kis, clock) as c:
        pages = bal.fetch_all(c, bal.PensionInquireBalanceRequest(cano=CANO))
    assert_resumed(kis, pages)


async def test_expired_token_mid_paging_async(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(
        PENSION_PATH,
        pension_page(1, more=True),
        expired(),
        pension_page(2, more=True),
        pension_page(3, more=False),
    )
    async with AsyncClient(
        "k" * 20,
        "s" * 20,
        base_url=BASE,
        transport=kis.async_transport(),
        rate_limit=0,
        sleep=clock.async_sleep,
        clock=clock,
    ) as c:
        pages = await bal.fetch_all_async(c, bal.PensionInquireBalanceRequest(cano=CANO))
    assert_resumed(kis, pages)


def test_token_refused_twice_is_raised_not_looped(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(PENSION_PATH, expired(), expired())
    with client(kis, clock) as c, pytest.raises(TokenExpiredError):
        bal.fetch(c, bal.PensionInquireBalanceRequest(cano=CANO))
    assert len(kis.sent(PENSION_PATH)) == 2
    assert len(kis.sent("/oauth2/tokenP")) == 2


def test_data_changed_keeps_the_pages_received(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(
        PENSION_PATH,
        pension_page(1, more=True),
        pension_page(2, more=True),
        httpx.Response(200, json=envelope("SYDB0050", "조회 중 데이터가 변경되었습니다")),
    )
    with client(kis, clock) as c, pytest.raises(DataChangedError) as caught:
        bal.fetch_all(c, bal.PensionInquireBalanceRequest(cano=CANO))
    assert [p.output1[0].pdno for p in caught.value.pages] == ["000001", "000002"]
    assert len(kis.sent(PENSION_PATH)) == 3  # not resent: the caller decides to start over
