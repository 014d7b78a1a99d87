"""to_polars / to_pandas: spec-typed columns, exact decimals, nulls, every kind of source."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from decimal import Decimal

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import kis
from kis.domestic_stock.quotations import inquire_daily_price as daily
from kis.domestic_stock.trading import pension_inquire_balance as pension
from kis_runtime import frames
from kis_runtime.blocks import Block
from kis_runtime.endpoint import FieldInfo
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    # Several clients in one module: no 1-a-minute token limit here.
    with Simulator(SimConfig(rows=25, page_size=10, token_issue_interval=0.0)) as server:
        yield server


def client(sim: Simulator) -> kis.Client:
    return kis.Client(
        DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, token_cache=False, rate_limit=0
    )


@pytest.fixture(scope="module")
def pages(sim: Simulator) -> list[pension.PensionInquireBalanceResponse]:
    with client(sim) as c:
        return list(pension.iter_pages(c, pension.PensionInquireBalanceRequest(cano="12345678")))


def test_polars_columns_follow_the_spec(pages) -> None:
    frame = frames.to_polars(pages)
    assert frame.height == 25
    assert frame.schema["pdno"] == pl.String
    assert frame.schema["hldg_qty"] == pl.Int64
    assert frame.schema["pchs_avg_pric"] == pl.Decimal(18, 4)  # spec length 18.4
    assert frame.schema["evlu_erng_rt"] == pl.Decimal(23, 8)
    assert frame.schema["evlu_amt"] == pl.Decimal(19, 0)
    rows = [row for page in pages for row in page.output1]
    assert frame["pchs_avg_pric"].to_list() == [r.pchs_avg_pric for r in rows]  # exact
    assert frame["evlu_amt"].sum() == sum(r.evlu_amt for r in rows)


def test_pandas_columns_are_arrow_decimals_ints_and_strings(pages) -> None:
    frame = frames.to_pandas(pages)
    assert len(frame) == 25
    assert frame["pchs_avg_pric"].dtype == pd.ArrowDtype(pa.decimal128(18, 4))
    assert frame["hldg_qty"].dtype == pd.ArrowDtype(pa.int64())
    assert frame["prdt_name"].dtype == pd.ArrowDtype(pa.string())
    rows = [row for page in pages for row in page.output1]
    assert list(frame["evlu_erng_rt"]) == [r.evlu_erng_rt for r in rows]
    assert all(isinstance(v, Decimal) for v in frame["evlu_erng_rt"])


def test_korean_titles_as_column_names(pages) -> None:
    frame = frames.to_polars(pages[0], titles=True)
    assert frame.columns[:3] == ["잔고구분명", "상품명", "상품번호"]
    assert list(frames.to_pandas(pages[0], titles=True).columns) == frame.columns


def test_duplicate_titles_get_their_kis_name() -> None:
    fields = (
        FieldInfo(name="prpr", py_name="prpr", title="현재가"),
        FieldInfo(name="stck_prpr", py_name="stck_prpr", title="현재가"),
        FieldInfo(name="pdno", py_name="pdno", title="상품번호"),
    )
    block = Block("output", "", True, fields, "output")
    assert frames._columns(block, titles=True) == [
        "현재가 (prpr)",
        "현재가 (stck_prpr)",
        "상품번호",
    ]


def test_blank_values_are_null() -> None:
    row = pension.PensionInquireBalanceOutput1(pdno="005930", prdt_name="", hldg_qty=None)
    reply = pension.PensionInquireBalanceResponse(
        output1=[row], output2=pension.PensionInquireBalanceOutput2()
    )
    polars_row = frames.to_polars(reply).row(0, named=True)
    assert polars_row["pdno"] == "005930"
    assert polars_row["prdt_name"] is None and polars_row["hldg_qty"] is None
    assert polars_row["evlu_amt"] is None
    pandas_row = frames.to_pandas(reply).iloc[0]
    assert pandas_row["prdt_name"] is pd.NA and pandas_row["evlu_amt"] is pd.NA


def test_sources_response_list_iterator_and_blocks(sim: Simulator, pages) -> None:
    assert frames.to_polars(pages[0]).height == 10
    assert pages[0].to_polars().height == 10  # the response's own method
    assert len(pages[0].to_pandas("output2")) == 1
    with client(sim) as c:
        request = pension.PensionInquireBalanceRequest(cano="12345678")
        every = frames.polars_blocks(pension.iter_pages(c, request))  # a generator, read once
    assert list(every) == ["output1", "output2"]
    assert every["output1"].height == 25
    assert every["output2"].height == 3  # a summary block: one row per page
    assert list(frames.pandas_blocks(pages)) == ["output1", "output2"]
    with pytest.raises(ValueError, match="no block 'output9'"):
        frames.to_polars(pages, "output9")
    with pytest.raises(ValueError, match="no pages"):
        frames.to_pandas([])
    with pytest.raises(TypeError, match="not the response of a generated TR"):
        frames.to_polars(object())


def test_dates_are_dates(sim: Simulator) -> None:
    request = daily.InquireDailyPriceRequest(
        fid_cond_mrkt_div_code="J",
        fid_input_iscd="005930",
        fid_period_div_code="D",
        fid_org_adj_prc="0",
    )
    with client(sim) as c:
        reply = daily.fetch(c, request)
    polars_frame = frames.to_polars(reply)
    assert polars_frame.schema["stck_bsop_date"] == pl.Date
    assert isinstance(polars_frame["stck_bsop_date"][0], dt.date)
    assert frames.to_pandas(reply)["stck_bsop_date"].dtype == pd.ArrowDtype(pa.date32())


def test_decimal_precision_is_widened_never_rounded() -> None:
    money = FieldInfo(name="amt", py_name="amt", title="금액", type="Decimal", digits=19)
    assert frames.decimal_shape(money) == (19, 0)
    assert frames.decimal_shape(money, scale_seen=2) == (21, 2)  # no scale in the spec
    rate = FieldInfo(name="rt", py_name="rt", title="율", type="Decimal", digits=18, scale=4)
    assert frames.decimal_shape(rate, scale_seen=6, whole_seen=3) == (20, 6)
    assert frames.decimal_shape(rate, scale_seen=0, whole_seen=16) == (20, 4)
    bare = FieldInfo(name="x", py_name="x", title="x", type="Decimal")
    assert frames.decimal_shape(bare) == (1, 0)
    with pytest.raises(ValueError, match="more than decimal128's 38"):
        frames.decimal_shape(bare, whole_seen=39)


def test_values_wider_than_the_spec_stay_exact() -> None:
    """pchs_avg_pric is 18.4 in the spec; a reply with 6 decimals and a huge amount is kept."""
    rows = [
        pension.PensionInquireBalanceOutput1(
            pchs_avg_pric=Decimal("1.123456"), pchs_amt=Decimal("12.5")
        ),
        pension.PensionInquireBalanceOutput1(
            pchs_avg_pric=Decimal("123456789012345.5"), pchs_amt=Decimal("-7")
        ),
    ]
    reply = pension.PensionInquireBalanceResponse(
        output1=rows, output2=pension.PensionInquireBalanceOutput2()
    )
    polars_frame = frames.to_polars(reply)
    assert polars_frame.schema["pchs_avg_pric"] == pl.Decimal(21, 6)
    assert polars_frame.schema["pchs_amt"] == pl.Decimal(20, 1)  # spec 19, no scale: 1 seen
    assert polars_frame["pchs_avg_pric"].to_list() == [
        Decimal("1.123456"),
        Decimal("123456789012345.5"),
    ]
    pandas_frame = frames.to_pandas(reply)
    assert pandas_frame["pchs_avg_pric"].dtype == pd.ArrowDtype(pa.decimal128(21, 6))
    assert list(pandas_frame["pchs_amt"]) == [Decimal("12.5"), Decimal("-7")]


def test_missing_extra_names_the_pip_extra(pages, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(frames.MissingExtraError, match=r"pip install 'kis-binding\[polars\]'"):
        frames.to_polars(pages)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(frames.MissingExtraError, match=r"kis-binding\[pandas\]"):
        frames.to_pandas(pages)


def test_times_are_times() -> None:
    from kis.domestic_stock.quotations import news_title as news

    item = news.NewsTitleOutput(data_dt=dt.date(2026, 11, 25), data_tm=dt.time(9, 30, 5))
    reply = news.NewsTitleResponse(output=[item])  # an array on the wire
    polars_frame = frames.to_polars(reply)
    assert polars_frame.schema["data_dt"] == pl.Date
    assert polars_frame.schema["data_tm"] == pl.Time
    assert polars_frame.row(0, named=True)["data_tm"] == dt.time(9, 30, 5)
    pandas_frame = frames.to_pandas(reply)
    assert pandas_frame["data_tm"].dtype == pd.ArrowDtype(pa.time64("us"))
    assert pandas_frame["data_dt"].iloc[0] == dt.date(2026, 11, 25)
