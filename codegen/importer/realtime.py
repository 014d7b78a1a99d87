"""A realtime (WebSocket) doc page (`tryitout__<TR_ID>.md`) -> a realtime spec dict.

The page's path names the TR it documents; its TR id cell is wrong on two pages (QUIRKS.md), so the
path wins and the spec says so with doc_fix. The response Body table is the record's fields in
wire order: every row is kept, in order, since values are read by position.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from codegen import naming
from codegen.importer import realtime_fixes
from codegen.importer.build import _field, _night, add_fix
from codegen.importer.diagnostics import Diagnostics
from codegen.importer.page import BODY, REQUEST, RESPONSE, Page
from codegen.loader_realtime import SENSITIVE as _SENSITIVE

PATH_PREFIX = "/tryitout/"
_API_ID = re.compile(r"^# WEBSOCKET.*\[([^\[\]]+)\]\s*$", re.MULTILINE)
_HTS_ID = re.compile(r"HTS\s*ID", re.IGNORECASE)
_UNSUPPORTED = "모의투자 미지원"
_TEXT = re.compile(r"코드|구분|여부|번호|부호|유형|상태|종류|명$")
# Where each realtime TR goes: spec/realtime/<area>/<name>.yaml. A new realtime page needs a line.
PLACES: dict[str, tuple[str, str]] = {
    # 국내주식 (KRX / NXT / 통합)
    "H0STCNT0": ("domestic_stock", "ccnl_krx"),
    "H0NXCNT0": ("domestic_stock", "ccnl_nxt"),
    "H0UNCNT0": ("domestic_stock", "ccnl_total"),
    "H0STASP0": ("domestic_stock", "asking_price_krx"),
    "H0NXASP0": ("domestic_stock", "asking_price_nxt"),
    "H0UNASP0": ("domestic_stock", "asking_price_total"),
    "H0STANC0": ("domestic_stock", "exp_ccnl_krx"),
    "H0NXANC0": ("domestic_stock", "exp_ccnl_nxt"),
    "H0UNANC0": ("domestic_stock", "exp_ccnl_total"),
    "H0STPGM0": ("domestic_stock", "program_trade_krx"),
    "H0NXPGM0": ("domestic_stock", "program_trade_nxt"),
    "H0UNPGM0": ("domestic_stock", "program_trade_total"),
    "H0STMBC0": ("domestic_stock", "member_krx"),
    "H0UNMBC0": ("domestic_stock", "member_total"),
    "H0STMKO0": ("domestic_stock", "market_status_krx"),
    "H0NXMKO0": ("domestic_stock", "market_status_nxt"),
    "H0UNMKO0": ("domestic_stock", "market_status_total"),
    "H0STOUP0": ("domestic_stock", "overtime_ccnl_krx"),
    "H0STOAA0": ("domestic_stock", "overtime_asking_price_krx"),
    "H0STOAC0": ("domestic_stock", "overtime_exp_ccnl_krx"),
    "H0STCNI0": ("domestic_stock", "ccnl_notice"),
    "H0STNAV0": ("domestic_stock", "etf_nav_trend"),
    "H0UPCNT0": ("domestic_stock", "index_ccnl"),
    "H0UPANC0": ("domestic_stock", "index_exp_ccnl"),
    # ELW
    "H0EWCNT0": ("elw", "ccnl"),
    "H0EWANC0": ("elw", "exp_ccnl"),
    # 국내선물옵션
    "H0IFCNT0": ("domestic_futureoption", "index_futures_ccnl"),
    "H0IFASP0": ("domestic_futureoption", "index_futures_asking_price"),
    "H0IOCNT0": ("domestic_futureoption", "index_option_ccnl"),
    "H0IOASP0": ("domestic_futureoption", "index_option_asking_price"),
    "H0IFCNI0": ("domestic_futureoption", "ccnl_notice"),
    "H0ZFCNT0": ("domestic_futureoption", "stock_futures_ccnl"),
    "H0ZFASP0": ("domestic_futureoption", "stock_futures_asking_price"),
    "H0ZFANC0": ("domestic_futureoption", "stock_futures_exp_ccnl"),
    "H0ZOCNT0": ("domestic_futureoption", "stock_option_ccnl"),
    "H0ZOASP0": ("domestic_futureoption", "stock_option_asking_price"),
    "H0CFCNT0": ("domestic_futureoption", "commodity_futures_ccnl"),
    "H0CFASP0": ("domestic_futureoption", "commodity_futures_asking_price"),
    "H0MFCNT0": ("domestic_futureoption", "krx_night_futures_ccnl"),
    "H0MFASP0": ("domestic_futureoption", "krx_night_futures_asking_price"),
    "H0MFCNI0": ("domestic_futureoption", "krx_night_futures_ccnl_notice"),
    "H0EUCNT0": ("domestic_futureoption", "krx_night_option_ccnl"),
    "H0EUASP0": ("domestic_futureoption", "krx_night_option_asking_price"),
    "H0EUANC0": ("domestic_futureoption", "krx_night_option_exp_ccnl"),
    "H0EUCNI0": ("domestic_futureoption", "krx_night_option_ccnl_notice"),
    # 장내채권
    "H0BJCNT0": ("domestic_bond", "ccnl"),
    "H0BJASP0": ("domestic_bond", "asking_price"),
    # 해외주식, 해외선물옵션
    "HDFSCNT0": ("overseas_stock", "delayed_ccnl"),
    "HDFSASP0": ("overseas_stock", "asking_price"),
    "HDFFF020": ("overseas_futureoption", "ccnl"),
    "HDFFF010": ("overseas_futureoption", "asking_price"),
    "HDFFF1C0": ("overseas_futureoption", "order_notice"),
}
# The REST area whose naming rules (fractional overseas quantities) a realtime area shares.
_AREA_PATHS = {
    "domestic_stock": "/uapi/domestic-stock/",
    "overseas_stock": "/uapi/overseas-price/",
}
# 체결통보 TRs: their tr_key is the HTS ID and their data frames are encrypted.
_NOTICE = re.compile(r"^(H0..CNI[09]|HDFFF[12]C0|H0GSCNI[09])$")


def is_realtime(path: str) -> bool:
    return path.startswith(PATH_PREFIX)


def spec_path(tr_id: str) -> PurePosixPath | None:
    place = PLACES.get(tr_id)
    return None if place is None else PurePosixPath("realtime", *place).with_suffix(".yaml")


def _tr_ids(page: Page, tr_id: str, diagnostics: Diagnostics, spec: dict[str, Any]) -> None:
    if page.real_tr != tr_id:
        diagnostics.warning(
            page.tr_line, "tr-id", f"TR id cell says {page.real_tr}, the page is {tr_id}: {tr_id}"
        )
        spec["doc_fix"] = (
            f"tr_ids.real: the page's TR id cell says {page.real_tr} (copied from another page); "
            f"the page documents {tr_id} (its path)"
        )
    paper = page.paper_tr
    if paper == _UNSUPPORTED or not paper:
        paper = "unsupported"
    elif paper == page.real_tr and page.real_tr != tr_id:
        paper = tr_id
    spec["tr_ids"] = {"real": tr_id, "paper": paper}


def _tr_key(page: Page, tr_id: str, diagnostics: Diagnostics) -> dict[str, Any]:
    table = page.table(REQUEST, BODY)
    row = next((r for r in table.rows if r.name == "tr_key"), None) if table else None
    title = row.title if row else ""
    description = row.description if row else ""
    said_hts = bool(_HTS_ID.search(f"{title} {description}"))
    notice = bool(_NOTICE.match(tr_id))
    key: dict[str, Any] = {"kind": "hts_id" if said_hts or notice else "code", "title": title}
    if description:
        key["description"] = description
    if notice and not said_hts:
        add_fix(key, "hts_id: a 체결통보 TR is registered with the HTS ID; the doc shows a code")
        diagnostics.warning(row.line if row else 1, "tr-key", f"{tr_id}: tr_key is the HTS ID")
    return key


def _names_unique(fields: list[dict[str, Any]], diagnostics: Diagnostics) -> None:
    """Values are read by position: a repeated or unusable name is renamed, never dropped."""
    seen: set[str] = set()
    for i, field in enumerate(fields):
        name = field["name"]
        fixed = name if naming.is_identifier(name) else re.sub(r"\W", "_", name)
        base, n = fixed, 2
        while naming.py_name(fixed) in seen:
            fixed, n = f"{base}_{n}", n + 1
        if fixed != name:
            field["name"] = fixed
            add_fix(field, f"name: the doc's {name!r} repeats or is no identifier (value {i + 1})")
            diagnostics.warning(1, "field-name", f"value {i + 1}: {name!r} read as {fixed}")
        seen.add(naming.py_name(fixed))


def build_realtime(page: Page, text: str, diagnostics: Diagnostics) -> dict[str, Any]:
    tr_id = page.path.removeprefix(PATH_PREFIX)
    place = PLACES.get(tr_id, ("", ""))
    spec: dict[str, Any] = {"kind": "realtime", "title": page.title}
    if (m := _API_ID.search(text)) is not None:
        spec["api_id"] = m.group(1).strip()
    _tr_ids(page, tr_id, diagnostics, spec)
    doc_fix = spec.pop("doc_fix", None)
    spec["tr_key"] = _tr_key(page, tr_id, diagnostics)
    spec["encrypted"] = spec["tr_key"]["kind"] == "hts_id"
    if page.overview:
        spec["overview"] = page.overview
    table = page.table(RESPONSE, BODY)
    if table is None or not table.rows:
        diagnostics.error(1, "fields", "no response Body table: the record's fields are unknown")
        return spec
    path = _AREA_PATHS.get(place[0], f"/realtime/{place[0]}/")
    night = _night(page)
    fields = []
    for row in table.rows:
        field = _field(row, diagnostics, request=False, path=path, night=night)
        if row.name.upper() in _SENSITIVE and "sensitive" not in field:
            field["sensitive"] = _SENSITIVE[row.name.upper()]
        if row.type == "Number" and field["type"] == "str" and not _TEXT.search(row.title):
            # The doc types it Number and nothing in its name says code or flag: a decimal.
            field["type"] = "Decimal"
            diagnostics.info(row.line, "number", f"{row.name}: Number in the doc: Decimal")
        fields.append(field)
    _names_unique(fields, diagnostics)
    spec["fields"] = fields
    if doc_fix:
        spec["doc_fix"] = doc_fix
    realtime_fixes.apply(tr_id, spec, diagnostics)
    if tr_id not in PLACES:
        diagnostics.error(
            1, "path", f"{tr_id}: no place under spec/realtime/; add it to importer/realtime.PLACES"
        )
    return spec
