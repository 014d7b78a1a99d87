"""The reviewed warnings of importing docs/kis-pages: (page, code) -> why it is fine.

test_imp_all_pages.py fails on any warning not listed here, and on an entry no warning needs any
more, so this list stays exactly what the importer reports.
"""

from __future__ import annotations

HEADER_REQUIRED = (
    "the page's Header table marks a common header (custtype, content-type, gt_uid, tr_cont) "
    "Required differently from spec/_common.yaml; the runtime sends and reads the common headers "
    "on every TR, so nothing per TR follows from it"
)
HEADER_MISSING = (
    "the page's Header table leaves out a common header (e.g. the response tr_cont / gt_uid); "
    "headers are common to all TRs and the runtime handles their absence"
)
HEADER_LENGTH = (
    "doc inconsistency in a common header's Length (authorization 40 instead of 350, seq_no 3 "
    "for '001'); header lengths are not enforced per TR"
)
CURSOR_ADDED = (
    "the request sends CTX_AREA_* continuation keys but the doc's Body table omits the reply's "
    "ctx_area_* fields; added with a doc_fix so the pager can follow them"
)
LENGTH = (
    "a Length such as 2212 / 1512 / 32238 is neither a plausible length nor a known precision; "
    "left blank rather than guessed (metadata only: response lengths are not enforced)"
)
OLD_AND_NEW_TR = (
    "ngt-margin-detail declares output1-3 twice in one table, for the old (구) and new (신) TR; "
    "the blocks are merged and the repeated rows kept once"
)
NAME_RANGE = (
    "SRS_CD_02… abbreviates the numbered run up to the next row; expanded into optional "
    "fields with a doc_fix"
)
OBJECT_LEAF = "a value field typed Object; the doc itself notes (Type: Object X String O)"
REALTIME_TR_ID = (
    "the realtime page's TR id cell is copied from another page (QUIRKS.md); the page's path "
    "names the TR it documents, so the spec uses it, with a doc_fix"
)
REALTIME_TR_KEY = (
    "a 체결통보 page shows an instrument code as tr_key; notices are registered with the HTS ID "
    "(like every other 체결통보 TR), so the spec says hts_id, with a doc_fix"
)

EXPECTED: dict[tuple[str, str], str] = {
    ("uapi__domestic-bond__v1__quotations__avg-unit.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-bond__v1__quotations__issue-info.md", "length"): LENGTH,
    ("uapi__domestic-bond__v1__quotations__search-bond-info.md", "length"): LENGTH,
    ("uapi__domestic-bond__v1__trading__inquire-balance.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-bond__v1__trading__inquire-daily-ccld.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-bond__v1__trading__inquire-psbl-rvsecncl.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-bond__v1__trading__order-rvsecncl.md", "header-missing"): HEADER_MISSING,
    (
        "uapi__domestic-futureoption__v1__quotations__inquire-daily-fuopchartprice.md",
        "header-missing",
    ): HEADER_MISSING,
    (
        "uapi__domestic-futureoption__v1__quotations__inquire-daily-fuopchartprice.md",
        "header-required",
    ): HEADER_REQUIRED,
    (
        "uapi__domestic-futureoption__v1__quotations__inquire-price.md",
        "header-required",
    ): HEADER_REQUIRED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-balance-settlement-pl.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-balance-valuation-pl.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-balance.md",
        "header-required",
    ): HEADER_REQUIRED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-ccnl-bstime.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-ccnl.md",
        "header-required",
    ): HEADER_REQUIRED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-daily-amount-fee.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-ngt-balance.md",
        "cursor-added",
    ): CURSOR_ADDED,
    ("uapi__domestic-futureoption__v1__trading__inquire-ngt-balance.md", "length"): LENGTH,
    ("uapi__domestic-futureoption__v1__trading__inquire-ngt-ccnl.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__domestic-futureoption__v1__trading__inquire-psbl-order.md",
        "header-required",
    ): HEADER_REQUIRED,
    (
        "uapi__domestic-futureoption__v1__trading__ngt-margin-detail.md",
        "block-twice",
    ): OLD_AND_NEW_TR,
    (
        "uapi__domestic-futureoption__v1__trading__ngt-margin-detail.md",
        "duplicate-field",
    ): OLD_AND_NEW_TR,
    (
        "uapi__domestic-futureoption__v1__trading__order-rvsecncl.md",
        "header-missing",
    ): HEADER_MISSING,
    (
        "uapi__domestic-futureoption__v1__trading__order-rvsecncl.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__domestic-futureoption__v1__trading__order.md", "header-missing"): HEADER_MISSING,
    ("uapi__domestic-futureoption__v1__trading__order.md", "header-required"): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__quotations__chk-holiday.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__domestic-stock__v1__quotations__inquire-daily-indexchartprice.md",
        "header-length",
    ): HEADER_LENGTH,
    (
        "uapi__domestic-stock__v1__quotations__inquire-daily-overtimeprice.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__quotations__inquire-elw-price.md", "header-length"): HEADER_LENGTH,
    ("uapi__domestic-stock__v1__quotations__inquire-member.md", "header-required"): HEADER_REQUIRED,
    (
        "uapi__domestic-stock__v1__quotations__inquire-time-overtimeconclusion.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__trading__inquire-balance-rlz-pl.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-stock__v1__trading__inquire-balance.md", "header-required"): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__trading__inquire-daily-ccld.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-stock__v1__trading__inquire-period-profit.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__domestic-stock__v1__trading__inquire-psbl-order.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__trading__inquire-psbl-rvsecncl.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-stock__v1__trading__order-cash.md", "header-missing"): HEADER_MISSING,
    ("uapi__domestic-stock__v1__trading__order-credit.md", "header-missing"): HEADER_MISSING,
    ("uapi__domestic-stock__v1__trading__order-resv-ccnl.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__domestic-stock__v1__trading__order-resv-ccnl.md", "header-required"): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__trading__order-resv-rvsecncl.md", "header-missing"): HEADER_MISSING,
    (
        "uapi__domestic-stock__v1__trading__order-resv-rvsecncl.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__trading__order-resv.md", "header-missing"): HEADER_MISSING,
    ("uapi__domestic-stock__v1__trading__order-resv.md", "header-required"): HEADER_REQUIRED,
    ("uapi__domestic-stock__v1__trading__order-rvsecncl.md", "header-missing"): HEADER_MISSING,
    (
        "uapi__domestic-stock__v1__trading__pension__inquire-balance.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__domestic-stock__v1__trading__pension__inquire-daily-ccld.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__domestic-stock__v1__trading__pension__inquire-present-balance.md",
        "cursor-added",
    ): CURSOR_ADDED,
    ("uapi__domestic-stock__v1__trading__period-rights.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__overseas-futureoption__v1__quotations__market-time.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__overseas-futureoption__v1__quotations__search-contract-detail.md",
        "name-range",
    ): NAME_RANGE,
    ("uapi__overseas-futureoption__v1__quotations__search-opt-detail.md", "name-range"): NAME_RANGE,
    ("uapi__overseas-futureoption__v1__trading__inquire-ccld.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__overseas-futureoption__v1__trading__inquire-daily-ccld.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__overseas-futureoption__v1__trading__inquire-daily-order.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__overseas-futureoption__v1__trading__inquire-period-ccld.md",
        "cursor-added",
    ): CURSOR_ADDED,
    (
        "uapi__overseas-futureoption__v1__trading__inquire-period-trans.md",
        "cursor-added",
    ): CURSOR_ADDED,
    ("uapi__overseas-futureoption__v1__trading__inquire-unpd.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__overseas-futureoption__v1__trading__order-rvsecncl.md",
        "header-missing",
    ): HEADER_MISSING,
    ("uapi__overseas-futureoption__v1__trading__order.md", "header-missing"): HEADER_MISSING,
    ("uapi__overseas-price__v1__quotations__dailyprice.md", "header-required"): HEADER_REQUIRED,
    (
        "uapi__overseas-price__v1__quotations__inquire-daily-chartprice.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__overseas-price__v1__quotations__inquire-search.md", "header-required"): HEADER_REQUIRED,
    (
        "uapi__overseas-price__v1__quotations__inquire-time-indexchartprice.md",
        "header-required",
    ): HEADER_REQUIRED,
    (
        "uapi__overseas-price__v1__quotations__inquire-time-itemchartprice.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__overseas-price__v1__quotations__period-rights.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__overseas-price__v1__quotations__period-rights.md", "length"): LENGTH,
    ("uapi__overseas-price__v1__quotations__price-detail.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__quotations__countries-holiday.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__overseas-stock__v1__quotations__countries-holiday.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__algo-ordno.md", "header-length"): HEADER_LENGTH,
    ("uapi__overseas-stock__v1__trading__algo-ordno.md", "header-missing"): HEADER_MISSING,
    ("uapi__overseas-stock__v1__trading__algo-ordno.md", "header-required"): HEADER_REQUIRED,
    (
        "uapi__overseas-stock__v1__trading__daytime-order-rvsecncl.md",
        "header-missing",
    ): HEADER_MISSING,
    ("uapi__overseas-stock__v1__trading__daytime-order.md", "header-missing"): HEADER_MISSING,
    ("uapi__overseas-stock__v1__trading__inquire-algo-ccnl.md", "cursor-added"): CURSOR_ADDED,
    ("uapi__overseas-stock__v1__trading__inquire-algo-ccnl.md", "header-length"): HEADER_LENGTH,
    ("uapi__overseas-stock__v1__trading__inquire-algo-ccnl.md", "header-missing"): HEADER_MISSING,
    ("uapi__overseas-stock__v1__trading__inquire-algo-ccnl.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__inquire-balance.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__inquire-ccnl.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__inquire-nccs.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__inquire-period-profit.md", "cursor-added"): CURSOR_ADDED,
    (
        "uapi__overseas-stock__v1__trading__inquire-present-balance.md",
        "header-required",
    ): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__inquire-present-balance.md", "object-leaf"): OBJECT_LEAF,
    ("uapi__overseas-stock__v1__trading__inquire-psamount.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__order-resv-ccnl.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__order-resv-list.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__order-resv.md", "header-missing"): HEADER_MISSING,
    ("uapi__overseas-stock__v1__trading__order-resv.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__order-rvsecncl.md", "header-missing"): HEADER_MISSING,
    ("uapi__overseas-stock__v1__trading__order-rvsecncl.md", "header-required"): HEADER_REQUIRED,
    ("uapi__overseas-stock__v1__trading__order.md", "header-missing"): HEADER_MISSING,
    ("uapi__overseas-stock__v1__trading__order.md", "header-required"): HEADER_REQUIRED,
    # The pages added with the 21 REST pages that had no spec yet.
    ("uapi__domestic-bond__v1__trading__buy.md", "header-missing"): HEADER_MISSING,
    ("uapi__domestic-bond__v1__trading__sell.md", "header-missing"): HEADER_MISSING,
    (
        "uapi__domestic-futureoption__v1__quotations__inquire-asking-price.md",
        "header-required",
    ): HEADER_REQUIRED,
    (
        "uapi__domestic-stock__v1__quotations__investor-trade-by-stock-daily.md",
        "header-length",
    ): HEADER_LENGTH,
    ("uapi__overseas-price__v1__quotations__price.md", "header-required"): HEADER_REQUIRED,
    ("tryitout__H0BJASP0.md", "tr-id"): REALTIME_TR_ID,
    ("tryitout__H0EUCNI0.md", "tr-id"): REALTIME_TR_ID,
    ("tryitout__H0IFCNI0.md", "tr-key"): REALTIME_TR_KEY,
}
