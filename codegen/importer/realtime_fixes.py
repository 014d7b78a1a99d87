"""Reviewed corrections of realtime pages: the field lists KIS really sends, with the evidence.

Data only, applied by `apply` at the end of importer/realtime.py's build: fields the doc table
lacks (inserted where the wire has them), and the layouts (value lists) KIS is known to send,
chosen by value count when a frame is read. Every entry carries a `doc_fix` / `evidence` quoting
where it was seen; an entry that matches nothing on its page is an import error.

Evidence, by short name:
- the portal's own examples (the `# output` of each page's Response Example, as published on
  apiportal.koreainvestment.com);
- KIS's samples: github:koreainvestment/open-trading-api, examples_llm/<area>/<fn>/<fn>.py
  (`columns = [...]`, the record's value names in order);
- public live captures quoted in tests/data/realtime/README.md.
"""

from __future__ import annotations

import re
from typing import Any

from codegen.importer.build import add_fix
from codegen.importer.diagnostics import Diagnostics

# The first field of a code-keyed TR holds its tr_key when its name says it is a code.
KEY_FIELD = re.compile(r"^(\w*ISCD|RSYM|SERIES_CD|BSTP_CLS_CODE)$", re.IGNORECASE)

_PORTAL = "the portal's own example"
_SAMPLES = "KIS's sample examples_llm/domestic_stock/{0}/{0}.py"
_MKO_LIVE = (
    "live H0UNMKO0 frames quoted in a public test (3 days, 17 frames, all 10 values, the stock "
    "code first: 100840^N^(null)^AB1^112^^^55^N^; tests/data/realtime/README.md)"
)
_MKO_PORTAL = (
    f"{_PORTAL} for H0STMKO0: 0|H0STMKO0|001|396300^N^(null)^^311^^^55^N^N (10 values, the stock "
    "code first, no EXCH_CLS_CODE)"
)
_MKO_TABLE = "the KRX/NXT pages' table (11 values, EXCH_CLS_CODE last) and {0}"
_ISCD = {
    "name": "MKSC_SHRN_ISCD",
    "title": "유가증권단축종목코드",
    "type": "str",
    "length": 9,
}


def _level(stem: str, title: str, n: int, type_: str, length: int) -> dict[str, Any]:
    return {"name": f"{stem}{n}", "title": f"{title}{n}", "type": type_, "length": length}


_OAA_WHY = (
    f"{_PORTAL} carries 10 price levels (58 values): its totals are the sums of 10 levels "
    "(TOTAL_ASKP_RSQN 24644 = 8005 + 7355 + 9284); the doc table lists 9"
)
_OAA_LEVEL10 = ["ASKP10", "BIDP10", "ASKP_RSQN10", "BIDP_RSQN10"]
_KMID_WHY = (
    "KIS appended the KRX mid price in 2025 (62 values): a live frame of 2026-06-29 ends "
    "^0^323750^0^0 (KMID_PRC 323750, the mid of ASKP1 324000 and BIDP1 323500; "
    "tests/data/realtime); "
    "H0UNASP0/H0NXASP0 document these fields"
)
_KMID = ["KMID_PRC", "KMID_TOTAL_RSQN", "KMID_CLS_CODE"]
_CNI_PAPER_ONLY = ["ORD_COND_PRC", "ORD_EXG_GB", "POPUP_YN", "FILLER"]
_DYNM_MF = ["DYNM_MXPR", "DYNM_LLAM", "DYNM_PRC_LIMT_YN"]
_DYNM_EU = ["DYNM_MXPR", "DYNM_PRC_LIMT_YN", "DYNM_LLAM"]

# TR id -> fields to insert: (the field it follows, or "" for first; the field, its doc_fix).
INSERT: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "H0UNMKO0": [
        ("", {**_ISCD, "doc_fix": f"the wire's first value (missing from the doc): {_MKO_LIVE}"}),
    ],
    "H0STOAA0": [
        (
            f"{stem}9",
            {**_level(stem, title, 10, type_, length), "doc_fix": _OAA_WHY},
        )
        for stem, title, type_, length in (
            ("ASKP", "매도호가", "Decimal", 4),
            ("BIDP", "매수호가", "Decimal", 4),
            ("ASKP_RSQN", "매도호가 잔량", "int", 8),
            ("BIDP_RSQN", "매수호가 잔량", "int", 8),
        )
    ],
    "H0STASP0": [
        (after, {"name": name, "title": title, "type": type_, "length": n, "doc_fix": _KMID_WHY})
        for after, name, title, type_, n in (
            ("STCK_DEAL_CLS_CODE", "KMID_PRC", "KRX 중간가", "Decimal", 4),
            ("KMID_PRC", "KMID_TOTAL_RSQN", "KRX 중간가잔량합계수량", "int", 8),
            ("KMID_TOTAL_RSQN", "KMID_CLS_CODE", "KRX 중간가 매수매도 구분", "str", 1),
        )
    ],
    "H0STCNI0": [
        (
            "FILLER",
            {
                "name": "CNTG_ISNM",
                "title": "체결종목명 (23값 배치)",
                "type": "str",
                "length": 10,
                "doc_fix": (
                    "the 23-value layout's 19th value, where the 26-value layout has "
                    "ORD_COND_PRC..FILLER: named CNTG_ISNM (체결종목명) in the doc before 2025 "
                    "and in python-kis' list; a decrypted paper notice holds '1Y' there "
                    "(tests/data/realtime): kept as sent"
                ),
            },
        ),
    ],
}

# TR id -> the spec's doc_fix: what the corrections above change, in a line.
SPEC_FIX: dict[str, str] = {
    "H0UNMKO0": "fields: the wire's values start with the stock code (MKSC_SHRN_ISCD, missing from "
    "the doc table) and lack EXCH_CLS_CODE (10 values); the doc's order read every value under "
    "its neighbour's name (layouts: evidence)",
    "H0STMKO0": "layouts: the portal's example and live frames carry 10 values, without "
    "EXCH_CLS_CODE; the table lists 11",
    "H0NXMKO0": "layouts: 10 values without EXCH_CLS_CODE, as its siblings send, or the table's 11",
    "H0STOAA0": "fields: 10 price levels on the wire, the doc table lists 9 (layouts: evidence)",
    "H0STASP0": "fields: KMID_PRC, KMID_TOTAL_RSQN, KMID_CLS_CODE appended by KIS in 2025, typed "
    "(layouts: 62 values, or the table's 59)",
    "H0STCNI0": "layouts: 26 values on the real server since 2025, 23 in the paper server's "
    "H0STCNI9 notices (CNTG_ISNM: the 23-value layout's value 19)",
    "H0MFCNT0": "layouts: the portal's example predates the 3 DYNM_* fields",
    "H0EUCNT0": "layouts: the portal's example predates the 3 DYNM_* fields",
}

# TR id -> the layouts KIS is known to send (see codegen/model.Layout).
LAYOUTS: dict[str, list[dict[str, Any]]] = {
    "H0UNMKO0": [
        {"name": "live", "omit": ["EXCH_CLS_CODE"], "evidence": _MKO_LIVE},
        {"name": "table", "evidence": _MKO_TABLE.format(_MKO_PORTAL.split(":")[0])},
    ],
    "H0STMKO0": [
        {"name": "live", "omit": ["EXCH_CLS_CODE"], "evidence": f"{_MKO_PORTAL}; {_MKO_LIVE}"},
        {"name": "table", "evidence": _MKO_TABLE.format(_SAMPLES.format("market_status_krx"))},
    ],
    "H0NXMKO0": [
        {
            "name": "live",
            "omit": ["EXCH_CLS_CODE"],
            "evidence": f"as its siblings send: {_MKO_PORTAL}; {_MKO_LIVE}",
        },
        {"name": "table", "evidence": _MKO_TABLE.format(_SAMPLES.format("market_status_nxt"))},
    ],
    "H0STOAA0": [
        {"name": "wire", "evidence": _OAA_WHY},
        {
            "name": "table",
            "omit": _OAA_LEVEL10,
            "evidence": "the doc table (9 levels, 54 values) and "
            + _SAMPLES.format("overtime_asking_price_krx"),
        },
    ],
    "H0STASP0": [
        {"name": "kmid", "evidence": _KMID_WHY},
        {
            "name": "table",
            "omit": _KMID,
            "evidence": "the doc table (59 values), "
            + _SAMPLES.format("asking_price_krx")
            + " and public frames before 2025 (59 values)",
        },
    ],
    "H0STCNI0": [
        {
            "name": "real",
            "omit": ["CNTG_ISNM"],
            "evidence": "26 values since 2025 (python-kis issues #68 'H0STCNI0 Invalid data "
            "length: 26', #80: 호가가격조건, 주문거래소구분, 실시간체결창표시구분 added) and "
            + _SAMPLES.format("ccnl_notice"),
        },
        {
            "name": "paper",
            "omit": _CNI_PAPER_ONLY,
            "evidence": "the paper server's H0STCNI9 notices still send 23 values: a public "
            "capture, decrypted with its key/iv (tests/data/realtime/README.md); python-kis' "
            "23-value list",
        },
    ],
    "H0MFCNT0": [
        {"name": "current", "evidence": "the doc table (49 values, DYNM_* last)"},
        {
            "name": "pre_dynm",
            "omit": _DYNM_MF,
            "evidence": f"{_PORTAL} (46 values) predates the 3 DYNM_* fields",
        },
    ],
    "H0EUCNT0": [
        {"name": "current", "evidence": "the doc table (56 values, DYNM_* last)"},
        {
            "name": "pre_dynm",
            "omit": _DYNM_EU,
            "evidence": f"{_PORTAL} (53 values: 301V06362^190612^2.98^…^0.00) predates the 3 "
            "DYNM_* fields",
        },
    ],
}


def apply(tr_id: str, spec: dict[str, Any], diagnostics: Diagnostics) -> None:
    """Insert the fields the wire has, state the layouts, and name the key field."""
    fields: list[dict[str, Any]] = spec.get("fields", [])
    for after, field in INSERT.get(tr_id, []):
        names = [f["name"] for f in fields]
        if field["name"] in names:
            diagnostics.error(1, "correction", f"{tr_id}: {field['name']} is already on the page")
        elif after and after not in names:
            diagnostics.error(1, "correction", f"{tr_id}: no field {after} to insert after")
        else:
            fields.insert(names.index(after) + 1 if after else 0, dict(field))
    if tr_id in SPEC_FIX:
        add_fix(spec, SPEC_FIX[tr_id])
    key = ""
    if spec.get("tr_key", {}).get("kind") == "code" and fields:
        first = fields[0]["name"]
        if KEY_FIELD.match(first):
            key = first
        else:
            diagnostics.warning(
                1,
                "key-field",
                f"{tr_id}: code-keyed, but the first field {first} is no code: the key field "
                "is unknown (add the field the wire carries to importer/realtime_fixes.INSERT)",
            )
    # `key` before the overview and fields, `layouts` after the fields: where a reader looks.
    ordered: dict[str, Any] = {}
    for name, value in spec.items():
        if key and (name == "overview" or (name == "fields" and "overview" not in spec)):
            ordered["key"] = key
        ordered[name] = value
        if name == "fields" and tr_id in LAYOUTS:
            ordered["layouts"] = [dict(layout) for layout in LAYOUTS[tr_id]]
    spec.clear()
    spec.update(ordered)
