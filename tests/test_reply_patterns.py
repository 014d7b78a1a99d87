"""Replies as KIS sends them (issue 20): markers keep their identity, block shapes the spec did not
expect are read where nothing is lost, a block KIS leaves out reads as no rows where the spec says
so, and open code lists are shown without being enforced.

Uses the golden fixture's made-up TR (tests/golden/expected/.../reply_patterns.py) and real replies
from tests/data/kis-replies."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import logging
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.importer import codes
from codegen.loader import SpecErrors, load_specs
from kis_runtime import Marker, ResponseFormatError
from kis_runtime.blocks import pick
from kis_runtime.cli import describe, output
from kis_runtime.fields import fields_of
from kis_runtime.frames import to_pandas, to_polars
from kis_runtime.parse import read_row
from tests.conftest import reply_body

GOLDEN = Path(__file__).parent / "golden/expected/kis/domestic_stock/quotations/reply_patterns.py"
SPEC_DIR = Path(__file__).parents[1] / "spec"


@pytest.fixture(scope="module")
def patterns() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golden_reply_patterns", GOLDEN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def reply(**body: Any) -> dict[str, Any]:
    return {"rt_cd": "0", "msg_cd": "MCA00000", "msg1": "정상처리 되었습니다.", **body}


FILLS = [
    {"stck_cntg_hour": "153000", "cntg_vol": "17043"},
    {"stck_cntg_hour": "999999", "cntg_vol": "21566"},
    {"stck_cntg_hour": "888888", "cntg_vol": "42"},
]


def parse(module: ModuleType, body: dict[str, Any]) -> Any:
    return module.ENDPOINT.parser.parse("FHGOLD00002", body)


# Markers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [{}, {"new_col": "x"}], ids=["fast path", "checked path"])
def test_two_markers_stay_two_values_that_round_trip_to_their_codes(
    patterns: ModuleType, extra: dict[str, str]
) -> None:
    rows = [dict(row, **extra) for row in FILLS]
    page = parse(patterns, reply(output1=[{"tot_qty": "1"}], output2=rows))
    times = [r.stck_cntg_hour for r in page.output2]
    assert times[0] == dt.time(15, 30)
    assert times[1:] == [Marker("999999"), Marker("888888")]
    assert times[1] != times[2]
    assert [str(t) for t in times[1:]] == ["999999", "888888"]  # the code, as KIS sent it
    assert [t.meaning for t in times[1:]] == ["시간외", "장마감"]
    assert [r.cntg_vol for r in page.output2] == [17043, 21566, 42]


def test_a_value_neither_time_nor_marker_is_still_refused(patterns: ModuleType) -> None:
    body = reply(output1=[], output2=[{"stck_cntg_hour": "777777", "cntg_vol": "1"}])
    with pytest.raises(ResponseFormatError) as caught:
        parse(patterns, body)
    assert (caught.value.field, caught.value.value) == ("output2[0].stck_cntg_hour", "777777")
    assert caught.value.accepted


def test_a_marker_reads_as_itself_in_the_cli_json_tables_and_frames(patterns: ModuleType) -> None:
    page = parse(patterns, reply(output1=[{"tot_qty": "1"}], output2=FILLS))
    block = pick(patterns.ENDPOINT, "output2")
    records = [output.record(block, row, titles=False) for row in page.output2]
    assert [r["stck_cntg_hour"] for r in records] == ["15:30:00", "999999", "888888"]
    assert output.text(page.output2[2].stck_cntg_hour) == "888888 (장마감)"
    json.dumps(records)  # JSON-ready

    polars = to_polars(page, "output2")
    assert str(polars.schema["stck_cntg_hour"]) == "Time"  # the column stays typed
    assert polars["stck_cntg_hour"].to_list() == [dt.time(15, 30), None, None]
    assert polars["stck_cntg_hour_marker"].to_list() == [None, "999999", "888888"]
    pandas = to_pandas(page, "output2", titles=True)
    assert list(pandas.columns) == ["체결시간", "체결시간 (marker)", "체결거래량"]
    assert pandas["체결시간 (marker)"].tolist()[1:] == ["999999", "888888"]


def test_markers_are_shown_by_help_describe_and_the_annotation(patterns: ModuleType) -> None:
    row_type = patterns.ReplyPatternsOutput2
    (hour, _) = fields_of(row_type)
    assert dict(hour.markers) == {"999999": Marker("999999"), "888888": Marker("888888")}
    assert "markers (read as Marker): 999999 (시간외), 888888 (장마감)" in (row_type.__doc__ or "")
    text = describe.render(patterns.ENDPOINT)
    assert "time(6) or Marker 999999 (시간외), 888888 (장마감)" in text
    assert "Marker" in str(row_type.__annotations__["stck_cntg_hour"])


def test_real_index_replies_keep_their_two_closing_rows() -> None:
    from kis.domestic_stock.quotations import (
        inquire_index_tickprice,
        inquire_index_timeprice,
        inquire_time_indexchartprice,
    )

    cases = [
        (inquire_index_tickprice, "FHPUP02110100__index-tickprice-markers__client-fixture"),
        (inquire_index_timeprice, "FHPUP02110200__index-timeprice-markers__client-fixture"),
        (inquire_time_indexchartprice, "FHKUP03500200__index-minute-markers__workbook-example"),
    ]
    for module, name in cases:
        endpoint = module.ENDPOINT
        page = endpoint.parser.parse(endpoint.tr_ids[0].real, reply_body(name))
        block = pick(endpoint, None)
        rows = getattr(page, block.py_name or "")
        marked = [(str(v), r.cntg_vol) for r in rows for v in vars_of(r) if isinstance(v, Marker)]
        assert [code for code, _ in marked] == ["999999", "888888"], name
        assert marked[0][1] != marked[1][1], name  # two different rows


def test_the_expected_index_trend_reads_times_and_its_opening_marker() -> None:
    from kis.domestic_stock.quotations import exp_index_trend

    body = reply_body("FHPST01840000__exp-index-trend-marker__workbook-example")
    page = exp_index_trend.ENDPOINT.parser.parse("FHPST01840000", body)
    assert [r.stck_cntg_hour for r in page.output] == [
        Marker("666666"),
        dt.time(8, 59, 50),
        dt.time(8, 59, 40),
    ]


def vars_of(row: Any) -> list[Any]:
    return [getattr(row, f.py_name) for f in fields_of(type(row))]


# Block shapes -------------------------------------------------------------------------------


def test_an_object_where_rows_are_expected_is_one_row_and_reported(
    patterns: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kis"):
        page = parse(patterns, reply(output1={"tot_qty": "7"}, output2=[]))
    assert [r.tot_qty for r in page.output1] == [7]
    assert "FHGOLD00002" in caplog.text and "output1" in caplog.text


@pytest.mark.parametrize("empty", [None, "", {}])
def test_an_empty_value_where_rows_are_expected_is_no_rows_and_reported(
    patterns: ModuleType, caplog: pytest.LogCaptureFixture, empty: Any
) -> None:
    with caplog.at_level(logging.WARNING, logger="kis"):
        page = parse(patterns, reply(output1=empty, output2=FILLS[:1]))
    assert page.output1 == [] and len(page.output2) == 1
    assert "read as no rows" in caplog.text


def test_a_block_kis_may_leave_out_reads_as_no_rows(patterns: ModuleType) -> None:
    page = parse(patterns, reply(output1=[{"tot_qty": "0"}]))
    assert page.output2 == []
    with pytest.raises(ResponseFormatError, match="block missing") as caught:
        parse(patterns, reply(output2=[]))  # output1 has no such evidence: refused, kept
    assert caught.value.accepted and caught.value.raw["output2"] == []


def test_rows_where_one_object_is_expected_are_refused_with_the_raw_reply() -> None:
    from kis.domestic_stock.trading import pension_inquire_balance as bal

    body = reply_body("TTTC2208R__pension-inquire-balance__portal-example")
    body["output2"] = [body["output2"], body["output2"]]
    with pytest.raises(ResponseFormatError, match="2 rows") as caught:
        bal.ENDPOINT.parser.parse("TTTC2208R", body)
    assert caught.value.accepted and len(caught.value.raw["output2"]) == 2


def test_bond_fills_read_their_totals_as_rows_or_as_one_object() -> None:
    from kis.domestic_bond.trading import inquire_daily_ccld as bond

    totals = {"tot_ord_qty": "10", "tot_ccld_qty_smtl": "10", "tot_ccld_amt_smtl": "100"}
    for sent in ([totals], totals):
        page = bond.ENDPOINT.parser.parse("CTSC8013R", reply(output1=sent, output2=[]))
        assert [r.tot_ord_qty for r in page.output1] == [10]


# Known codes --------------------------------------------------------------------------------


def test_known_codes_are_shown_and_never_enforced(patterns: ModuleType) -> None:
    request_type = patterns.ReplyPatternsRequest
    info = next(f for f in fields_of(request_type) if f.name == "FID_INPUT_ISCD")
    assert dict(info.known) == {"0000": "전체", "0001": "거래소", "1001": "코스닥"}
    assert info.values == ()  # nothing refused
    assert request_type(fid_input_iscd="2001").fid_input_iscd == "2001"
    assert "known codes (others allowed): 0000=전체, 0001=거래소" in (request_type.__doc__ or "")
    text = describe.render(patterns.ENDPOINT)
    assert "known codes (others allowed)" in text and "      1001 : 코스닥" in text
    source = GOLDEN.read_text(encoding="utf-8")
    assert 'Known codes (others allowed): 0000 전체, 0001 거래소, 1001 코스닥."""' in source


def test_every_imported_param_listing_codes_shows_them() -> None:
    """`kis describe` and the reference show known codes for every param whose description lists
    codes: each such param carries `values` or `known_values`, or lists no code at all."""
    import yaml

    missing = []
    for file in sorted(SPEC_DIR.rglob("*.yaml")):
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(spec, dict) or spec.get("kind") == "realtime":
            continue
        request = spec.get("request", {})
        for param in request.get("params", []) + request.get("body", []):
            found = codes.classify(param["name"], param.get("description", ""))
            if found.known and not (param.get("values") or param.get("known_values")):
                missing.append((file.name, param["name"]))
    assert missing == []


@pytest.mark.parametrize(
    ("description", "values"),
    [
        (
            "0:전체 1:외국인 2:기관계 3:기타",
            {"0": "전체", "1": "외국인", "2": "기관계", "3": "기타"},
        ),
        ("0 : 전체조회, 1: 종목코드순 정렬", {"0": "전체조회", "1": "종목코드순 정렬"}),
    ],
)
def test_space_separated_and_others_items_are_closed_lists(
    description: str, values: dict[str, str]
) -> None:
    assert codes.classify("FID_ETC_CLS_CODE", description).values == values


def test_an_open_list_keeps_its_codes_as_known() -> None:
    found = codes.classify("FID_INPUT_ISCD", "코스피(0001), 코스닥(1001), 코스피200(2001)\n...")
    assert found.values == {}
    assert found.known == {"0001": "코스피", "1001": "코스닥", "2001": "코스피200"}


# The spec rules -----------------------------------------------------------------------------

SPEC = """\
title: 테스트
method: GET
path: /uapi/test/v1/quotations/thing
tr_ids:
  - {real: TEST0001R, paper: unsupported}
request:
  params:
    - {name: FID_INPUT_ISCD, title: 종목, known_values: {"0001": 거래소}%s}
response:
  outputs:
    - name: output
      title: 응답상세
      shape: array
      fields:
        - {name: stck_cntg_hour, title: 시간, type: %s, %s}
"""


@pytest.mark.parametrize(
    ("param", "type_", "rule", "message"),
    [
        ("", "time", 'markers: {"120000": x}', "marker '120000' reads as a time value"),
        ("", "str", 'markers: {"999999": x}', "markers on a str field"),
        ("", "time", 'null_values: ["999999", "888888"]', "declare codes that mark different"),
        ("", "time", 'markers: {"0": x}, null_values: ["0"]', "marker '0' is also in null_values"),
        (', values: {"0001": 거래소}', "time", "length: 6", "known_values with values"),
    ],
)
def test_the_loader_refuses_markers_that_could_be_mistaken(
    tmp_path: Path, param: str, type_: str, rule: str, message: str
) -> None:
    root = tmp_path / "spec"
    (root / "test" / "quotations").mkdir(parents=True)
    (root / "_common.yaml").write_text((SPEC_DIR / "_common.yaml").read_text(encoding="utf-8"))
    text = textwrap.dedent(SPEC % (param, type_, rule))
    (root / "test" / "quotations" / "thing.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_specs(root)
    assert message in str(caught.value) and "thing.yaml:" in str(caught.value)


def test_read_row_reads_markers_like_the_client(patterns: ModuleType) -> None:
    row = read_row(patterns.ReplyPatternsOutput2, {"stck_cntg_hour": "999999", "cntg_vol": "3"})
    assert row.stck_cntg_hour == Marker("999999") and row.cntg_vol == 3


@pytest.mark.parametrize(
    "rule", ['markers: {"999999": x}', 'known_values: {"0001": x}'], ids=["markers", "known"]
)
def test_realtime_fields_take_neither_markers_nor_known_values(tmp_path: Path, rule: str) -> None:
    text = """\
kind: realtime
title: 실시간
tr_ids: {real: H0STCNT0, paper: H0STCNT0}
tr_key: {kind: code, title: 종목코드}
fields:
  - {name: MKSC_SHRN_ISCD, title: 종목코드}
  - {name: STCK_CNTG_HOUR, title: 체결시간, type: time, RULE}
""".replace("RULE", rule)
    (tmp_path / "_common.yaml").write_text(
        (SPEC_DIR / "_common.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    file = tmp_path / "realtime" / "domestic_stock" / "ccnl.yaml"
    file.parent.mkdir(parents=True)
    file.write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_specs(tmp_path)
    assert "ccnl.yaml:7: " in str(caught.value) and "not used by realtime" in str(caught.value)


def test_a_marker_is_sent_back_as_its_code() -> None:
    from kis_runtime.wire import to_wire

    assert to_wire(Marker("999999", "장마감")) == "999999"
    assert repr(Marker("999999", "장마감")) == "Marker('999999', '장마감')"
    assert Marker("999999", "a") == Marker("999999", "b")  # the code is the identity
