"""A realtime (WebSocket) doc page (`tryitout__<TR_ID>.md`) -> a realtime spec dict, placed under
realtime/<area>/ by what the page says (realtime_place.py).

The page's path names the TR it documents; its TR id cell is wrong on two pages (QUIRKS.md), so the
path wins and the spec says so with doc_fix. The response Body table is the record's fields in
wire order: every row is kept, in order, since values are read by position.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from codegen import naming
from codegen.importer import realtime_fixes, realtime_place
from codegen.importer.build import _field, _night, add_fix
from codegen.importer.diagnostics import Diagnostics
from codegen.importer.page import BODY, REQUEST, RESPONSE, Page
from codegen.loader_realtime import SENSITIVE as _SENSITIVE

PATH_PREFIX = "/tryitout/"
_API_ID = re.compile(r"^# WEBSOCKET.*\[([^\[\]]+)\]\s*$", re.MULTILINE)
_HTS_ID = re.compile(r"HTS\s*ID", re.IGNORECASE)
_UNSUPPORTED = "모의투자 미지원"
_TEXT = re.compile(r"코드|구분|여부|번호|부호|유형|상태|종류|명$")
# The REST area whose naming rules (fractional overseas quantities) a realtime area shares.
_AREA_PATHS = {
    "domestic_stock": "/uapi/domestic-stock/",
    "overseas_stock": "/uapi/overseas-price/",
}
# 체결통보 TRs: their tr_key is the HTS ID and their data frames are encrypted.
_NOTICE = re.compile(r"^(H0..CNI[09]|HDFFF[12]C0|H0GSCNI[09])$")


def is_realtime(path: str) -> bool:
    return path.startswith(PATH_PREFIX)


def tr_id_of(page: Page) -> str:
    return page.path.removeprefix(PATH_PREFIX)


def spec_path(page: Page, diagnostics: Diagnostics) -> PurePosixPath:
    """Where the page's spec goes, inferred from its title and TR id (`realtime_place`)."""
    return realtime_place.place(page.title, tr_id_of(page), diagnostics)


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


def build_realtime(page: Page, text: str, diagnostics: Diagnostics, area: str) -> dict[str, Any]:
    """The spec of a page whose file goes under realtime/<area>/."""
    tr_id = tr_id_of(page)
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
    path = _AREA_PATHS.get(area, f"/realtime/{area}/")
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
    return spec
