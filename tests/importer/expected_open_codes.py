"""Request params whose description lists codes but whose spec carries no `values`, and why.

test_imp_codes.py fails on a param listing codes that has no `values` and no entry here, and on an
entry no param needs any more. `values` are enforced before sending, so a list is taken only when
it is plainly closed; these are the reviewed exceptions.
"""

from __future__ import annotations

# Reasons that mean the description lists no closed set of codes (left out of the coverage count).
FREE = (
    "codes of stocks, sectors, member firms or orders: the list shows a few examples of free codes "
    "(the samples say 기타: 업종코드), so no value may be refused"
)
EXAMPLES = "the description gives examples (ex), 예), 등, …, 참고): an open list"
THRESHOLD = "free numbers: 100: 100주 이상 / 10: 10위부터 are examples of a quantity, not codes"
NOT_CLOSED = frozenset({FREE, EXAMPLES, THRESHOLD})
# Closed lists left without values.
MARKET = (
    "a market-division list written J:KRX, NX:NXT (which side is the code is not said), and KIS's "
    "samples send codes beyond such lists (volume-rank: UN, W; fluctuation: Q, W): enforcing the "
    "doc's two codes would refuse real requests"
)

OPEN: dict[tuple[str, str], str] = {
    ("auth/revoke_p.yaml", "token"): "the token to revoke, described in prose: no code list",
    ("domestic_bond/quotations/avg_unit.yaml", "PDNO"): FREE,
    (
        "domestic_futureoption/quotations/inquire_daily_fuopchartprice.yaml",
        "FID_INPUT_DATE_2",
    ): EXAMPLES,
    ("domestic_futureoption/trading/inquire_ccnl.yaml", "PDNO"): FREE,
    (
        "domestic_futureoption/trading/inquire_ngt_ccnl.yaml",
        "SLL_BUY_DVSN_CD",
    ): "codes nested in a note (공란 : default (00: 전체, 01 : 매도, 02 : 매수)): read by a human",
    ("domestic_futureoption/trading/inquire_psbl_order.yaml", "PDNO"): FREE,
    ("domestic_futureoption/trading/order.yaml", "SHTN_PDNO"): FREE,
    (
        "domestic_futureoption/trading/order_rvsecncl.yaml",
        "KRX_NMPR_CNDT_CD",
    ): "the list holds for 정정 only (취소시 0으로 입력): per-variant rules, not one closed set",
    ("domestic_stock/ksdinfo/bonus_issue.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/cap_dcrs.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/dividend.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/forfeit.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/list_info.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/mand_deposit.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/merger_split.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/pub_offer.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/purreq.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/rev_split.yaml", "SHT_CD"): FREE,
    ("domestic_stock/ksdinfo/sharehld_meet.yaml", "SHT_CD"): FREE,
    ("domestic_stock/quotations/capture_uplowprice.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/credit_by_company.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/quotations/exp_closing_price.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/exp_index_trend.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/exp_total_index.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/quotations/foreign_institution_total.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/frgnmem_trade_estimate.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/inquire_daily_indexchartprice.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/inquire_index_category_price.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/inquire_index_category_price.yaml", "FID_BLNG_CLS_CODE"): FREE,
    ("domestic_stock/quotations/inquire_index_daily_price.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/inquire_index_price.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/inquire_index_tickprice.yaml", "FID_INPUT_ISCD"): FREE,
    (
        "domestic_stock/quotations/inquire_index_timeprice.yaml",
        "FID_INPUT_HOUR_1",
    ): "a number of seconds (초단위) with examples 60 / 300 / 600: free numbers",
    ("domestic_stock/quotations/inquire_index_timeprice.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/inquire_investor_daily_by_market.yaml", "FID_INPUT_ISCD_1"): FREE,
    ("domestic_stock/quotations/inquire_investor_time_by_market.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/inquire_investor_time_by_market.yaml", "FID_INPUT_ISCD_2"): FREE,
    ("domestic_stock/quotations/inquire_time_indexchartprice.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/intstock_multprice.yaml", "FID_COND_MRKT_DIV_CODE_1"): EXAMPLES,
    ("domestic_stock/quotations/news_title.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/quotations/news_title.yaml", "FID_INPUT_DATE_1"): MARKET,
    ("domestic_stock/quotations/news_title.yaml", "FID_INPUT_HOUR_1"): MARKET,
    ("domestic_stock/quotations/search_info.yaml", "PDNO"): FREE,
    ("domestic_stock/quotations/volume_rank.yaml", "FID_COND_MRKT_DIV_CODE"): MARKET,
    ("domestic_stock/quotations/volume_rank.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/ranking/after_hour_balance.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/bulk_trans_num.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/bulk_trans_num.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/bulk_trans_num.yaml", "fid_input_iscd_2"): FREE,
    ("domestic_stock/ranking/credit_balance.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/ranking/disparity.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/disparity.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/dividend_rate.yaml", "UPJONG"): EXAMPLES,
    ("domestic_stock/ranking/exp_trans_updown.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/finance_ratio.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/finance_ratio.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/fluctuation.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/fluctuation.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/fluctuation.yaml", "fid_prc_cls_code"): FREE,
    ("domestic_stock/ranking/market_cap.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/market_cap.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/market_value.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/market_value.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/near_new_highlow.yaml", "fid_aply_rang_vol"): THRESHOLD,
    ("domestic_stock/ranking/near_new_highlow.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/overtime_exp_trans_fluct.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/ranking/overtime_fluctuation.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/ranking/overtime_volume.yaml", "FID_INPUT_ISCD"): FREE,
    ("domestic_stock/ranking/prefer_disparate_ratio.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/prefer_disparate_ratio.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/profit_asset_index.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/profit_asset_index.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/quote_balance.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/quote_balance.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/short_sale.yaml", "FID_INPUT_ISCD"): FREE,
    (
        "domestic_stock/ranking/short_sale.yaml",
        "FID_INPUT_CNT_1",
    ): "two lists keyed by another param (조회구분 D / M) with the same codes meaning different periods",
    ("domestic_stock/ranking/top_interest_stock.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/top_interest_stock.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/top_interest_stock.yaml", "fid_input_cnt_1"): THRESHOLD,
    ("domestic_stock/ranking/traded_by_company.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/traded_by_company.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/ranking/traded_by_company.yaml", "fid_aply_rang_vol"): THRESHOLD,
    ("domestic_stock/ranking/volume_power.yaml", "fid_cond_mrkt_div_code"): MARKET,
    ("domestic_stock/ranking/volume_power.yaml", "fid_input_iscd"): FREE,
    ("domestic_stock/trading/inquire_credit_psamount.yaml", "ORD_DVSN"): EXAMPLES,
    (
        "domestic_stock/trading/inquire_psbl_order.yaml",
        "ORD_DVSN",
    ): "notes mention codes (00:지정가는 …, 임의값(00)) before the list; the list is also all order types: left to the caller",
    (
        "domestic_stock/trading/order_credit.yaml",
        "RSVN_ORD_YN",
    ): "the Y/N list follows a paragraph of prose with times (15:10분): read by a human",
    (
        "elw/quotations/cond_search.yaml",
        "FID_TRGT_CLS_CODE",
    ): "a 32-character flag string (one position per condition), not one code",
    ("elw/quotations/expiration_stocks.yaml", "FID_UNAS_INPUT_ISCD"): FREE,
    ("elw/quotations/expiration_stocks.yaml", "FID_INPUT_ISCD_2"): FREE,
    ("elw/quotations/newly_listed.yaml", "FID_UNAS_INPUT_ISCD"): FREE,
    ("elw/quotations/newly_listed.yaml", "FID_INPUT_ISCD_2"): FREE,
    ("elw/quotations/udrl_asset_list.yaml", "FID_INPUT_ISCD"): FREE,
    ("elw/quotations/udrl_asset_price.yaml", "FID_INPUT_ISCD"): FREE,
    ("elw/ranking/indicator.yaml", "FID_UNAS_INPUT_ISCD"): FREE,
    ("elw/ranking/indicator.yaml", "FID_INPUT_ISCD"): FREE,
    ("elw/ranking/quick_change.yaml", "FID_UNAS_INPUT_ISCD"): FREE,
    ("elw/ranking/quick_change.yaml", "FID_INPUT_ISCD"): FREE,
    ("elw/ranking/quick_change.yaml", "FID_RANK_SORT_CLS_CODE"): EXAMPLES,
    ("elw/ranking/sensitivity.yaml", "FID_UNAS_INPUT_ISCD"): FREE,
    ("elw/ranking/sensitivity.yaml", "FID_INPUT_ISCD"): FREE,
    ("elw/ranking/updown_rate.yaml", "FID_UNAS_INPUT_ISCD"): FREE,
    ("elw/ranking/updown_rate.yaml", "FID_INPUT_ISCD"): FREE,
    ("elw/ranking/volume_rank.yaml", "FID_INPUT_ISCD"): FREE,
    ("etfetn/quotations/nav_comparison_time_trend.yaml", "FID_HOUR_CLS_CODE"): EXAMPLES,
    ("overseas_futureoption/quotations/inquire_time_optchartprice.yaml", "QRY_GAP"): EXAMPLES,
    ("overseas_futureoption/quotations/investor_unpd_trend.yaml", "PROD_ISCD"): FREE,
    ("overseas_futureoption/quotations/market_time.yaml", "FM_EXCG_CD"): FREE,
    (
        "overseas_futureoption/trading/margin_detail.yaml",
        "CRCY_CD",
    ): "a doc typo in the list (JPY )일본엔화)): not read as a code list",
    (
        "overseas_price/quotations/inquire_daily_chartprice.yaml",
        "FID_COND_MRKT_DIV_CODE",
    ): "a doc typo in the list (X 환율, no colon): not read as a code list",
    ("overseas_price/quotations/inquire_time_itemchartprice.yaml", "NMIN"): EXAMPLES,
    ("overseas_price/quotations/news_title.yaml", "DATA_TM"): EXAMPLES,
    ("overseas_stock/ranking/price_fluct.yaml", "GUBN"): EXAMPLES,
    ("overseas_stock/trading/inquire_nccs.yaml", "SORT_SQN"): EXAMPLES,
    ("overseas_stock/trading/inquire_present_balance.yaml", "TR_MKET_CD"): EXAMPLES,
    (
        "overseas_stock/trading/order.yaml",
        "SLL_TYPE",
    ): "one code (00 : 매도) and an instruction (제거 : 매수, send nothing): no list",
    ("domestic_futureoption/trading/order_rvsecncl.yaml", "ORD_DVSN_CD"): (
        "the list holds for 정정; for 취소 the doc says '01 로 입력': per-variant rules"
    ),
    ("domestic_stock/ranking/fluctuation.yaml", "fid_rank_sort_cls_code"): (
        "the doc lists 0-4, but KIS's sample sends 0000 (corrections.OPEN_VALUES)"
    ),
    ("overseas_futureoption/trading/inquire_period_trans.yaml", "ACNT_TR_TYPE_CD"): (
        "the doc lists 1-3, but KIS's sample sends %% (corrections.OPEN_VALUES)"
    ),
    ("overseas_stock/trading/inquire_ccnl.yaml", "OVRS_EXCG_CD"): (
        "the doc lists % and exchange codes, but KIS's sample sends %% (corrections.OPEN_VALUES)"
    ),
}
