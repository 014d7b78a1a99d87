"""Paging over tr_cont and the ctx keys: nothing lost, nothing endless."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from tests.conftest import APP_KEY, APP_SECRET, CANO, FakeKis, reply_body

REQUEST = bal.PensionInquireBalanceRequest(cano=CANO)


def page_body(n: int) -> dict[str, Any]:
    """Page n of a holdings list: one row with pdno 00000n and ctx keys naming page n."""
    body = copy.deepcopy(reply_body("TTTC2208R__pension-inquire-balance__portal-example"))
    body["output1"][0]["pdno"] = f"{n:06d}"
    body["ctx_area_fk100"] = f"{CANO}^29^00^00^".ljust(100)
    body["ctx_area_nk100"] = f"{CANO}^KEY{n}".ljust(100)
    return body


def test_three_pages_follow_tr_cont_and_ctx_keys(fake: FakeKis, client: kis.Client) -> None:
    for n, tr_cont in ((1, "M"), (2, "M"), (3, "D")):
        fake.reply(page_body(n), tr_cont=tr_cont)

    pages = bal.fetch_all(client, REQUEST)

    assert [p.output1[0].pdno for p in pages] == ["000001", "000002", "000003"]
    first, second, third = fake.tr_requests
    assert first.headers["tr_cont"] == ""
    assert first.url.params["CTX_AREA_FK100"] == "" and first.url.params["CTX_AREA_NK100"] == ""
    for sent, previous in ((second, 1), (third, 2)):
        assert sent.headers["tr_cont"] == "N"
        assert sent.url.params["CTX_AREA_FK100"] == page_body(previous)["ctx_area_fk100"]
        assert sent.url.params["CTX_AREA_NK100"] == page_body(previous)["ctx_area_nk100"]


@pytest.mark.parametrize("last", ["D", "E", ""])
def test_paging_stops_on_d_e_or_blank(fake: FakeKis, client: kis.Client, last: str) -> None:
    fake.reply(page_body(1), tr_cont="F")
    fake.reply(page_body(2), tr_cont=last)
    assert len(list(bal.iter_pages(client, REQUEST))) == 2
    assert len(fake.tr_requests) == 2


def test_failure_on_a_later_page_carries_the_pages_received(
    fake: FakeKis, client: kis.Client
) -> None:
    fake.reply(page_body(1), tr_cont="M")
    fake.reply(page_body(2), tr_cont="M")
    fake.reply({"rt_cd": "1", "msg_cd": "SYDB0050", "msg1": "조회이후에 자료가 변경되었습니다."})

    with pytest.raises(kis.DataChangedError) as info:
        bal.fetch_all(client, REQUEST)

    assert [p.output1[0].pdno for p in info.value.pages] == ["000001", "000002"]


def test_a_cursor_that_does_not_advance_stops_paging(fake: FakeKis, client: kis.Client) -> None:
    fake.reply(page_body(1), tr_cont="M")
    fake.reply(page_body(2), tr_cont="M")
    fake.reply(page_body(2), tr_cont="M")  # the same keys again: the server would loop forever

    with pytest.raises(kis.PagingError, match="sent before") as info:
        bal.fetch_all(client, REQUEST)

    assert len(info.value.pages) == 3
    assert len(fake.tr_requests) == 3


def test_the_page_cap_fails_closed_instead_of_truncating(fake: FakeKis) -> None:
    for n in range(1, 6):
        fake.reply(page_body(n), tr_cont="M")
    with kis.Client(APP_KEY, APP_SECRET, transport=httpx.MockTransport(fake), max_pages=3) as c:
        with pytest.raises(kis.PagingError, match="max_pages=3") as info:
            bal.fetch_all(c, REQUEST)
    assert len(info.value.pages) == 3 and len(fake.tr_requests) == 3


def test_per_call_page_cap(fake: FakeKis, client: kis.Client) -> None:
    fake.reply(page_body(1), tr_cont="M")
    fake.reply(page_body(2), tr_cont="M")
    with pytest.raises(kis.PagingError):
        bal.fetch_all(client, REQUEST, max_pages=2)
    assert len(fake.tr_requests) == 2


async def test_async_three_pages(fake: FakeKis) -> None:
    for n, tr_cont in ((1, "M"), (2, "M"), (3, "D")):
        fake.reply(page_body(n), tr_cont=tr_cont)
    async with kis.AsyncClient(APP_KEY, APP_SECRET, transport=httpx.MockTransport(fake)) as c:
        pages = [p async for p in bal.iter_pages_async(c, REQUEST)]
    assert [p.output1[0].pdno for p in pages] == ["000001", "000002", "000003"]
    assert [r.headers["tr_cont"] for r in fake.tr_requests] == ["", "N", "N"]
    assert fake.tr_requests[2].url.params["CTX_AREA_NK100"] == page_body(2)["ctx_area_nk100"]


async def test_async_failure_carries_pages(fake: FakeKis) -> None:
    fake.reply(page_body(1), tr_cont="M")
    fake.reply({"rt_cd": "7", "msg_cd": "EGW99999", "msg1": "처리 중 오류"}, status=500)
    async with kis.AsyncClient(APP_KEY, APP_SECRET, transport=httpx.MockTransport(fake)) as c:
        with pytest.raises(kis.ApiError) as info:
            await bal.fetch_all_async(c, REQUEST)
    assert [p.output1[0].pdno for p in info.value.pages] == ["000001"]
