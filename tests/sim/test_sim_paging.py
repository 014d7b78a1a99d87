"""TTTC2208R across three pages, sync and async, over loopback: the client gets exactly the
simulator's data, sends the continuation keys back, and the simulator validates them."""

from __future__ import annotations

from typing import Any

import httpx

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime.parse import read_row
from kis_sim import SimConfig, Simulator

ACCOUNT = "12345678"

REQUEST = bal.PensionInquireBalanceRequest(cano=ACCOUNT)
PARAMS = {"CANO": ACCOUNT, "ACNT_PRDT_CD": "29", "ACCA_DVSN_CD": "00", "INQR_DVSN": "00"}


def predicted(sim: Simulator) -> dict[str, Any]:
    return sim.app.data.blocks(bal.ENDPOINT, "TTTC2208R", PARAMS)


def check_pages(sim: Simulator, pages: list[bal.PensionInquireBalanceResponse]) -> None:
    assert [len(p.output1) for p in pages] == [10, 10, 5]
    assert [p.headers.tr_cont for p in pages] == ["F", "M", "D"]
    expected = predicted(sim)
    rows = [row for page in pages for row in page.output1]
    assert rows == [read_row(bal.PensionInquireBalanceOutput1, r) for r in expected["output1"]]
    assert [p.raw["output1"] for p in pages] == [
        expected["output1"][0:10],
        expected["output1"][10:20],
        expected["output1"][20:25],
    ]
    totals = read_row(bal.PensionInquireBalanceOutput2, expected["output2"])
    assert all(p.output2 == totals for p in pages)

    sent = [r for r in sim.records if r.tr_id == "TTTC2208R"]
    assert [r.tr_cont for r in sent] == ["", "N", "N"]
    assert sent[0].params["CTX_AREA_FK100"] == sent[0].params["CTX_AREA_NK100"] == ""
    for previous, request in zip(pages[:-1], sent[1:], strict=True):
        assert request.params["CTX_AREA_FK100"] == previous.ctx_area_fk100
        assert request.params["CTX_AREA_NK100"] == previous.ctx_area_nk100
    assert all(r.status == 200 for r in sim.records)


def test_three_pages_sync(sim: Simulator, client: Any) -> None:
    check_pages(sim, list(bal.iter_pages(client, REQUEST)))


async def test_three_pages_async(sim: Simulator, async_client: Any) -> None:
    check_pages(sim, [page async for page in bal.iter_pages_async(async_client, REQUEST)])


def test_ctx_keys_are_padded_and_embed_the_account(sim: Simulator, client: Any) -> None:
    first, _, last = bal.fetch_all(client, REQUEST)
    for key in (first.ctx_area_fk100, first.ctx_area_nk100, last.ctx_area_fk100):
        assert len(key) == 100
    assert first.ctx_area_fk100.rstrip() == f"{ACCOUNT}^29^00^00^"
    assert first.ctx_area_nk100.strip()
    assert last.ctx_area_nk100 == " " * 100  # nothing after the last page


def test_same_seed_same_data_other_seed_other_data() -> None:
    def rows(seed: int) -> list[dict[str, str]]:
        with Simulator(SimConfig(seed=seed, rows=5)) as server:
            result: list[dict[str, str]] = server.app.data.blocks(
                bal.ENDPOINT, "TTTC2208R", PARAMS
            )["output1"]
            return result

    assert rows(1) == rows(1)
    assert rows(1) != rows(2)


def test_fixture_rows_replace_generated_data(clock: Any, client_for: Any) -> None:
    holdings = [
        {"pdno": f"{i:06d}", "prdt_name": f"종목{i}", "hldg_qty": str(i)} for i in range(12)
    ]
    config = SimConfig(page_size=5, fixtures={"TTTC2208R": {"output1": holdings}})
    with Simulator(config, clock=clock) as server, client_for(server) as c:
        pages = bal.fetch_all(c, REQUEST)
    assert [len(p.output1) for p in pages] == [5, 5, 2]
    assert [r.hldg_qty for p in pages for r in p.output1] == list(range(12))
    assert pages[0].output1[3].prdt_name == "종목3"


def test_forged_or_foreign_continuation_keys_are_refused(sim: Simulator, client: Any) -> None:
    first = bal.fetch(client, REQUEST)
    headers = {
        "authorization": f"Bearer {client.access_token()}",
        "appkey": client.settings.app_key,
        "appsecret": client.settings.app_secret,
        "tr_id": "TTTC2208R",
        "tr_cont": "N",
    }
    url = sim.url + bal.ENDPOINT.path
    good = {
        **PARAMS,
        "CTX_AREA_FK100": first.ctx_area_fk100,
        "CTX_AREA_NK100": first.ctx_area_nk100,
    }
    assert httpx.get(url, params=good, headers=headers).json()["rt_cd"] == "0"
    forged = {**good, "CTX_AREA_NK100": "20^000000000000^".ljust(100)}
    other_account = {**good, "CANO": "87654321"}
    for params, field in ((forged, "CTX_AREA_NK100"), (other_account, "CTX_AREA_FK100")):
        body = httpx.get(url, params=params, headers=headers).json()
        assert body["rt_cd"] == "1"
        assert body["msg_cd"] == "OPSQ3001"
        assert field in body["msg1"]
