"""Faithful to the wire: the reviewed per-page corrections (codegen/importer/corrections.py), the
rule for order replies in capitals, and no paging where the doc says none; on inline pages and on
the committed specs (which re-import reproduces, test_imp_all_pages.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from codegen.importer import corrections
from codegen.importer.diagnostics import Level
from codegen.importer.run import Imported
from tests.importer.conftest import SPEC
from tests.importer.pages import page
from tests.importer.test_imp_quirks import codes, outputs, spec_of

Importer = Callable[..., Imported]
VOLUME_RANK = "/uapi/domestic-stock/v1/quotations/volume-rank"
CTX = (
    "CTX_AREA_FK100 | 연속조회검색조건100 | String | Y | 100 | {fk}  \n"
    "CTX_AREA_NK100 | 연속조회키100 | String | Y | 100 | {nk}  \n"
)
ROWS = "output | 응답상세 | Object Array | Y |  | array  \nstck_prpr  | 현재가 | String | Y | 10 |   \n"


def _committed(rel: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((SPEC / rel).read_text(encoding="utf-8"))
    return loaded


def _fields(spec: dict[str, Any], block: str) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in outputs(spec)[block]["fields"]}


def test_a_block_is_named_as_the_server_sends_it(import_text: Importer) -> None:
    reply = "Output | 응답상세 | Object Array | Y |  | array  \nstck_prpr  | 현재가 | String | Y | 10 |   \n"
    spec = spec_of(import_text(page(path=VOLUME_RANK, response=reply)))
    block = outputs(spec)["output"]
    assert "not Output" in block["doc_fix"] and "volume_rank.py" in block["doc_fix"]
    assert list(block)[-1] == "fields"


def test_a_correction_that_matches_nothing_is_an_error(import_text: Importer) -> None:
    result = import_text(page(path=VOLUME_RANK, response=ROWS))  # the page already says output
    assert result.text is None
    assert "stale-correction" in codes(result, Level.ERROR)


def test_order_reply_fields_in_capitals(import_text: Importer) -> None:
    reply = (
        "output | 응답상세 | Object | Y |  |   \nodno  | 주문번호 | String | Y | 10 |   \n"
        "ord_tmd  | 주문시각 | String | Y | 6 |   \n"
    )
    order = {"method": "POST", "path": "/uapi/domestic-stock/v1/trading/test-order"}
    spec = spec_of(import_text(page(**order, real="TTTC9999U", response=reply)))
    fields = _fields(spec, "output")
    assert list(fields) == ["ODNO", "ORD_TMD"]
    assert "issue #7" in fields["ODNO"]["doc_fix"]


def test_no_cursor_and_no_paging_where_the_overview_says_none(import_text: Importer) -> None:
    text = page(
        request=CTX.format(fk="미입력", nk="미입력"),
        response=ROWS,
        tr_cont="공백 : 초기 조회, N : 다음 데이터 조회",
        overview="※ 본 API는 다음조회가 불가합니다.",
    )
    result = import_text(text)
    spec = spec_of(result)
    params = spec["request"]["params"]
    assert all("cursor" not in p and "required" not in p for p in params)
    assert "paging" not in spec
    # The server still sends the keys (a peer's live log): kept as plain reply fields.
    assert [f["name"] for f in spec["response"]["body"]] == ["ctx_area_fk100", "ctx_area_nk100"]
    assert "does not page" in spec["response"]["body"][0]["doc_fix"]
    assert "다음조회 불가" in params[0]["doc_fix"]
    assert "no-next" in codes(result, Level.INFO)


def test_no_cursor_where_the_key_itself_says_none(import_text: Importer) -> None:
    text = page(
        request=CTX.format(fk="미입력 (다음조회 불가)", nk="(다음조회 불가)"), response=ROWS
    )
    spec = spec_of(import_text(text))
    assert [p.get("cursor") for p in spec["request"]["params"]] == [None, None]


def test_paging_pages_keep_their_cursors(import_text: Importer) -> None:
    spec = spec_of(import_text(page(request=CTX.format(fk="공란", nk="공란"), response=ROWS)))
    assert [p["cursor"] for p in spec["request"]["params"]] == ["ctx_area_fk100", "ctx_area_nk100"]


def test_the_committed_specs_carry_the_issue_10_findings() -> None:
    assert [
        o["name"]
        for o in _committed("domestic_stock/quotations/volume_rank.yaml")["response"]["outputs"]
    ] == ["output"]
    chart = _committed("domestic_stock/quotations/inquire_time_indexchartprice.yaml")
    assert list(outputs(chart)) == ["output1", "output2"]
    for rel in (
        "domestic_stock/quotations/exp_closing_price.yaml",
        "domestic_stock/quotations/comp_program_trade_today.yaml",
        "domestic_stock/ranking/dividend_rate.yaml",
    ):
        assert list(outputs(_committed(rel))) == ["output"], rel
    modify = _fields(_committed("domestic_stock/trading/order_rvsecncl.yaml"), "output")
    assert {"ODNO", "KRX_FWDG_ORD_ORGNO", "ORD_TMD"} <= set(modify)
    ccld = _fields(_committed("domestic_stock/trading/inquire_daily_ccld.yaml"), "output1")
    assert "excg_id_dvsn_cd" in ccld
    fluct = _fields(_committed("domestic_stock/ranking/overtime_exp_trans_fluct.yaml"), "output")
    assert fluct["ovtm_untp_antc_cntg_vrss_sign"]["type"] == "str"
    chart_day = _committed("domestic_stock/quotations/inquire_daily_itemchartprice.yaml")
    ratem = _fields(chart_day, "output1")["itewhol_loan_rmnd_ratem"]
    assert ratem["alias"] == "itewhol_loan_rmnd_ratem name"
    for rel in ("chk_holiday", "inquire_vi_status", "news_title"):
        assert (
            outputs(_committed(f"domestic_stock/quotations/{rel}.yaml"))["output"]["shape"]
            == "array"
        )
    tick = _fields(_committed("domestic_stock/quotations/inquire_index_tickprice.yaml"), "output")
    assert tick["stck_cntg_hour"]["markers"] == {"999999": "", "888888": ""}
    minute = _fields(
        _committed("domestic_stock/quotations/inquire_time_indexchartprice.yaml"), "output2"
    )
    assert set(minute["stck_cntg_hour"]["markers"]) == {"999999", "888888"}
    present = _committed("domestic_stock/trading/pension_inquire_present_balance.yaml")
    prcs = {p["name"]: p for p in present["request"]["params"]}["PRCS_DVSN_CD"]
    assert (prcs["values"], prcs.get("required", False)) == (
        {"00": "보유 주식 전체 조회", "01": "보유 주식 중 0주 주식 숨김"},
        False,
    )
    bond = outputs(_committed("domestic_bond/trading/inquire_daily_ccld.yaml"))
    assert (bond["output1"]["shape"], bond["output2"]["shape"]) == ("array", "array")
    estimate = _committed("domestic_stock/quotations/estimate_perform.yaml")
    assert {f["type"] for f in outputs(estimate)["output1"]["fields"]} == {"str"}
    assert _fields(estimate, "output4")["dt"]["type"] == "str"
    for rel in ("price_fluct", "volume_surge"):
        names = [
            p["name"] for p in _committed(f"overseas_stock/ranking/{rel}.yaml")["request"]["params"]
        ]
        assert "MINX" in names and "MIXN" not in names
    algo = _committed("overseas_stock/trading/algo_ordno.yaml")
    assert "ACNT_PRDT_CD" in [p["name"] for p in algo["request"]["params"]]
    lendable = _committed("domestic_stock/quotations/lendable_by_company.yaml")
    assert not any("cursor" in p for p in lendable["request"]["params"])
    assert "paging" not in lendable


def test_every_correction_names_its_evidence() -> None:
    texts = [why for _, why in corrections.BLOCK_NAMES.values()]
    texts += [why for _, why in corrections.SHAPES.values()]
    texts += [fix["why"] for fix in corrections.FIELDS.values()]
    texts += [why for _, why in corrections.PARAMS.values()]
    texts += list(corrections.OPEN_VALUES.values())
    texts += [why for _, why in corrections.LENGTHS.values()]
    texts += [why for _, why in corrections.ADDED_FIELDS.values()]
    evidence = (
        "API workbook",
        "issue 10",
        "examples_llm/",
        "examples_user/",
        "개요",
        "Type (Object) is right",
        "live replies",
    )
    assert all(any(e in text for e in evidence) for text in texts)
