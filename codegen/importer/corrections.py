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
SHAPES: dict[tuple[str, str], tuple[str, str]] = {
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
_PLACEHOLDER_TIME = (
    f"{_ISSUE}: rows carry the placeholders 999999 / 888888 instead of a time; read as None"
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
        "null_values": ["999999", "888888"],
        "why": _PLACEHOLDER_TIME,
    },
    ("/uapi/domestic-stock/v1/quotations/inquire-index-tickprice", "stck_cntg_hour"): {
        "null_values": ["999999", "888888"],
        "why": _PLACEHOLDER_TIME,
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
