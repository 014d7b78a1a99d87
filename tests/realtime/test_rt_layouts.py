"""Realtime records as KIS really sends them: layouts chosen by value count, the key guard, real
public frames (tests/data/realtime, sources in its README), *_HOUR no-values, broken UTF-8."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import kis
import kis.realtime as rt
import kis_sim
from kis.domestic_stock.trading import order_cash
from kis.realtime.domestic_futureoption import krx_night_option_ccnl
from kis.realtime.domestic_stock import (
    asking_price_krx,
    ccnl_krx,
    ccnl_notice,
    market_status_krx,
    market_status_total,
    overtime_asking_price_krx,
)
from kis.realtime.overseas_futureoption import ccnl as overseas_futures_ccnl
from kis_runtime.fields import field, record
from kis_runtime.model import Record
from kis_runtime.realtime.record import RealtimeTr
from kis_sim.realtime import RealtimeOptions
from tests.realtime.conftest import make_client
from tests.realtime.test_rt_client import eventually

FRAMES: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "data" / "realtime" / "frames.json").read_text(encoding="utf-8")
)
AES = rt.AesKey("k" * 32, "i" * 16)
# The module (kis_runtime.realtime re-exports its function `decode` under the same name).
decode_module = importlib.import_module("kis_runtime.realtime.decode")


def _records(frame: str) -> tuple[Any, ...]:
    message = rt.decode(frame)
    assert isinstance(message, rt.Records)
    return message.records


# -- layouts --------------------------------------------------------------------------------------


def test_both_order_notice_layouts_decode_and_say_which() -> None:
    """H0STCNI0: 26 values on the real server, 23 in the paper server's H0STCNI9 notices."""
    paper = FRAMES["H0STCNI9_paper_notice"]["values"]
    frame = "1|H0STCNI9|001|" + rt.encrypt(paper, AES)
    message = rt.decode(frame, {"H0STCNI9": AES})
    assert isinstance(message, rt.Records) and message.encrypted
    (notice,) = message.records
    assert isinstance(notice, ccnl_notice.CcnlNoticeRecord) and notice.layout == "paper"
    assert (notice.oder_no, notice.stck_shrn_iscd, notice.oder_qty) == ("0000030071", "005930", 1)
    assert notice.stck_cntg_hour == dt.time(14, 47, 32) and notice.cntg_yn == "1"
    assert (notice.cntg_isnm, notice.crdt_cls, notice.cntg_isnm40) == ("1Y", "10", "삼성전자")
    # The fields the paper layout lacks are None, never a neighbour's value.
    assert (notice.ord_cond_prc, notice.ord_exg_gb, notice.popup_yn, notice.filler) == (None,) * 4
    assert notice.extra == ()

    real = ccnl_notice.TR.layout_fields("real")
    assert len(real) == 26 and "CNTG_ISNM" not in [f.name for f in real]
    values = ["" if f.type != "str" else "0" for f in real]
    names = [f.name for f in real]
    values[names.index("ORD_EXG_GB")], values[names.index("POPUP_YN")] = "2", "Y"
    values[names.index("CNTG_ISNM40")] = "삼성전자"
    (record,) = ccnl_notice.TR.decode_values(values)
    assert record.layout == "real" and record.cntg_isnm is None
    assert (record.ord_exg_gb, record.popup_yn, record.cntg_isnm40) == ("2", "Y", "삼성전자")


def test_a_layout_with_trailing_values_keeps_them_in_extra() -> None:
    values = [*FRAMES["H0STCNI9_paper_notice"]["values"].split("^"), "new"]
    (record,) = ccnl_notice.TR.decode_values(values)  # 24: the paper layout and one more
    assert record.layout == "paper" and record.extra == ("new",)


def test_asking_price_before_and_after_the_kmid_fields() -> None:
    (now,) = _records(FRAMES["H0STASP0_2026"]["frame"])
    assert now.layout == "kmid" and now.extra == ()
    assert (now.kmid_prc, now.kmid_total_rsqn, now.kmid_cls_code) == (Decimal(323750), 0, "0")
    assert now.kmid_prc == (now.askp1 + now.bidp1) / 2  # the KRX mid price
    (before,) = _records(FRAMES["H0STASP0_before_2025"]["frame"])
    assert before.layout == "table" and before.kmid_prc is None and before.extra == ()
    for book in (now, before):  # the order book's invariant: levels sum to the totals
        asks = sum(getattr(book, f"askp_rsqn{i}") for i in range(1, 11))
        bids = sum(getattr(book, f"bidp_rsqn{i}") for i in range(1, 11))
        assert (asks, bids) == (book.total_askp_rsqn, book.total_bidp_rsqn)
    assert isinstance(now, asking_price_krx.AskingPriceKrxRecord)


def test_overtime_asking_price_has_ten_levels() -> None:
    (book,) = _records(FRAMES["H0STOAA0_portal"]["frame"])
    assert isinstance(book, overtime_asking_price_krx.OvertimeAskingPriceKrxRecord)
    assert book.layout == "wire" and book.extra == ()
    asks = [getattr(book, f"askp_rsqn{i}") for i in range(1, 11)]
    bids = [getattr(book, f"bidp_rsqn{i}") for i in range(1, 11)]
    assert (sum(asks), sum(bids)) == (book.total_askp_rsqn, book.total_bidp_rsqn) == (24644, 30955)
    assert (book.askp1, book.bidp1, book.antc_cnpr) == (
        Decimal(77800),
        Decimal(77700),
        Decimal(77700),
    )
    assert book.acml_vol == 13069425


def test_market_status_reads_the_code_first_and_its_status_in_place() -> None:
    for frame in FRAMES["H0UNMKO0_live"]["frames"]:
        (status,) = _records(frame)
        assert isinstance(status, market_status_total.MarketStatusTotalRecord)
        assert status.layout == "live" and status.exch_cls_code is None
        assert status.mksc_shrn_iscd == frame.split("|")[3][:6]
        assert (status.trht_yn, status.mkop_cls_code) == ("N", "AB1")
        assert status.iscd_stat_cls_code in ("55", "57") and status.vi_cls_code in ("Y", "N")
    (krx,) = _records(FRAMES["H0STMKO0_portal"]["frame"])
    assert isinstance(krx, market_status_krx.MarketStatusKrxRecord) and krx.layout == "live"
    assert (krx.mksc_shrn_iscd, krx.antc_mkop_cls_code, krx.ovtm_vi_cls_code) == (
        "396300",
        "311",
        "N",
    )


def test_night_option_example_before_the_dynm_fields() -> None:
    (tick,) = _records(FRAMES["H0EUCNT0_portal"]["frame"])
    assert isinstance(tick, krx_night_option_ccnl.KrxNightOptionCcnlRecord)
    assert tick.layout == "pre_dynm" and tick.dynm_mxpr is None and tick.extra == ()
    assert (tick.optn_shrn_iscd, tick.optn_prpr, tick.acml_vol) == (
        "301V06362",
        Decimal("2.98"),
        106,
    )
    assert tick.oprc_hour == "000000"  # a night-session time: str, as sent


def test_a_record_of_no_layout_is_refused_naming_the_counts() -> None:
    values = FRAMES["H0STCNI9_paper_notice"]["values"].split("^")[:20]
    with pytest.raises(rt.RealtimeFormatError, match=r"H0STCNI9: 20 value.* of 23 or 26 field"):
        ccnl_notice.TR.decode_values(values, tr_id="H0STCNI9")


# -- the key --------------------------------------------------------------------------------------


def test_the_doc_s_market_status_layout_would_be_refused_not_mislabelled() -> None:
    """Read by the doc's table (TRHT_YN first), a live frame put '100840' under trht_yn; now a
    record whose key field holds no code is a RealtimeFormatError naming the key field."""
    shifted = "N^(null)^AB1^112^^^55^N^^1"  # 10 values, but no code where the key belongs
    with pytest.raises(
        rt.RealtimeFormatError, match="H0UNMKO0: key field MKSC_SHRN_ISCD"
    ) as caught:
        rt.decode("0|H0UNMKO0|001|" + shifted)
    assert caught.value.field == "MKSC_SHRN_ISCD" and caught.value.tr_id == "H0UNMKO0"


def _shifted_tr() -> RealtimeTr:
    infos = ccnl_krx.TR.fields[:-1]
    namespace: dict[str, Any] = {"__annotations__": {"stray": "str"}}
    namespace["stray"] = field("doc row that is not on the wire", name="STRAY")
    for info in infos:
        namespace["__annotations__"][info.py_name] = "str"
        namespace[info.py_name] = field(info.title, name=info.name)
    cls: type = record(type("ShiftedCcnlRecord", (Record,), namespace))
    return RealtimeTr(
        record=cls,
        title="shifted",
        module=__name__,
        tr_id="H0STCNT0",
        paper_tr_id="H0STCNT0",
        tr_key="code",
        tr_key_title="",
        encrypted=False,
        key="MKSC_SHRN_ISCD",
    )


async def test_a_shifted_spec_against_the_simulator_delivers_nothing(
    sim: kis_sim.Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The simulator sends H0STCNT0 as KIS does; the client reads it with a spec off by one. The
    key field then holds the trade time (a code-like text, but no registered tr_key): every record
    is malformed (counted, kept, logged masked), none is delivered."""
    shifted = _shifted_tr()
    assert len(shifted.fields) == len(ccnl_krx.TR.fields)  # the count alone cannot tell
    monkeypatch.setitem(decode_module._FOUND, "H0STCNT0", shifted)
    caplog.set_level(logging.WARNING, "kis.realtime")
    async with make_client(sim, tmp_path) as client:
        await client.subscribe(shifted, "005930")
        await eventually(lambda: client.stats.malformed >= 5)
        assert client.stats.records == 0 and client.pending() == 0
    problems = [p for p in client.problems if isinstance(p, rt.RealtimeFormatError)]
    assert len(problems) >= 5
    assert all(p.field == "MKSC_SHRN_ISCD" and p.tr_id == "H0STCNT0" for p in problems)
    assert "none of the 1 tr_key(s) registered for H0STCNT0" in str(problems[0])
    assert "realtime record refused: H0STCNT0: key field MKSC_SHRN_ISCD holds '***'" in caplog.text


async def test_the_same_stream_with_the_right_spec_is_delivered(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    """The control for the test above: the generated spec, same simulator, records delivered."""
    async with make_client(sim, tmp_path) as client:
        await client.subscribe(ccnl_krx, "005930")
        await eventually(lambda: client.stats.records >= 5)
        record_ = await client.__anext__()
    assert client.stats.malformed == 0
    assert isinstance(record_, ccnl_krx.CcnlKrxRecord) and record_.mksc_shrn_iscd == "005930"


async def test_records_for_an_unregistered_code_are_refused(
    sim: kis_sim.Simulator, tmp_path: Path
) -> None:
    assert sim.realtime is not None
    async with make_client(sim, tmp_path) as client:
        await client.subscribe(ccnl_krx, "005930")
        await eventually(lambda: client.stats.records >= 1)
        frames = sim.realtime.frames("H0STCNT0", "000660", 2)  # records of another code
        sim.realtime.send_frames("H0STCNT0", "005930", frames)
        await eventually(lambda: client.stats.malformed >= 2)
        delivered = [await client.__anext__() for _ in range(client.pending())]
    assert client.stats.malformed == 2
    assert all(r.mksc_shrn_iscd == "005930" for r in delivered)


async def test_the_paper_simulator_sends_notices_in_the_paper_layout(tmp_path: Path) -> None:
    config = kis_sim.SimConfig(environment="paper")
    with kis_sim.Simulator(config, realtime=RealtimeOptions()) as sim:
        async with make_client(sim, tmp_path, environment="paper") as client:
            await client.subscribe(ccnl_notice, "myhts01")
            notices = client.records(ccnl_notice)
            async with kis.AsyncClient(
                kis_sim.DEMO_APP_KEY,
                kis_sim.DEMO_APP_SECRET,
                base_url=sim.url,
                cache_dir=tmp_path,
                environment="paper",
            ) as rest:
                request = order_cash.OrderCashRequest(
                    cano="12345678",
                    acnt_prdt_cd="01",
                    pdno="005930",
                    ord_dvsn="00",
                    ord_qty="2",
                    ord_unpr="60000",
                )
                await order_cash.fetch_async(rest, request, variant="buy")
            accepted = await asyncio.wait_for(notices.__anext__(), 10)
    assert isinstance(accepted, ccnl_notice.CcnlNoticeRecord) and accepted.layout == "paper"
    assert accepted.cust_id == "myhts01" and accepted.oder_qty == 2 and accepted.popup_yn is None


# -- no values, bytes, TR ids ---------------------------------------------------------------------


def test_000000_in_an_hour_field_is_no_value_but_midnight_elsewhere() -> None:
    tr = ccnl_krx.TR
    names = [f.name for f in tr.fields]
    values = ["1" if f.type != "str" else "X" for f in tr.fields]
    values[0] = "005930"
    values[names.index("STCK_CNTG_HOUR")] = "090102"
    values[names.index("OPRC_HOUR")] = "000000"
    values[names.index("HGPR_HOUR")] = "(null)"
    values[names.index("LWPR_HOUR")] = "000000"
    values[names.index("BSOP_DATE")] = "20260125"
    (tick,) = tr.decode_values(values)
    assert tick.stck_cntg_hour == dt.time(9, 1, 2)
    assert (tick.oprc_hour, tick.hgpr_hour, tick.lwpr_hour) == (None, None, None)
    futures = overseas_futures_ccnl.TR  # 24-hour markets: a *_TIME of 000000 is midnight
    assert "MRKT_OPEN_TIME" in [f.name for f in futures.fields]
    fnames = [f.name for f in futures.fields]
    fvalues = ["1" if f.type not in ("str", "date") else "X" for f in futures.fields]
    fvalues[0] = "6AM24"
    for i, f in enumerate(futures.fields):
        if f.type == "date":
            fvalues[i] = "20260125"
    fvalues[fnames.index("MRKT_OPEN_TIME")] = "000000"
    for i, f in enumerate(futures.fields):
        if f.type == "time" and f.name != "MRKT_OPEN_TIME":
            fvalues[i] = "123000"
    (ftick,) = futures.decode_values(fvalues)
    assert ftick.mrkt_open_time == dt.time(0, 0)


def test_bytes_decode_as_utf8_or_raise_a_format_error_naming_the_tr() -> None:
    frame = FRAMES["H0STMKO0_portal"]["frame"]
    (status,) = rt.decode(frame.encode("utf-8")).records  # type: ignore[union-attr]
    assert status.mksc_shrn_iscd == "396300"
    broken = frame.encode("utf-8")[:-1] + b"\xff\xfe"
    with pytest.raises(rt.RealtimeFormatError, match=r"H0STMKO0: not UTF-8 .* at byte") as caught:
        rt.decode(broken)
    assert caught.value.tr_id == "H0STMKO0"
    with pytest.raises(rt.RealtimeFormatError, match="message: not UTF-8"):
        rt.decode(b"\x80\x81 not a frame")


def test_a_count_of_unicode_digits_is_a_format_error() -> None:
    with pytest.raises(rt.RealtimeFormatError, match="malformed data frame"):
        rt.decode("0|H0STCNT0|00\u00b2|005930")  # "00²".isdigit() is True; int() refuses it
    with pytest.raises(rt.RealtimeFormatError, match="malformed data frame"):
        rt.decode("1|H0STCNI9|00\u00b2|abc")


def test_errors_name_the_tr_id_received() -> None:
    """A paper notice's error names H0STCNI9, the TR id it came with, not the real H0STCNI0."""
    values = FRAMES["H0STCNI9_paper_notice"]["values"].split("^")
    values[11] = "250000"  # STCK_CNTG_HOUR: no time of day
    frame = "1|H0STCNI9|001|" + rt.encrypt("^".join(values), AES)
    with pytest.raises(rt.RealtimeFormatError, match=r"^H0STCNI9: field STCK_CNTG_HOUR") as caught:
        rt.decode(frame, {"H0STCNI9": AES})
    assert caught.value.tr_id == "H0STCNI9"


def test_kis_describe_shows_the_key_and_the_layouts() -> None:
    from kis_runtime.cli.describe import render_realtime

    notice = render_realtime(ccnl_notice.TR)
    assert "layout   real: 26 values, without CNTG_ISNM" in notice
    assert "layout   paper: 23 values, without ORD_COND_PRC, ORD_EXG_GB, POPUP_YN, FILLER" in notice
    assert "key      MKSC_SHRN_ISCD" in render_realtime(ccnl_krx.TR)


def test_the_key_guard_compares_keys_as_codes_and_remembers_released_ones() -> None:
    from collections import deque

    from kis_runtime.realtime.channel import Stats
    from kis_runtime.realtime.keyguard import KeyGuard

    stats, problems = Stats(), deque[Any](maxlen=10)
    guard = KeyGuard(stats, problems)
    (status,) = _records(FRAMES["H0STMKO0_portal"]["frame"])
    padded = market_status_krx.TR.decode_payload(" 396300 ^N^(null)^^311^^^55^N^N")[0]
    message = rt.Records("H0STMKO0", (status, padded))
    assert guard.admit(message, [("H0STMKO0", "396300")]) == (status, padded)
    assert padded.mksc_shrn_iscd == " 396300 "  # delivered as sent
    # After an unsubscribe, KIS's last records of that key are still about what was registered.
    assert guard.admit(message, []) == (status, padded)
    assert guard.admit(rt.Records("H0STMKO0", (status,)), [("H0STMKO0", "005930")]) == (status,)
    assert stats.malformed == 0 and not problems
    other = rt.Records("H0STMKO9", (status,))  # the same record under a TR id never registered
    assert guard.admit(other, []) == ()
    assert stats.malformed == 1 and isinstance(problems[0], rt.RealtimeFormatError)
    assert problems[0].tr_id == "H0STMKO9" and "none of the 0 tr_key(s)" in str(problems[0])
