"""`kis mcp` through the official SDK's own client (in-memory transport) against the simulator:
find, describe, call a paging TR, a parameter refused with the spec's message, the order flow with
and without the flags, an expired token, a retried confirm, the session limits."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

from mcp import Client

from kis_runtime.errors import ConfigError
from kis_runtime.mcp_server.orders import Limits
from kis_runtime.mcp_server.server import ServerOptions, build_server, build_tools, loopback
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator

CANO = "73109042"


@pytest.fixture
def paper_sim() -> Iterator[Simulator]:
    with Simulator(SimConfig(environment="paper", rows=25, page_size=10)) as server:
        yield server


def environ(sim: Simulator, environment: str = "paper") -> dict[str, str]:
    return {
        "KIS_APP_KEY": DEMO_APP_KEY,
        "KIS_APP_SECRET": DEMO_APP_SECRET,
        "KIS_ENVIRONMENT": environment,
        "KIS_BASE_URL": sim.url,
    }


def server_for(sim: Simulator, **options: Any) -> Any:
    tools = build_tools(ServerOptions(environ=environ(sim), **options))
    return build_server(tools)


def data(result: Any) -> Any:
    assert not result.is_error, result.content
    return result.structured_content


def error_text(result: Any) -> str:
    assert result.is_error
    return " ".join(c.text for c in result.content)


ORDER = {
    "CANO": CANO,
    "ACNT_PRDT_CD": "01",
    "PDNO": "005930",
    "ORD_DVSN": "00",
    "ORD_QTY": "10",
    "ORD_UNPR": "60000",
}


def orders_sent(sim: Simulator) -> list[Any]:
    return [r for r in sim.records if r.method == "POST" and r.tr_id.startswith("VTTC001")]


async def test_list_describe_and_call_a_paging_tr(paper_sim: Simulator) -> None:
    async with Client(server_for(paper_sim)) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        # No order tools without --orders.
        assert names == {"find_trs", "describe_tr", "call_tr", "search_symbols", "trading_day"}

        found = data(await client.call_tool("find_trs", {"words": ["주식잔고"]}))
        assert "TTTC8434R" in [t["tr_id"] for t in found["trs"]]
        by_text = data(await client.call_tool("find_trs", {"words": "주식 잔고조회"}))
        assert "TTTC8434R" in [t["tr_id"] for t in by_text["trs"]]

        described = data(await client.call_tool("describe_tr", {"tr_id": "VTTC8434R"}))
        assert described["tr_id"] == "TTTC8434R"
        schema = described["input_schema"]
        assert schema["properties"]["CANO"]["pattern"] == "^(?:[0-9]{8})$"
        assert "CANO" in schema["required"] and "CTX_AREA_FK100" not in schema["properties"]
        inqr = schema["properties"]["INQR_DVSN"]
        assert inqr["enum"][:2] == ["01", "02"] and "01=대출일별" in inqr["description"]
        blocks = {b["name"]: b for b in described["reply"]["blocks"]}
        assert {"name": "hldg_qty", "title": "보유수량", "type": "int(19)"} in blocks["output1"][
            "fields"
        ]

        params = {"CANO": CANO, "ACNT_PRDT_CD": "01", "AFHR_FLPR_YN": "N", "INQR_DVSN": "02",
                  "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N", "FNCG_AMT_AUTO_RDPT_YN": "N",
                  "PRCS_DVSN": "00"}  # fmt: skip
        first = data(
            await client.call_tool(
                "call_tr", {"tr_id": "TTTC8434R", "params": params, "max_pages": 1}
            )
        )
        assert first["pages"] == 1 and first["more_pages"] is True
        assert len(first["blocks"]["output1"]) == 10
        row = first["blocks"]["output1"][0]
        assert isinstance(row["evlu_amt"], str) and isinstance(row["hldg_qty"], int)
        rest = data(
            await client.call_tool(
                "call_tr",
                {"tr_id": "TTTC8434R", "continuation": first["continuation"], "max_pages": 5},
            )
        )
        assert rest["pages"] == 2 and rest["more_pages"] is False
        assert len(rest["blocks"]["output1"]) == 15
        codes = [r["pdno"] for r in first["blocks"]["output1"] + rest["blocks"]["output1"]]
        assert len(set(codes)) == 25
        # The continuation is used once.
        again = await client.call_tool(
            "call_tr", {"tr_id": "TTTC8434R", "continuation": first["continuation"]}
        )
        assert "unknown continuation" in error_text(again)


async def test_row_cap_reports_what_it_left(paper_sim: Simulator) -> None:
    params = {"CANO": CANO, "ACNT_PRDT_CD": "01", "AFHR_FLPR_YN": "N", "INQR_DVSN": "02",
              "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N", "FNCG_AMT_AUTO_RDPT_YN": "N",
              "PRCS_DVSN": "00"}  # fmt: skip
    async with Client(server_for(paper_sim)) as client:
        capped = data(
            await client.call_tool(
                "call_tr",
                {"tr_id": "TTTC8434R", "params": params, "max_pages": 5, "max_rows": 4},
            )
        )
    # output1 first (10 rows a page): 4 kept, 6 left out, output2's row left out too.
    assert capped["rows"] == 4 and capped["rows_omitted"] == 7 and capped["more_pages"]
    assert len(capped["blocks"]["output1"]) == 4 and "continuation" in capped


async def test_invalid_parameter_refused_before_sending(paper_sim: Simulator) -> None:
    async with Client(server_for(paper_sim)) as client:
        bad = await client.call_tool(
            "call_tr",
            {
                "tr_id": "TTTC8434R",
                "params": {
                    "CANO": "1234",
                    "ACNT_PRDT_CD": "01",
                    "AFHR_FLPR_YN": "N",
                    "INQR_DVSN": "02",
                    "UNPR_DVSN": "01",
                    "FUND_STTL_ICLD_YN": "N",
                    "FNCG_AMT_AUTO_RDPT_YN": "N",
                    "PRCS_DVSN": "00",
                },
            },
        )
        # The request class's own message: TR, field, rule; the account value never quoted.
        text = error_text(bad)
        assert "CANO" in text and "[0-9]{8}" in text and "1234" not in text
        unknown = await client.call_tool("call_tr", {"tr_id": "TTTC8434R", "params": {"NOPE": "1"}})
        assert "has no parameter 'NOPE'" in error_text(unknown)
        code = await client.call_tool(
            "call_tr",
            {
                "tr_id": "FHKST01010100",
                "params": {"FID_COND_MRKT_DIV_CODE": "Q", "FID_INPUT_ISCD": "005930"},
            },
        )
        assert "FID_COND_MRKT_DIV_CODE" in error_text(code) and "not one of" in error_text(code)
        floaty = await client.call_tool(
            "call_tr", {"tr_id": "TTTC8434R", "params": {**ORDER, "CANO": 12.5}}
        )
        assert "is not accepted" in error_text(floaty)
        order = await client.call_tool(
            "call_tr", {"tr_id": "TTTC0012U", "params": ORDER, "variant": "buy"}
        )
        assert "started without --orders" in error_text(order)
    assert paper_sim.records == []  # nothing reached the server, not even a token request


async def test_order_needs_two_steps_and_is_sent_once(
    paper_sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with Client(server_for(paper_sim, orders=True)) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        assert {"prepare_order", "confirm_order", "order_usage"} <= names
        prepared = data(
            await client.call_tool(
                "prepare_order", {"tr_id": "TTTC0012U", "params": ORDER, "variant": "buy"}
            )
        )
        summary = prepared["summary"]
        assert "주식주문(현금) 매수" in summary and "paper" in summary
        assert "ORD_DVSN): 00 (지정가)" in summary and CANO not in summary
        assert prepared["notional"] == "600000" and prepared["currency"] == "KRW"
        assert orders_sent(paper_sim) == []  # prepared, not sent

        confirmed = data(await client.call_tool("confirm_order", {"token": prepared["token"]}))
        assert confirmed["status"] == "placed", confirmed
        assert confirmed["reply"]["output"]["ODNO"]
        retried = data(await client.call_tool("confirm_order", {"token": prepared["token"]}))
        assert retried["repeated"] is True and retried["status"] == "placed"
        assert len(orders_sent(paper_sim)) == 1  # the retry sent nothing

        forged = await client.call_tool("confirm_order", {"token": "not-a-token"})
        assert "unknown confirmation token" in error_text(forged)
        used = data(await client.call_tool("order_usage", {}))
        assert used["orders_sent"] == 1 and used["notional_sent"] == {"KRW": "600000"}
    assert "order-cash" in caplog.text  # the runtime's DEBUG lines are there, masked
    assert CANO not in caplog.text and DEMO_APP_SECRET not in caplog.text


async def test_expired_token_sends_nothing(paper_sim: Simulator) -> None:
    limits = Limits(orders=5, token_ttl=0.0)
    async with Client(server_for(paper_sim, orders=True, limits=limits)) as client:
        prepared = data(
            await client.call_tool(
                "prepare_order", {"tr_id": "TTTC0012U", "params": ORDER, "variant": "buy"}
            )
        )
        expired = await client.call_tool("confirm_order", {"token": prepared["token"]})
        assert "expired" in error_text(expired)
    assert orders_sent(paper_sim) == []


async def test_session_limits(paper_sim: Simulator) -> None:
    from decimal import Decimal

    limits = Limits(orders=1, notional=Decimal(1_000_000))
    async with Client(server_for(paper_sim, orders=True, limits=limits)) as client:
        big = await client.call_tool(
            "prepare_order",
            {"tr_id": "TTTC0012U", "params": {**ORDER, "ORD_QTY": "20"}, "variant": "buy"},
        )
        assert "over the limit of 1,000,000" in error_text(big)
        ok = data(
            await client.call_tool(
                "prepare_order", {"tr_id": "TTTC0012U", "params": ORDER, "variant": "buy"}
            )
        )
        data(await client.call_tool("confirm_order", {"token": ok["token"]}))
        second = await client.call_tool(
            "prepare_order", {"tr_id": "TTTC0012U", "params": ORDER, "variant": "buy"}
        )
        assert "the limit (--max-orders 1)" in error_text(second)
    assert len(orders_sent(paper_sim)) == 1


def test_real_orders_need_the_second_flag(paper_sim: Simulator) -> None:
    real = environ(paper_sim, "real")
    with pytest.raises(ConfigError, match="--real-orders"):
        build_tools(ServerOptions(orders=True, environ=real))
    with pytest.raises(ConfigError, match="needs --orders"):
        build_tools(ServerOptions(real_orders=True, environ=real))
    assert build_tools(ServerOptions(orders=True, real_orders=True, environ=real)).desk
    assert build_tools(ServerOptions(environ=real)).desk is None


def test_http_only_on_loopback() -> None:
    assert loopback("127.0.0.1") == "127.0.0.1" and loopback("::1") == "::1"
    for host in ("0.0.0.0", "192.168.0.10", "example.com", "127.0.0.2"):
        with pytest.raises(ConfigError):
            loopback(host)


async def test_no_tool_answer_holds_a_credential(paper_sim: Simulator) -> None:
    params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}
    async with Client(server_for(paper_sim)) as client:
        answers = [
            await client.call_tool("call_tr", {"tr_id": "FHKST01010100", "params": params}),
            await client.call_tool("describe_tr", {"tr_id": "FHKST01010100"}),
        ]
    issued = list(paper_sim.tokens._tokens)  # the access token(s) the server got
    assert issued
    text = json.dumps([a.model_dump(mode="json") for a in answers], ensure_ascii=False)
    assert not answers[0].is_error and "stck_prpr" in text
    for secret in (DEMO_APP_KEY, DEMO_APP_SECRET, *issued):
        assert secret not in text


async def test_symbols_and_trading_day_tools(tmp_path: Path) -> None:
    from kis_runtime.symbols.master import write_domestic

    sys.path.insert(0, str(Path(__file__).parent))
    from test_calendar import START, rows

    (tmp_path / "symbols").mkdir()
    (tmp_path / "symbols" / "kospi_code.mst").write_bytes(
        write_domestic(
            "KOSPI",
            [{"mksc_shrn_iscd": "005930", "stnd_iscd": "KR7005930003", "hts_kor_isnm": "삼성전자"}],
        )
    )
    config = SimConfig(page_size=40, fixtures={"CTCA0903R": {"output": rows(START, 20)}})
    with Simulator(config) as sim:
        env = {**environ(sim, "real"), "KIS_CACHE_DIR": str(tmp_path)}
        server = build_server(build_tools(ServerOptions(environ=env)))
        async with Client(server) as client:
            found = data(await client.call_tool("search_symbols", {"query": "삼성"}))
            assert found["symbols"][0]["code"] == "005930"
            day = data(await client.call_tool("trading_day", {"day": "2026-12-25"}))
            assert day["trading_day"] is False
            assert day["next_trading_day"] == "2026-12-28"
            assert day["previous_trading_day"] == "2026-12-24"
            bad = await client.call_tool("trading_day", {"day": "25 Dec"})
            assert "not a date" in error_text(bad)


async def test_a_lost_reply_is_reconciled_never_resent() -> None:
    import kis
    from kis_sim import ManualClock

    clock = ManualClock()
    with Simulator(SimConfig(environment="paper", rows=3), clock=clock) as sim:

        async def sleep(seconds: float) -> None:
            clock.advance(seconds)

        def client() -> kis.AsyncClient:
            return kis.AsyncClient(
                DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, environment="paper",
                rate_limit=0, timeout=5.0, clock=clock, sleep=sleep,
            )  # fmt: skip

        tools = build_tools(ServerOptions(orders=True, environ=environ(sim)), client)
        far = {**ORDER, "ORD_UNPR": "1000"}  # rests in the book
        async with Client(build_server(tools)) as mcp:
            prepared = data(
                await mcp.call_tool(
                    "prepare_order", {"tr_id": "TTTC0012U", "params": far, "variant": "buy"}
                )
            )
            sim.faults.next("accept_then_drop")  # KIS takes the order, its reply is lost
            placed = data(await mcp.call_tool("confirm_order", {"token": prepared["token"]}))
            assert placed["status"] == "placed" and placed["order_number"], placed
            again = data(await mcp.call_tool("confirm_order", {"token": prepared["token"]}))
            assert again["order_number"] == placed["order_number"] and again["repeated"]

            prepared = data(
                await mcp.call_tool(
                    "prepare_order",
                    {"tr_id": "TTTC0012U", "params": {**far, "ORD_QTY": "7"}, "variant": "buy"},
                )
            )
            sim.faults.next("drop_before_accept")  # lost before KIS took it
            lost = data(await mcp.call_tool("confirm_order", {"token": prepared["token"]}))
            assert lost["status"] == "not_placed", lost
        assert len(orders_sent(sim)) == 2  # one POST per confirmed token, none resent


async def test_a_failed_page_keeps_its_continuation(paper_sim: Simulator) -> None:
    params = {"CANO": CANO, "ACNT_PRDT_CD": "01", "AFHR_FLPR_YN": "N", "INQR_DVSN": "02",
              "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N", "FNCG_AMT_AUTO_RDPT_YN": "N",
              "PRCS_DVSN": "00"}  # fmt: skip
    async with Client(server_for(paper_sim)) as client:
        first = data(await client.call_tool("call_tr", {"tr_id": "TTTC8434R", "params": params}))
        token = first["continuation"]
        other = await client.call_tool("call_tr", {"tr_id": "FHKST01010100", "continuation": token})
        assert "belongs to TTTC8434R" in error_text(other)
        paper_sim.faults.next("data_changed")  # SYDB0050 on the next page
        failed = await client.call_tool("call_tr", {"tr_id": "TTTC8434R", "continuation": token})
        assert "still valid" in error_text(failed)
        rest = data(
            await client.call_tool(
                "call_tr", {"tr_id": "TTTC8434R", "continuation": token, "max_pages": 5}
            )
        )
        assert len(first["blocks"]["output1"]) + len(rest["blocks"]["output1"]) == 25
