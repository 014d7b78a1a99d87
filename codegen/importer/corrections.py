"""Reviewed per-page corrections: where the server departs from the doc page, with the evidence.

Each entry names the page by its API path and says what the real server does and how we know:
a live reply recorded in the project's issue 10 ("Faithful to the wire"), or KIS's own samples
(github:koreainvestment/open-trading-api, examples_llm/<area>/<fn>/<fn>.py), which read each reply
block by name (`res.getBody().output1`), build a table of rows from an array (`DataFrame(x)`) or of
one row from an object (`DataFrame([x])`), and send their params under KIS's names.
`tools/xcheck_samples.py` lists where the specs and the samples differ, to re-check at scale.
The importer applies every entry with a `doc_fix` quoting the evidence; an entry that matches
nothing on its page is an import error (a stale table is never silently ignored).
"""

from __future__ import annotations

from typing import Any

_SAMPLE = "KIS's sample examples_llm/{0}.py"
_ISSUE = "a live reply (issue 10, Faithful to the wire)"
PEER_LOG = (
    "a peer's log of live replies (public doc '브로커 공식 문서 오류·누락 (실측 기준)', 2026-09-27)"
)


def _reads(sample: str, name: str) -> str:
    return f"the server sends {name!r}: {_SAMPLE.format(sample)} reads res.getBody().{name}"


# (API path, block name on the page) -> (the name the server sends, evidence).
BLOCK_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("/uapi/domestic-stock/v1/quotations/volume-rank", "Output"): (
        "output",
        f"{_ISSUE} and " + _reads("domestic_stock/volume_rank/volume_rank", "output"),
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-time-indexchartprice", "Output1"): (
        "output1",
        f"{_ISSUE}; "
        + _reads(
            "domestic_stock/inquire_time_indexchartprice/inquire_time_indexchartprice", "output1"
        ),
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-time-indexchartprice", "Output2"): (
        "output2",
        f"{_ISSUE}; "
        + _reads(
            "domestic_stock/inquire_time_indexchartprice/inquire_time_indexchartprice", "output2"
        ),
    ),
    ("/uapi/domestic-stock/v1/quotations/exp-closing-price", "output1"): (
        "output",
        f"{_ISSUE}; " + _reads("domestic_stock/exp_closing_price/exp_closing_price", "output"),
    ),
    ("/uapi/domestic-stock/v1/quotations/comp-program-trade-today", "output1"): (
        "output",
        f"{_ISSUE}; "
        + _reads("domestic_stock/comp_program_trade_today/comp_program_trade_today", "output"),
    ),
    ("/uapi/domestic-stock/v1/ranking/dividend-rate", "output1"): (
        "output",
        f"{_ISSUE}; " + _reads("domestic_stock/dividend_rate/dividend_rate", "output"),
    ),
    ("/uapi/domestic-futureoption/v1/quotations/display-board-futures", "output1"): (
        "output",
        _reads("domestic_futureoption/display_board_futures/display_board_futures", "output"),
    ),
    ("/uapi/domestic-futureoption/v1/quotations/display-board-option-list", "output1"): (
        "output",
        _reads(
            "domestic_futureoption/display_board_option_list/display_board_option_list", "output"
        ),
    ),
    ("/uapi/domestic-futureoption/v1/quotations/inquire-time-fuopchartprice", "Output1"): (
        "output1",
        _reads(
            "domestic_futureoption/inquire_time_fuopchartprice/inquire_time_fuopchartprice",
            "output1",
        ),
    ),
    ("/uapi/domestic-futureoption/v1/quotations/inquire-time-fuopchartprice", "Output2"): (
        "output2",
        _reads(
            "domestic_futureoption/inquire_time_fuopchartprice/inquire_time_fuopchartprice",
            "output2",
        ),
    ),
    ("/uapi/domestic-stock/v1/ksdinfo/paidin-capin", "output"): (
        "output1",
        _reads("domestic_stock/ksdinfo_paidin_capin/ksdinfo_paidin_capin", "output1")
        + ", as every other 예탁원정보 page names its block",
    ),
    ("/uapi/domestic-stock/v1/quotations/foreign-institution-total", "Output"): (
        "output",
        _reads("domestic_stock/foreign_institution_total/foreign_institution_total", "output"),
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-elw-price", "output1"): (
        "output",
        _reads("domestic_stock/inquire_elw_price/inquire_elw_price", "output"),
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-overtime-asking-price", "output1"): (
        "output",
        _reads(
            "domestic_stock/inquire_overtime_asking_price/inquire_overtime_asking_price", "output"
        ),
    ),
    ("/uapi/domestic-stock/v1/trading/inquire-account-balance", "Output1"): (
        "output1",
        _reads("domestic_stock/inquire_account_balance/inquire_account_balance", "output1"),
    ),
    ("/uapi/domestic-stock/v1/trading/inquire-account-balance", "Output2"): (
        "output2",
        _reads("domestic_stock/inquire_account_balance/inquire_account_balance", "output2"),
    ),
    ("/uapi/domestic-stock/v1/trading/inquire-psbl-sell", "output1"): (
        "output",
        "the page's own 개요 says `output > ord_psbl_qty`, and "
        + _reads("domestic_stock/inquire_psbl_sell/inquire_psbl_sell", "output"),
    ),
    ("/uapi/domestic-stock/v1/trading/period-rights", "output1"): (
        "output",
        _reads("domestic_stock/period_rights/period_rights", "output"),
    ),
    ("/uapi/elw/v1/quotations/cond-search", "output1"): (
        "output",
        _reads("elw/cond_search/cond_search", "output"),
    ),
    ("/uapi/elw/v1/quotations/expiration-stocks", "output1"): (
        "output",
        _reads("elw/expiration_stocks/expiration_stocks", "output"),
    ),
    ("/uapi/elw/v1/ranking/indicator", "output1"): (
        "output",
        _reads("elw/indicator/indicator", "output"),
    ),
    ("/uapi/overseas-stock/v1/trading/inquire-period-profit", "Output1"): (
        "output1",
        _reads("overseas_stock/inquire_period_profit/inquire_period_profit", "output1"),
    ),
    ("/uapi/overseas-stock/v1/trading/inquire-period-profit", "Output2"): (
        "output2",
        _reads("overseas_stock/inquire_period_profit/inquire_period_profit", "output2"),
    ),
}

_ROWS = "{0} builds rows from it (DataFrame(x), which refuses a single object)"
_ONE = "{0} reads it as one object (DataFrame([x]))"

# (API path, block name on the page) -> (shape, why): blocks whose doc Type (and hint) is wrong.
# Audited against KIS's samples with tools/sample_shapes.py (examples_llm and examples_user):
# every spec block agrees with how the samples read it (rows, one object, or either way) except
# domestic-futureoption order-rvsecncl's output, an order reply the samples put in DataFrame(x):
# it stays one object (order replies are, issue 10), and a one-row array is read as that object.
SHAPES: dict[tuple[str, str], tuple[str, str]] = {
    ("/uapi/domestic-bond/v1/trading/inquire-daily-ccld", "output1"): (
        "array",
        "KIS's API workbook types output1 (the totals) Object Array, and KIS's sample "
        "examples_llm/domestic_bond/inquire_daily_ccld reads it either way (rows from a list, "
        "one row from an object); the page's Types are not swapped. An object sent here is read "
        "as one row (nothing lost), rows read into one object would be refused",
    ),
    ("/uapi/domestic-bond/v1/trading/inquire-daily-ccld", "output2"): (
        "array",
        "the fills: KIS's API workbook describes output2 as array, and KIS's sample reads it as "
        "rows when it is a list",
    ),
    ("/uapi/overseas-price/v1/quotations/colable-by-company", "output2"): (
        "object",
        "its description says array, but the Type (Object) is right: the block holds one field, "
        "loan_psbl_item_num (대출가능종목수, how many rows output1 lists), once per reply",
    ),
    ("/uapi/domestic-stock/v1/quotations/chk-holiday", "output"): (
        "array",
        f"{_ISSUE}: one row per business day; the doc types it Object",
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-vi-status", "output"): (
        "array",
        f"{_ISSUE}: one row per VI event; the doc types it Object",
    ),
    ("/uapi/overseas-stock/v1/quotations/countries-holiday", "output"): (
        "array",
        f"one row per settlement day; the doc types it Object: {PEER_LOG}",
    ),
    ("/uapi/domestic-stock/v1/quotations/news-title", "output"): (
        "array",
        f"{_ISSUE}: one row per news title; the doc types it Object",
    ),
    ("/uapi/domestic-stock/v1/ranking/overtime-exp-trans-fluct", "output"): (
        "array",
        f"{_ISSUE}: ranked rows; "
        + _ROWS.format(
            _SAMPLE.format("domestic_stock/overtime_exp_trans_fluct/overtime_exp_trans_fluct")
        ),
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-time-itemconclusion", "output2"): (
        "array",
        f"{_ISSUE}: one row per time; "
        + _ROWS.format(
            _SAMPLE.format("domestic_stock/inquire_time_itemconclusion/inquire_time_itemconclusion")
        ),
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-investor-time-by-market", "output"): (
        "array",
        _ROWS.format(
            _SAMPLE.format(
                "domestic_stock/inquire_investor_time_by_market/inquire_investor_time_by_market"
            )
        ),
    ),
    ("/uapi/domestic-stock/v1/quotations/intstock-grouplist", "output2"): (
        "array",
        "one row per interest group; "
        + _ROWS.format(_SAMPLE.format("domestic_stock/intstock_grouplist/intstock_grouplist")),
    ),
    ("/uapi/domestic-stock/v1/quotations/intstock-multprice", "output"): (
        "array",
        "one row per requested stock (up to 30); "
        + _ROWS.format(_SAMPLE.format("domestic_stock/intstock_multprice/intstock_multprice")),
    ),
    ("/uapi/domestic-stock/v1/ranking/hts-top-view", "output1"): (
        "array",
        "the top-viewed stocks, ranked; "
        + _ROWS.format(_SAMPLE.format("domestic_stock/hts_top_view/hts_top_view")),
    ),
    ("/uapi/overseas-stock/v1/trading/order-resv-list", "output"): (
        "array",
        "one row per reserved order; "
        + _ROWS.format(_SAMPLE.format("overseas_stock/order_resv_list/order_resv_list")),
    ),
    ("/uapi/domestic-stock/v1/quotations/foreign-institution-total", "Output"): (
        "array",
        "one row per stock of the ranking; "
        + _ROWS.format(
            _SAMPLE.format("domestic_stock/foreign_institution_total/foreign_institution_total")
        ),
    ),
    ("/uapi/overseas-price/v1/quotations/inquire-asking-price", "output2"): (
        "object",
        "the order book as numbered fields (pbid1…10): python-kis reads output2['pask1'] as one "
        f"object; {PEER_LOG}",
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-member", "output"): (
        "object",
        "the member firms of one stock, as numbered fields (seln_mbcr_no1…5); "
        + _ONE.format(_SAMPLE.format("domestic_stock/inquire_member/inquire_member")),
    ),
    ("/uapi/domestic-futureoption/v1/trading/inquire-psbl-order", "output"): (
        "object",
        "the orderable quantities of one order; "
        + _ONE.format(
            _SAMPLE.format("domestic_futureoption/inquire_psbl_order/inquire_psbl_order")
        ),
    ),
    ("/uapi/domestic-stock/v1/quotations/market-time", "output1"): (
        "object",
        _ONE.format(_SAMPLE.format("domestic_stock/market_time/market_time")),
    ),
    ("/uapi/domestic-futureoption/v1/quotations/inquire-asking-price", "output2"): (
        "object",
        "the order book as numbered fields (futs_askp1…5); "
        + _ONE.format(
            _SAMPLE.format("domestic_futureoption/inquire_asking_price/inquire_asking_price")
        ),
    ),
    ("/uapi/overseas-futureoption/v1/quotations/inquire-time-optchartprice", "output1"): (
        "object",
        "the page's 개요 reads the next key from `output1 > index_key` (one value); "
        + _ONE.format(
            _SAMPLE.format(
                "overseas_futureoption/inquire_time_optchartprice/inquire_time_optchartprice"
            )
        ),
    ),
    ("/uapi/overseas-futureoption/v1/quotations/inquire-time-optchartprice", "output2"): (
        "array",
        "the bars; "
        + _ROWS.format(
            _SAMPLE.format(
                "overseas_futureoption/inquire_time_optchartprice/inquire_time_optchartprice"
            )
        ),
    ),
}

# (API path, field name on the page) -> the keys to set on that reply field, with `why`.
# Index minute / tick TRs end the day with rows whose time is 999999 or 888888: two rows with
# other volumes and amounts, so each code stays its own Marker (never one None). Their meaning is
# not documented; the code is what KIS sent.
INDEX_TIME_MARKERS = {"999999": "", "888888": ""}
_MARKER_TIME = (
    "markers: rows whose time is 999999 or 888888 (two different rows: other cntg_vol and "
    "acml_tr_pbmn), each read as its own Marker"
)
_INDEX_TICK_EVIDENCE = (
    "a public client's test fixture of this TR's reply (tests/data/kis-replies "
    "FHPUP02110100__index-tickprice-markers__client-fixture.json)"
)
_INDEX_TIME_EVIDENCE = (
    "a public client's test fixture of this TR's reply (tests/data/kis-replies "
    "FHPUP02110200__index-timeprice-markers__client-fixture.json)"
)
_INDEX_CHART_EVIDENCE = (
    "KIS's API workbook's response example for this TR (a day's last rows; tests/data/"
    "kis-replies FHKUP03500200__index-minute-markers__workbook-example.json), and public "
    "clients that skip these rows ('KIS summary row'); the request's FID_ETC_CLS_CODE "
    "'1: 장마감, 시간외 제외' leaves the closing and after-hours rows out"
)
_ELW_TITLES = (
    "str: the doc's titles for this block are copied from an ELW page (ELW현재가, 전일대비, …), so "
    "their types were guessed from the wrong titles; the names (name1, estdate, rcmd_name, …) hold "
    f"text such as names and opinions ({_ISSUE})"
)
FIELDS: dict[tuple[str, str], dict[str, Any]] = {
    (
        "/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice",
        "itewhol_loan_rmnd_ratem",
    ): {
        "alias": "itewhol_loan_rmnd_ratem name",
        "why": f"{_ISSUE}: the server's key has a space, 'itewhol_loan_rmnd_ratem name'",
    },
    ("/uapi/domestic-stock/v1/ranking/overtime-exp-trans-fluct", "ovtm_untp_antc_cntg_vrsssign"): {
        "name": "ovtm_untp_antc_cntg_vrss_sign",
        "type": "str",
        "why": f"{_ISSUE}: the server sends ovtm_untp_antc_cntg_vrss_sign (the doc drops an "
        "underscore); a sign code of Length 1 (str), though its title (…대비) read as an amount",
    },
    ("/uapi/domestic-stock/v1/quotations/inquire-time-itemconclusion", "stck_pbpr"): {
        "name": "stck_prpr",
        "why": f"the server sends stck_prpr (주식 현재가, as the title says): {PEER_LOG}",
    },
    ("/uapi/overseas-stock/v1/ranking/volume-power", "knam"): {
        "name": "name",
        "why": f"the server sends name, not knam: {PEER_LOG}; KIS's sample lists `name` too",
    },
    ("/uapi/overseas-stock/v1/ranking/volume-power", "enam"): {
        "name": "ename",
        "why": f"the server sends ename, not enam: {PEER_LOG}",
    },
    ("/uapi/domestic-stock/v1/trading/inquire-daily-ccld", "excg_id_dvsn_Cd"): {
        "name": "excg_id_dvsn_cd",
        "why": f"{_ISSUE}: the server spells it excg_id_dvsn_cd (the doc's capital C is a typo)",
    },
    ("/uapi/domestic-stock/v1/quotations/inquire-index-timeprice", "bsop_hour"): {
        "markers": INDEX_TIME_MARKERS,
        "why": f"{_MARKER_TIME}: {_ISSUE}; {_INDEX_TIME_EVIDENCE}",
    },
    ("/uapi/domestic-stock/v1/quotations/inquire-index-tickprice", "stck_cntg_hour"): {
        "markers": INDEX_TIME_MARKERS,
        "why": f"{_MARKER_TIME}: {_ISSUE}; {_INDEX_TICK_EVIDENCE}",
    },
    ("/uapi/domestic-stock/v1/quotations/exp-index-trend", "stck_cntg_hour"): {
        "type": "time",
        "markers": {"666666": ""},
        "why": "time, with the marker 666666: the values are times (085950, …; the doc's title "
        "주식 단축 종목코드 is copied from another row), and the first row's time is 666666: KIS's "
        "API workbook's response example for this TR (tests/data/kis-replies "
        "FHPST01840000__exp-index-trend-marker__workbook-example.json) and kgcrom/finance-clue "
        "tests/mocked/test_openkis_index.py (test_expected_conclusion_index_trend)",
    },
    ("/uapi/domestic-stock/v1/quotations/inquire-time-indexchartprice", "stck_cntg_hour"): {
        "markers": INDEX_TIME_MARKERS,
        "why": f"{_MARKER_TIME}: {_INDEX_CHART_EVIDENCE}",
    },
    ("/uapi/domestic-stock/v1/ranking/short-sale", "stnd_date1"): {
        "null_values": ["0"],
        "why": f'{_ISSUE}: a row\'s 기준 일자 may be "0" (no date); read as None',
    },
    ("/uapi/domestic-stock/v1/ranking/short-sale", "stnd_date2"): {
        "null_values": ["0"],
        "why": f'{_ISSUE}: a row\'s 기준 일자 may be "0" (no date); read as None',
    },
    **{
        ("/uapi/domestic-stock/v1/quotations/estimate-perform", name): {
            "type": "str",
            "why": _ELW_TITLES,
        }
        for name in ("name1", "name2", "rcmd_name", "capital", "forn_item_lmtrt")
    },
    ("/uapi/domestic-stock/v1/quotations/estimate-perform", "dt"): {
        "type": "str",
        "why": f'str: a settlement month with a marker, such as "2023.12E" ({_ISSUE}), no date',
    },
}

# Order replies (POST) on these areas: the server spells the order number fields in capitals
# (the doc's lowercase on some pages is wrong).
ORDER_CAPITALS = frozenset({"odno", "krx_fwdg_ord_orgno", "ord_tmd"})
ORDER_CAPITALS_AREAS = ("/uapi/domestic-stock/", "/uapi/domestic-bond/")
ORDER_CAPITALS_WHY = (
    "the server sends it in capitals: a live order-rvsecncl reply (issue 10), the order-cash reply "
    "quoted in github koreainvestment/open-trading-api issue #7, python-kis (reads ODNO, "
    "KRX_FWDG_ORD_ORGNO, ORD_TMD from the order and modify replies) and KIS's bond order samples"
)

# (API path, request param name on the page) -> (the name KIS's samples send, evidence).
PARAMS: dict[tuple[str, str], tuple[str, str]] = {
    ("/uapi/overseas-stock/v1/ranking/price-fluct", "MIXN"): (
        "MINX",
        f"{_SAMPLE.format('overseas_stock/price_fluct/price_fluct')} sends MINX (the doc's MIXN "
        "is a typo; the param is required, so the misspelt one is refused)",
    ),
    ("/uapi/overseas-stock/v1/ranking/volume-surge", "MIXN"): (
        "MINX",
        f"{_SAMPLE.format('overseas_stock/volume_surge/volume_surge')} sends MINX (the doc's MIXN "
        "is a typo; the param is required, so the misspelt one is refused)",
    ),
    ("/uapi/overseas-stock/v1/trading/algo-ordno", "ACNO_PRDT_CD"): (
        "ACNT_PRDT_CD",
        f"{_SAMPLE.format('overseas_stock/algo_ordno/algo_ordno')} sends ACNT_PRDT_CD, as every "
        "other account TR does",
    ),
    ("/uapi/elw/v1/quotations/newly-listed", "FID_BLNC_CLS_CODE"): (
        "FID_BLNG_CLS_CODE",
        f"{_SAMPLE.format('elw/newly_listed/newly_listed')} sends FID_BLNG_CLS_CODE (소속 구분 "
        "코드, as on every other page)",
    ),
    ("/uapi/overseas-stock/v1/trading/order-resv-ccnl", "RSYN_ORD_RCIT_DT"): (
        "RSVN_ORD_RCIT_DT",
        f"{_SAMPLE.format('overseas_stock/order_resv_ccnl/order_resv_ccnl')} sends "
        "RSVN_ORD_RCIT_DT (예약주문접수일자: RSVN as in every other reservation field)",
    ),
}
# Pages whose request names are written in lowercase while KIS's samples send them in capitals,
# as every other page does: (API path, sample).
UPPERCASE_PARAMS: dict[str, str] = {
    f"/uapi/{area.replace('_', '-')}/v1/quotations/{fn.replace('_', '-')}": f"{area}/{fn}/{fn}"
    for area, fn in (
        ("domestic_stock", "daily_credit_balance"),
        ("domestic_stock", "exp_price_trend"),
        ("domestic_stock", "inquire_investor_time_by_market"),
        ("etfetn", "inquire_price"),
        ("etfetn", "nav_comparison_daily_trend"),
        ("etfetn", "nav_comparison_time_trend"),
    )
}

# (API path, request param) -> why its description's code list is not enforced as `values`:
# evidence that the server takes codes the list lacks.
OPEN_VALUES: dict[tuple[str, str], str] = {
    ("/uapi/overseas-futureoption/v1/trading/inquire-period-trans", "ACNT_TR_TYPE_CD"): (
        "no values: the doc lists 1-3, but KIS's sample examples_user/overseas_futureoption/"
        'overseas_futureoption_functions.py sends "%%" in its example call'
    ),
    ("/uapi/overseas-stock/v1/trading/inquire-ccnl", "OVRS_EXCG_CD"): (
        'no values: the doc lists "%" and exchange codes, but KIS\'s sample examples_user/'
        'overseas_stock/overseas_stock_functions.py sends "%%" in its example call'
    ),
    ("/uapi/domestic-stock/v1/ranking/fluctuation", "fid_rank_sort_cls_code"): (
        "no values: the doc lists 0-4, but "
        + _SAMPLE.format("domestic_stock/fluctuation/fluctuation")
        + ' sends "0000" (등락률순) in its example call'
    ),
}

# (API path, request param) -> why a param the doc marks required may be sent blank: KIS's own
# samples send it blank (their functions default it to "" and their example calls leave it out).
OPTIONAL_PARAMS: dict[tuple[str, str], str] = {
    ("/uapi/domestic-stock/v1/trading/inquire-daily-ccld", "ORD_GNO_BRNO"): (
        "the doc marks it required, yet "
        + _SAMPLE.format("domestic_stock/inquire_daily_ccld/chk_inquire_daily_ccld")
        + " calls without it (blank): optional here, so all of a day's orders can be listed"
    ),
    ("/uapi/domestic-futureoption/v1/trading/inquire-ccnl", "STRT_ODNO"): (
        "the doc marks it required, yet "
        + _SAMPLE.format("domestic_futureoption/inquire_ccnl/chk_inquire_ccnl")
        + " calls without it (blank): optional here, so all of a day's orders can be listed"
    ),
}

# (API path, request param) -> (the length the server takes, evidence): doc Lengths shorter than
# real values (request lengths are enforced before sending, so these refused real calls).
LENGTHS: dict[tuple[str, str], tuple[int, str]] = {
    ("/uapi/domestic-stock/v1/quotations/inquire-daily-indexchartprice", "FID_INPUT_ISCD"): (
        4,
        f"a sector code has 4 digits (0001 종합, as the description lists): {PEER_LOG}",
    ),
    ("/uapi/overseas-price/v1/quotations/industry-theme", "ICOD"): (
        3,
        f"a sector code has 3 characters: {PEER_LOG}",
    ),
}


def _numbered(stem: str, title: str, numbers: range, type_: str = "str") -> list[dict[str, Any]]:
    return [{"name": f"{stem}{n}", "title": f"{title}{n}", "type": type_} for n in numbers]


_LEVELS = range(2, 11)
# (API path, block name on the page) -> (fields the server sends that the doc's table lacks, why).
ADDED_FIELDS: dict[tuple[str, str], tuple[list[dict[str, Any]], str]] = {
    ("/uapi/domestic-stock/v1/quotations/news-title", "output"): (
        _numbered("iscd", "종목 코드", range(6, 11))
        + _numbered("kor_isnm", "한글 종목명", range(1, 11)),
        f"the server sends iscd1~10 and kor_isnm1~10 (the table lists iscd1~5): {PEER_LOG}",
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-daily-indexchartprice", "output1"): (
        [{"name": "bstp_nmix_prdy_vrss", "title": "업종 지수 전일 대비", "type": "Decimal"}],
        f"the server sends it (the table lacks it; the doc's example has it): {PEER_LOG}",
    ),
    ("/uapi/domestic-stock/v1/quotations/inquire-member", "output"): (
        [{"name": "acml_vol", "title": "누적 거래량", "type": "int"}],
        f"the server sends it (the table lacks it): {PEER_LOG}",
    ),
    ("/uapi/etfetn/v1/quotations/inquire-component-stock-price", "output2"): (
        [{"name": "etf_cu_unit_scrt_cnt", "title": "ETF CU 단위 증권 수", "type": "int"}],
        "the server sends it on every output2 row too (the table has it in output1 only): "
        + PEER_LOG,
    ),
    ("/uapi/overseas-price/v1/quotations/search-info", "output"): (
        [
            {"name": "etp_bast_lcls_cd", "title": "ETP 기초자산 대분류 코드", "type": "str"},
            {"name": "etp_bast_mcls_cd", "title": "ETP 기초자산 중분류 코드", "type": "str"},
            {"name": "etp_bast_scls_cd", "title": "ETP 기초자산 소분류 코드", "type": "str"},
            {"name": "sgle_item_lvrg_etp_yn", "title": "단일종목 레버리지 ETP 여부", "type": "str"},
        ],
        f"the server sends them (the table lacks them): {PEER_LOG}",
    ),
    ("/uapi/overseas-stock/v1/ranking/market-cap", "output1"): (
        [
            {"name": "curr", "title": "통화", "type": "str"},
            {"name": "t_rate", "title": "t_rate", "type": "str"},
        ],
        f"the server sends them (the table lacks them): {PEER_LOG}",
    ),
    ("/uapi/overseas-stock/v1/ranking/market-cap", "output2"): (
        [
            {"name": "last_org", "title": "현재가 (원 단위 전)", "type": "str"},
            {"name": "diff_org", "title": "대비 (원 단위 전)", "type": "str"},
            {"name": "tomv_org", "title": "시가총액 (원 단위 전)", "type": "str"},
        ],
        f"the server sends them (the table lacks them): {PEER_LOG}",
    ),
    ("/uapi/overseas-price/v1/quotations/inquire-asking-price", "output2"): (
        [
            field
            for n in _LEVELS
            for field in (
                {"name": f"pbid{n}", "title": f"매수호가가격{n}", "type": "str"},
                {"name": f"pask{n}", "title": f"매도호가가격{n}", "type": "str"},
                {"name": f"vbid{n}", "title": f"매수호가잔량{n}", "type": "str"},
                {"name": f"vask{n}", "title": f"매도호가잔량{n}", "type": "str"},
                {"name": f"dbid{n}", "title": f"매수호가대비{n}", "type": "str"},
                {"name": f"dask{n}", "title": f"매도호가대비{n}", "type": "str"},
            )
        ],
        "levels 2-10 of the order book (US markets; elsewhere level 1 only): the table lists "
        f"level 1; {PEER_LOG}, and python-kis reads pask1~10 / pbid1~10 from output2",
    ),
}

# API path -> (request params KIS takes that the page's table lacks, evidence).
ADDED_PARAMS: dict[str, tuple[list[dict[str, Any]], str]] = {
    "/uapi/domestic-stock/v1/trading/pension/inquire-present-balance": (
        [
            {
                "name": "PRCS_DVSN_CD",
                "title": "처리구분코드",
                "type": "str",
                "length": 2,
                "description": "00 : 보유 주식 전체 조회\n01 : 보유 주식 중 0주 주식 숨김",
                "values": {"00": "보유 주식 전체 조회", "01": "보유 주식 중 0주 주식 숨김"},
            }
        ],
        "KIS's current API workbook (한국투자증권 OpenAPI 전체 문서) lists it in 퇴직연금 "
        "체결기준잔고 [v1_국내주식-032]'s Query Parameter table: PRCS_DVSN_CD 처리구분코드, "
        "Required N, Length 2, '00 : 보유 주식 전체 조회 01 : 보유 주식 중 0주 주식 숨김' (the "
        "doc page predates it)",
    ),
    "/uapi/domestic-bond/v1/trading/inquire-psbl-order": (
        [
            {
                "name": "SAMT_MKET_PTCI_YN",
                "title": "소액시장참여여부",
                "type": "str",
                "required": True,
                "length": 1,
                "default": "N",
                "values": {"Y": "소액시장", "N": "일반시장"},
            }
        ],
        "KIS's bond order samples send SAMT_MKET_PTCI_YN (N: 일반시장) with the same account and "
        "price; clients built on live calls send it on this TR too (request models for TTTC8910R: "
        "CANO, ACNT_PRDT_CD, PDNO, BOND_ORD_UNPR, SAMT_MKET_PTCI_YN — Y 소액시장 / N 일반시장)",
    ),
}

# API path -> (array blocks a success reply may lack, KIS's sample that reads them): each sample
# (examples_llm/<sample>.py) reads the block under `if hasattr(res.getBody(), name):`, so a
# success reply without it adds no rows (and where the guard has an else, it builds an empty
# table). Such a reply is read as no rows. Object blocks stay required (None would change their
# type; a missing one is refused with the raw reply). Written by
# tools/sample_absent_blocks.py MIRROR, reviewed.
ABSENT_MEANS_NO_ROWS: dict[str, tuple[tuple[str, ...], str]] = {
    "/uapi/domestic-bond/v1/quotations/inquire-daily-itemchartprice": (
        ("output",),
        "domestic_bond/inquire_daily_itemchartprice/inquire_daily_itemchartprice",
    ),
    "/uapi/domestic-bond/v1/trading/inquire-balance": (
        ("output",),
        "domestic_bond/inquire_balance/inquire_balance",
    ),
    "/uapi/domestic-bond/v1/trading/inquire-daily-ccld": (
        ("output1", "output2"),
        "domestic_bond/inquire_daily_ccld/inquire_daily_ccld",
    ),
    "/uapi/domestic-bond/v1/trading/inquire-psbl-order": (
        ("output",),
        "domestic_bond/inquire_psbl_order/inquire_psbl_order",
    ),
    "/uapi/domestic-bond/v1/trading/inquire-psbl-rvsecncl": (
        ("output",),
        "domestic_bond/inquire_psbl_rvsecncl/inquire_psbl_rvsecncl",
    ),
    "/uapi/domestic-stock/v1/finance/balance-sheet": (
        ("output",),
        "domestic_stock/finance_balance_sheet/finance_balance_sheet",
    ),
    "/uapi/domestic-stock/v1/finance/financial-ratio": (
        ("output",),
        "domestic_stock/finance_financial_ratio/finance_financial_ratio",
    ),
    "/uapi/domestic-stock/v1/finance/growth-ratio": (
        ("output",),
        "domestic_stock/finance_growth_ratio/finance_growth_ratio",
    ),
    "/uapi/domestic-stock/v1/finance/income-statement": (
        ("output",),
        "domestic_stock/finance_income_statement/finance_income_statement",
    ),
    "/uapi/domestic-stock/v1/finance/other-major-ratios": (
        ("output",),
        "domestic_stock/finance_other_major_ratios/finance_other_major_ratios",
    ),
    "/uapi/domestic-stock/v1/finance/profit-ratio": (
        ("output",),
        "domestic_stock/finance_profit_ratio/finance_profit_ratio",
    ),
    "/uapi/domestic-stock/v1/finance/stability-ratio": (
        ("output",),
        "domestic_stock/finance_stability_ratio/finance_stability_ratio",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/bonus-issue": (
        ("output1",),
        "domestic_stock/ksdinfo_bonus_issue/ksdinfo_bonus_issue",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/cap-dcrs": (
        ("output1",),
        "domestic_stock/ksdinfo_cap_dcrs/ksdinfo_cap_dcrs",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/dividend": (
        ("output1",),
        "domestic_stock/ksdinfo_dividend/ksdinfo_dividend",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/forfeit": (
        ("output1",),
        "domestic_stock/ksdinfo_forfeit/ksdinfo_forfeit",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/list-info": (
        ("output1",),
        "domestic_stock/ksdinfo_list_info/ksdinfo_list_info",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/mand-deposit": (
        ("output1",),
        "domestic_stock/ksdinfo_mand_deposit/ksdinfo_mand_deposit",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/merger-split": (
        ("output1",),
        "domestic_stock/ksdinfo_merger_split/ksdinfo_merger_split",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/paidin-capin": (
        ("output1",),
        "domestic_stock/ksdinfo_paidin_capin/ksdinfo_paidin_capin",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/pub-offer": (
        ("output1",),
        "domestic_stock/ksdinfo_pub_offer/ksdinfo_pub_offer",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/purreq": (
        ("output1",),
        "domestic_stock/ksdinfo_purreq/ksdinfo_purreq",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/rev-split": (
        ("output1",),
        "domestic_stock/ksdinfo_rev_split/ksdinfo_rev_split",
    ),
    "/uapi/domestic-stock/v1/ksdinfo/sharehld-meet": (
        ("output1",),
        "domestic_stock/ksdinfo_sharehld_meet/ksdinfo_sharehld_meet",
    ),
    "/uapi/domestic-stock/v1/quotations/comp-interest": (
        ("output1", "output2"),
        "domestic_stock/comp_interest/comp_interest",
    ),
    "/uapi/domestic-stock/v1/quotations/credit-by-company": (
        ("output",),
        "domestic_stock/credit_by_company/credit_by_company",
    ),
    "/uapi/domestic-stock/v1/quotations/estimate-perform": (
        ("output2", "output3", "output4"),
        "domestic_stock/estimate_perform/estimate_perform",
    ),
    "/uapi/domestic-stock/v1/quotations/exp-index-trend": (
        ("output",),
        "domestic_stock/exp_index_trend/exp_index_trend",
    ),
    "/uapi/domestic-stock/v1/quotations/exp-total-index": (
        ("output2",),
        "domestic_stock/exp_total_index/exp_total_index",
    ),
    "/uapi/domestic-stock/v1/quotations/frgnmem-trade-trend": (
        ("output1", "output2"),
        "domestic_stock/frgnmem_trade_trend/frgnmem_trade_trend",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-daily-indexchartprice": (
        ("output2",),
        "domestic_stock/inquire_daily_indexchartprice/inquire_daily_indexchartprice",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-elw-price": (
        ("output",),
        "domestic_stock/inquire_elw_price/inquire_elw_price",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-index-category-price": (
        ("output2",),
        "domestic_stock/inquire_index_category_price/inquire_index_category_price",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-index-daily-price": (
        ("output2",),
        "domestic_stock/inquire_index_daily_price/inquire_index_daily_price",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-index-tickprice": (
        ("output",),
        "domestic_stock/inquire_index_tickprice/inquire_index_tickprice",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-index-timeprice": (
        ("output",),
        "domestic_stock/inquire_index_timeprice/inquire_index_timeprice",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-time-indexchartprice": (
        ("output2",),
        "domestic_stock/inquire_time_indexchartprice/inquire_time_indexchartprice",
    ),
    "/uapi/domestic-stock/v1/quotations/inquire-vi-status": (
        ("output",),
        "domestic_stock/inquire_vi_status/inquire_vi_status",
    ),
    "/uapi/domestic-stock/v1/quotations/invest-opbysec": (
        ("output",),
        "domestic_stock/invest_opbysec/invest_opbysec",
    ),
    "/uapi/domestic-stock/v1/quotations/invest-opinion": (
        ("output",),
        "domestic_stock/invest_opinion/invest_opinion",
    ),
    "/uapi/domestic-stock/v1/quotations/investor-trade-by-stock-daily": (
        ("output2",),
        "domestic_stock/investor_trade_by_stock_daily/investor_trade_by_stock_daily",
    ),
    "/uapi/domestic-stock/v1/quotations/lendable-by-company": (
        ("output1",),
        "domestic_stock/lendable_by_company/lendable_by_company",
    ),
    "/uapi/domestic-stock/v1/quotations/news-title": (
        ("output",),
        "domestic_stock/news_title/news_title",
    ),
    "/uapi/domestic-stock/v1/quotations/volume-rank": (
        ("output",),
        "domestic_stock/volume_rank/volume_rank",
    ),
    "/uapi/domestic-stock/v1/ranking/after-hour-balance": (
        ("output",),
        "domestic_stock/after_hour_balance/after_hour_balance",
    ),
    "/uapi/domestic-stock/v1/ranking/bulk-trans-num": (
        ("output",),
        "domestic_stock/bulk_trans_num/bulk_trans_num",
    ),
    "/uapi/domestic-stock/v1/ranking/credit-balance": (
        ("output1", "output2"),
        "domestic_stock/credit_balance/credit_balance",
    ),
    "/uapi/domestic-stock/v1/ranking/disparity": (
        ("output",),
        "domestic_stock/disparity/disparity",
    ),
    "/uapi/domestic-stock/v1/ranking/dividend-rate": (
        ("output",),
        "domestic_stock/dividend_rate/dividend_rate",
    ),
    "/uapi/domestic-stock/v1/ranking/exp-trans-updown": (
        ("output",),
        "domestic_stock/exp_trans_updown/exp_trans_updown",
    ),
    "/uapi/domestic-stock/v1/ranking/finance-ratio": (
        ("output",),
        "domestic_stock/finance_ratio/finance_ratio",
    ),
    "/uapi/domestic-stock/v1/ranking/fluctuation": (
        ("output",),
        "domestic_stock/fluctuation/fluctuation",
    ),
    "/uapi/domestic-stock/v1/ranking/hts-top-view": (
        ("output1",),
        "domestic_stock/hts_top_view/hts_top_view",
    ),
    "/uapi/domestic-stock/v1/ranking/market-value": (
        ("output",),
        "domestic_stock/market_value/market_value",
    ),
    "/uapi/domestic-stock/v1/ranking/near-new-highlow": (
        ("output",),
        "domestic_stock/near_new_highlow/near_new_highlow",
    ),
    "/uapi/domestic-stock/v1/ranking/overtime-fluctuation": (
        ("output2",),
        "domestic_stock/overtime_fluctuation/overtime_fluctuation",
    ),
    "/uapi/domestic-stock/v1/ranking/overtime-volume": (
        ("output2",),
        "domestic_stock/overtime_volume/overtime_volume",
    ),
    "/uapi/domestic-stock/v1/ranking/prefer-disparate-ratio": (
        ("output",),
        "domestic_stock/prefer_disparate_ratio/prefer_disparate_ratio",
    ),
    "/uapi/domestic-stock/v1/ranking/profit-asset-index": (
        ("output",),
        "domestic_stock/profit_asset_index/profit_asset_index",
    ),
    "/uapi/domestic-stock/v1/ranking/quote-balance": (
        ("output",),
        "domestic_stock/quote_balance/quote_balance",
    ),
    "/uapi/domestic-stock/v1/ranking/short-sale": (
        ("output",),
        "domestic_stock/short_sale/short_sale",
    ),
    "/uapi/domestic-stock/v1/ranking/top-interest-stock": (
        ("output",),
        "domestic_stock/top_interest_stock/top_interest_stock",
    ),
    "/uapi/domestic-stock/v1/ranking/traded-by-company": (
        ("output",),
        "domestic_stock/traded_by_company/traded_by_company",
    ),
    "/uapi/domestic-stock/v1/ranking/volume-power": (
        ("output",),
        "domestic_stock/volume_power/volume_power",
    ),
    "/uapi/elw/v1/quotations/cond-search": (("output",), "elw/cond_search/cond_search"),
    "/uapi/elw/v1/quotations/expiration-stocks": (
        ("output",),
        "elw/expiration_stocks/expiration_stocks",
    ),
    "/uapi/elw/v1/quotations/indicator-trend-ccnl": (
        ("output",),
        "elw/indicator_trend_ccnl/indicator_trend_ccnl",
    ),
    "/uapi/elw/v1/quotations/indicator-trend-daily": (
        ("output",),
        "elw/indicator_trend_daily/indicator_trend_daily",
    ),
    "/uapi/elw/v1/quotations/indicator-trend-minute": (
        ("output",),
        "elw/indicator_trend_minute/indicator_trend_minute",
    ),
    "/uapi/elw/v1/quotations/lp-trade-trend": (("output2",), "elw/lp_trade_trend/lp_trade_trend"),
    "/uapi/elw/v1/quotations/newly-listed": (("output",), "elw/newly_listed/newly_listed"),
    "/uapi/elw/v1/quotations/sensitivity-trend-ccnl": (
        ("output",),
        "elw/sensitivity_trend_ccnl/sensitivity_trend_ccnl",
    ),
    "/uapi/elw/v1/quotations/sensitivity-trend-daily": (
        ("output",),
        "elw/sensitivity_trend_daily/sensitivity_trend_daily",
    ),
    "/uapi/elw/v1/quotations/udrl-asset-list": (("output",), "elw/udrl_asset_list/udrl_asset_list"),
    "/uapi/elw/v1/quotations/udrl-asset-price": (
        ("output",),
        "elw/udrl_asset_price/udrl_asset_price",
    ),
    "/uapi/elw/v1/quotations/volatility-trend-ccnl": (
        ("output",),
        "elw/volatility_trend_ccnl/volatility_trend_ccnl",
    ),
    "/uapi/elw/v1/quotations/volatility-trend-daily": (
        ("output",),
        "elw/volatility_trend_daily/volatility_trend_daily",
    ),
    "/uapi/elw/v1/quotations/volatility-trend-minute": (
        ("output",),
        "elw/volatility_trend_minute/volatility_trend_minute",
    ),
    "/uapi/elw/v1/quotations/volatility-trend-tick": (
        ("output",),
        "elw/volatility_trend_tick/volatility_trend_tick",
    ),
    "/uapi/elw/v1/ranking/indicator": (("output",), "elw/indicator/indicator"),
    "/uapi/elw/v1/ranking/quick-change": (("output",), "elw/quick_change/quick_change"),
    "/uapi/elw/v1/ranking/sensitivity": (("output",), "elw/sensitivity/sensitivity"),
    "/uapi/elw/v1/ranking/updown-rate": (("output",), "elw/updown_rate/updown_rate"),
    "/uapi/elw/v1/ranking/volume-rank": (("output",), "elw/volume_rank/volume_rank"),
    "/uapi/overseas-futureoption/v1/quotations/daily-ccnl": (
        ("output2",),
        "overseas_futureoption/daily_ccnl/daily_ccnl",
    ),
    "/uapi/overseas-futureoption/v1/quotations/inquire-asking-price": (
        ("output2",),
        "overseas_futureoption/inquire_asking_price/inquire_asking_price",
    ),
    "/uapi/overseas-futureoption/v1/quotations/inquire-time-futurechartprice": (
        ("output1",),
        "overseas_futureoption/inquire_time_futurechartprice/inquire_time_futurechartprice",
    ),
    "/uapi/overseas-futureoption/v1/quotations/investor-unpd-trend": (
        ("output2",),
        "overseas_futureoption/investor_unpd_trend/investor_unpd_trend",
    ),
    "/uapi/overseas-futureoption/v1/quotations/market-time": (
        ("output",),
        "overseas_futureoption/market_time/market_time",
    ),
    "/uapi/overseas-futureoption/v1/quotations/monthly-ccnl": (
        ("output2",),
        "overseas_futureoption/monthly_ccnl/monthly_ccnl",
    ),
    "/uapi/overseas-futureoption/v1/quotations/opt-asking-price": (
        ("output2",),
        "overseas_futureoption/opt_asking_price/opt_asking_price",
    ),
    "/uapi/overseas-futureoption/v1/quotations/search-contract-detail": (
        ("output2",),
        "overseas_futureoption/search_contract_detail/search_contract_detail",
    ),
    "/uapi/overseas-futureoption/v1/quotations/tick-ccnl": (
        ("output2",),
        "overseas_futureoption/tick_ccnl/tick_ccnl",
    ),
    "/uapi/overseas-futureoption/v1/quotations/weekly-ccnl": (
        ("output2",),
        "overseas_futureoption/weekly_ccnl/weekly_ccnl",
    ),
    "/uapi/overseas-futureoption/v1/trading/inquire-ccld": (
        ("output",),
        "overseas_futureoption/inquire_ccld/inquire_ccld",
    ),
    "/uapi/overseas-futureoption/v1/trading/inquire-daily-ccld": (
        ("output1",),
        "overseas_futureoption/inquire_daily_ccld/inquire_daily_ccld",
    ),
    "/uapi/overseas-futureoption/v1/trading/inquire-daily-order": (
        ("output",),
        "overseas_futureoption/inquire_daily_order/inquire_daily_order",
    ),
    "/uapi/overseas-futureoption/v1/trading/inquire-period-ccld": (
        ("output1", "output2"),
        "overseas_futureoption/inquire_period_ccld/inquire_period_ccld",
    ),
    "/uapi/overseas-futureoption/v1/trading/inquire-period-trans": (
        ("output",),
        "overseas_futureoption/inquire_period_trans/inquire_period_trans",
    ),
    "/uapi/overseas-futureoption/v1/trading/inquire-unpd": (
        ("output",),
        "overseas_futureoption/inquire_unpd/inquire_unpd",
    ),
    "/uapi/overseas-price/v1/quotations/dailyprice": (
        ("output2",),
        "overseas_stock/dailyprice/dailyprice",
    ),
    "/uapi/overseas-price/v1/quotations/inquire-asking-price": (
        ("output3",),
        "overseas_stock/inquire_asking_price/inquire_asking_price",
    ),
    "/uapi/overseas-price/v1/quotations/inquire-daily-chartprice": (
        ("output2",),
        "overseas_stock/inquire_daily_chartprice/inquire_daily_chartprice",
    ),
    "/uapi/overseas-price/v1/quotations/inquire-search": (
        ("output2",),
        "overseas_stock/inquire_search/inquire_search",
    ),
    "/uapi/overseas-price/v1/quotations/inquire-time-indexchartprice": (
        ("output2",),
        "overseas_stock/inquire_time_indexchartprice/inquire_time_indexchartprice",
    ),
    "/uapi/overseas-price/v1/quotations/inquire-time-itemchartprice": (
        ("output2",),
        "overseas_stock/inquire_time_itemchartprice/inquire_time_itemchartprice",
    ),
    "/uapi/overseas-stock/v1/quotations/countries-holiday": (
        ("output",),
        "overseas_stock/countries_holiday/countries_holiday",
    ),
    "/uapi/overseas-stock/v1/trading/foreign-margin": (
        ("output",),
        "overseas_stock/foreign_margin/foreign_margin",
    ),
    "/uapi/overseas-stock/v1/trading/inquire-balance": (
        ("output1",),
        "overseas_stock/inquire_balance/inquire_balance",
    ),
    "/uapi/overseas-stock/v1/trading/inquire-ccnl": (
        ("output",),
        "overseas_stock/inquire_ccnl/inquire_ccnl",
    ),
    "/uapi/overseas-stock/v1/trading/inquire-nccs": (
        ("output",),
        "overseas_stock/inquire_nccs/inquire_nccs",
    ),
    "/uapi/overseas-stock/v1/trading/inquire-paymt-stdr-balance": (
        ("output1", "output2"),
        "overseas_stock/inquire_paymt_stdr_balance/inquire_paymt_stdr_balance",
    ),
    "/uapi/overseas-stock/v1/trading/inquire-period-profit": (
        ("output1",),
        "overseas_stock/inquire_period_profit/inquire_period_profit",
    ),
    "/uapi/overseas-stock/v1/trading/inquire-period-trans": (
        ("output1",),
        "overseas_stock/inquire_period_trans/inquire_period_trans",
    ),
    "/uapi/overseas-stock/v1/trading/inquire-present-balance": (
        ("output1", "output2"),
        "overseas_stock/inquire_present_balance/inquire_present_balance",
    ),
}
