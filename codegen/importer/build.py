"""A parsed Page -> the spec as an ordered dict in the spec format (spec/README.md).

Every rule that changes what the doc says adds a `doc_fix` to the spec and a diagnostic, so the
correction is visible in the spec and in the import report alike.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from codegen import naming
from codegen.importer import codes, corrections, infer
from codegen.importer.diagnostics import Diagnostics, Level
from codegen.importer.page import BODY, HEADER, QUERY, REQUEST, RESPONSE, Page, Row
from codegen.importer.trids import tr_entries
from codegen.loader import shape_hint
from codegen.model import Common, Field, Shape

Spec = dict[str, Any]
_AUTH_PATHS = ("/oauth2/", "/uapi/hashkey")
_BLOCK_TYPES = {"Object": "object", "Object Array": "array", "Array": "array"}
_ENVELOPE = ("rt_cd", "msg_cd", "msg1")
_CURSOR = re.compile(r"^ctx_area_(fk|nk)\d*$", re.IGNORECASE)
# `SRS_CD_02…` between SRS_CD_01 and SRS_CD_32 stands for SRS_CD_02 … SRS_CD_31.
_RANGE = re.compile(r"^(?P<stem>[A-Za-z_]+?)(?P<start>\d+)(…|\.\.\.)$")
_NUMBERED = re.compile(r"^(?P<stem>[A-Za-z_]+?)(?P<end>\d+)$")
# The request tr_cont row of pages that page by tr_cont reads "공백 : 초기 조회 / N : 다음 …";
# the others say "tr_cont를 이용한 다음조회 불가 API".
_TR_CONT_PAGING = "초기 조회"
# ("없음: 전체" lists the empty value as a code: nothing sent means all.)
_BLANK_ALLOWED = re.compile(
    r"공백|공란|빈\s*값|빈칸|미입력|blank|null|space|(^|\n)\W*없음\s*:", re.IGNORECASE
)
_EXAMPLE_ARRAY = re.compile(r"^\s+(\w+): List\[")
_EXAMPLE_OBJECT = re.compile(r"^\s+(\w+): ResponseBody\w+")
_FREE_FORM = "JsonBody"  # hashkey: "the JSON body to sign", any object; not a field
# Order bodies (POST TRs): quantities and prices, which KIS takes as strings of digits.
_ORDER_QTY = re.compile(r"(^|_)QTY\d*$", re.IGNORECASE)
_ORDER_PRICE = re.compile(r"(^|_)(UNPR|PRIC|PRICE)\d*$", re.IGNORECASE)
_WHOLE = "[0-9]+"
_DECIMAL = r"[0-9]+(\.[0-9]+)?"
_SIGNED_DECIMAL = r"-?[0-9]+(\.[0-9]+)?"
_FUTURES = ("/uapi/domestic-futureoption/", "/uapi/overseas-futureoption/")
_NIGHT = "야간"
# A value the description gives for the field itself: "ex) 265520", "(ex. 005930)", "예) AAPL",
# "(20241023)", "YYYYMMDD".
_EXAMPLE_VALUE = re.compile(
    r"(?:\bex\)?\.?|예\))\s*(?P<ex>[0-9A-Z]{3,})\b|\((?P<date>\d{8})\)|\b(?P<fmt>YYYYMMDD)\b"
)
_PRODUCT_CODE = re.compile(r"(^|_)(PDNO|ISCD|SYMB|SHT_CD)(_\d+)?$", re.IGNORECASE)
# Pages that say their TR cannot page ("본 API는 다음조회가 불가합니다", "(다음조회 불가)").
_NO_NEXT = re.compile(r"다음\s*조회\s*(가|는|이)?\s*불가")


def is_auth(path: str) -> bool:
    return path.startswith(_AUTH_PATHS)


def add_fix(item: dict[str, Any], text: str) -> None:
    """Record a correction on a field or block, as its last key (a second joins the first)."""
    earlier = item.pop("doc_fix", None)
    item["doc_fix"] = f"{earlier}; {text}" if earlier else text


def _field(
    row: Row, diagnostics: Diagnostics, *, request: bool, path: str, night: bool = False
) -> dict[str, Any]:
    length = infer.parse_length(row.length)
    if isinstance(length, ValueError):
        diagnostics.warning(row.line, "length", f"{row.name}: {length}; no length written")
        length = None
    field: dict[str, Any] = {"name": row.name, "title": row.title}
    if request:
        field["type"] = infer.request_type(row.name, length, path)
    else:
        field["type"] = infer.infer_type(row.name, row.title, length, path)
    past_midnight = infer.PAST_MIDNIGHT.search(f"{row.title}\n{row.description}")
    demoted = field["type"] == "time" and bool(night or past_midnight)
    if demoted:
        field["type"] = "str"
        diagnostics.info(row.line, "time-past-midnight", f"{row.name}: HHMMSS may pass 24h: str")
    if request and row.required:
        field["required"] = True
    if length is not None:
        field["length"] = length
    if row.description:
        field["description"] = row.description
    if request:
        found = codes.classify(row.name, row.description)
        if found.default is not None:
            field["default"] = found.default
        if found.values:
            field["values"] = found.values
        if found.values or (found.default is not None and field["type"] != "str"):
            field["type"] = "str"  # a code, or a fixed value: KIS's own string
    if (sensitive := infer.sensitivity(row.name)) is not None:
        field["sensitive"] = sensitive
    if demoted:
        add_fix(
            field,
            "str, not time: "
            + (
                f"the doc says {past_midnight.group(0)!r}, so a time after midnight may read +24h"
                if past_midnight
                else "a night-session (야간) TR, whose times after midnight may read +24h"
            )
            + ' ("260000" is 26:00), which no time of day holds',
        )
    return field


def _night(page: Page) -> bool:
    """The TR serves the night futures/options session (its times may pass 24:00)."""
    request = page.table(REQUEST, QUERY) or page.table(REQUEST, BODY)
    described = " ".join(row.description for row in request.rows) if request else ""
    return _NIGHT in page.title or _NIGHT in page.real_tr or _NIGHT in described


def _order_pattern(field: dict[str, Any], path: str, diagnostics: Diagnostics, line: int) -> None:
    """An order's quantity and price: digits (and a decimal point where prices have one)."""
    name = field["name"]
    if _ORDER_QTY.search(name):
        pattern, why = _WHOLE, "an order quantity is a whole number of units"
    elif _ORDER_PRICE.search(name) and path.startswith(_FUTURES):
        pattern, why = (
            _SIGNED_DECIMAL,
            ("a futures/options price is a decimal number, below zero for a spread"),
        )
    elif _ORDER_PRICE.search(name) and path.startswith("/uapi/domestic-stock/"):
        pattern, why = _WHOLE, "a domestic stock price is whole won"
    elif _ORDER_PRICE.search(name):
        pattern, why = _DECIMAL, "an overseas stock or bond price is a decimal number"
    else:
        return
    field["pattern"] = pattern
    add_fix(
        field,
        f'pattern added: the doc types it String, so "-1", " 10" or "1e3" would be sent; {why}',
    )
    diagnostics.info(line, "order-pattern", f"{name}: pattern {pattern}")


def _check_headers(page: Page, common: Common, diagnostics: Diagnostics) -> None:
    """The header tables are common (spec/_common.yaml): report how this page's differ."""
    for part, expected in ((REQUEST, common.request_headers), (RESPONSE, common.response_headers)):
        table = page.table(part, HEADER)
        if table is None:
            diagnostics.warning(1, "header-table", f"no {part} Header table")
            continue
        known = {f.name: f for f in expected}
        seen = {row.name for row in table.rows}
        for row in table.rows:
            _compare_header(part, row, known.get(row.name), diagnostics)
        for name in [f.name for f in expected if f.name not in seen]:
            diagnostics.warning(table.line, "header-missing", f"{part} header {name} not listed")


def _compare_header(part: str, row: Row, field: Field | None, diagnostics: Diagnostics) -> None:
    if field is None:
        diagnostics.warning(row.line, "header-extra", f"{part} header {row.name} is not common")
        return
    if row.required != field.required:
        diagnostics.warning(
            row.line,
            "header-required",
            f"{part} header {row.name}: Required {'Y' if row.required else 'N'}, common says "
            f"{'Y' if field.required else 'N'}",
        )
    length = infer.parse_length(row.length)
    common_length = field.length.digits if field.length else None
    if length != common_length:
        diagnostics.warning(
            row.line,
            "header-length",
            f"{part} header {row.name}: Length {row.length or 'blank'}, "
            f"common says {common_length}",
        )


def _fix_length(
    field: dict[str, Any], path: str, used: set[object], diagnostics: Diagnostics, line: int
) -> None:
    """A request Length shorter than a value the doc itself gives (a code it lists, its example,
    YYYYMMDD) would refuse real calls: the reviewed length, or none."""
    length = field.get("length")
    if not isinstance(length, int):
        return
    if (path, field["name"]) in corrections.LENGTHS:
        used.add(("length", path, field["name"]))
        field["length"], why = corrections.LENGTHS[(path, field["name"])]
        add_fix(field, f"Length {field['length']}, not {length}: {why}")
        diagnostics.info(line, "length-fixed", f"{field['name']}: {length} -> {field['length']}")
        return
    description = field.get("description", "")
    digits = [int(n) for n in re.findall(r"(\d+)\s*자리", description)]
    if digits and max(digits) > length:  # "종목코드(6자리)" under Length 5
        field["length"] = max(digits)
        add_fix(
            field, f"Length {max(digits)}, not {length}: its description says {max(digits)}자리"
        )
        diagnostics.info(line, "length-fixed", f"{field['name']}: {length} -> {max(digits)}")
        return
    if _PRODUCT_CODE.search(field["name"]) and length < 6 and not field.get("values"):
        del field["length"]
        add_fix(
            field,
            f"no length: Length {length} is too short for a product code (stock codes have 6 "
            "characters, overseas tickers and futures codes more): it would refuse real requests",
        )
        diagnostics.info(line, "length-dropped", f"{field['name']}: Length {length} < 6")
        return
    given = [code for code in field.get("values", {}) if len(code) > length]
    examples = [m[m.lastgroup or 0] for m in _EXAMPLE_VALUE.finditer(description)]
    given += [example for example in examples if len(example) > length]
    if given:
        del field["length"]
        add_fix(
            field,
            f"no length: the doc's Length {length} is shorter than {given[0]!r}, a value its own "
            "description gives, so enforcing it would refuse real requests",
        )
        diagnostics.info(line, "length-dropped", f"{field['name']}: Length {length} < {given[0]}")


def _no_next(page: Page) -> bool:
    """The page's 개요 says the TR cannot page (다음조회가 불가합니다)."""
    return bool(_NO_NEXT.search(page.overview))


def _rename_param(
    field: dict[str, Any], path: str, used: set[object], diagnostics: Diagnostics, line: int
) -> None:
    """A request name the doc misspells: the name KIS's own samples send (corrections.PARAMS)."""
    name = field["name"]
    if (path, name) in corrections.PARAMS:
        used.add(("param", path, name))
        field["name"], why = corrections.PARAMS[(path, name)]
        add_fix(field, f"named {field['name']}, not {name} as the doc has it: {why}")
    elif path in corrections.UPPERCASE_PARAMS and name != name.upper():
        used.add(("upper", path))
        field["name"] = name.upper()
        sample = corrections.UPPERCASE_PARAMS[path]
        add_fix(
            field,
            f"sent as {field['name']}, as KIS's sample examples_llm/{sample}.py sends it (the doc "
            f"writes {name}; every other page writes these names in capitals)",
        )
    else:
        return
    diagnostics.info(line, "param-renamed", f"{name} -> {field['name']}")


def _request(page: Page, diagnostics: Diagnostics, used: set[object]) -> list[dict[str, Any]]:
    section, other = (QUERY, BODY) if page.method == "GET" else (BODY, QUERY)
    if page.table(REQUEST, other) is not None:
        diagnostics.error(
            1, "request-section", f"a {page.method} page with a request {other} table"
        )
    table = page.table(REQUEST, section)
    if table is None:
        return []
    fields: list[dict[str, Any]] = []
    rows, ranged = _expand_ranges(list(table.rows), diagnostics)
    no_next = _no_next(page)
    for row in rows:
        if row.name == _FREE_FORM and row.type == "Object":
            diagnostics.info(row.line, "free-form", f"{row.name}: any JSON object, not a field")
            continue
        if row.nested or row.type not in ("String", ""):
            diagnostics.warning(
                row.line, "request-nested", f"{row.name} ({row.type or 'nested'}) left out"
            )
            continue
        field = _field(row, diagnostics, request=True, path=page.path)
        if (page.path, row.name) in corrections.OPEN_VALUES:
            used.add(("open", page.path, row.name))
            field.pop("values", None)
            add_fix(field, corrections.OPEN_VALUES[(page.path, row.name)])
        if (page.path, row.name) in corrections.OPTIONAL_PARAMS:
            used.add(("optional", page.path, row.name))
            field.pop("required", None)
            add_fix(field, corrections.OPTIONAL_PARAMS[(page.path, row.name)])
        _rename_param(field, page.path, used, diagnostics, row.line)
        _fix_length(field, page.path, used, diagnostics, row.line)
        if row.name in ranged:
            add_fix(
                field,
                "the doc abbreviates a numbered run as one row (`…`) and marks it required; "
                "each code is optional (send as many as QRY_CNT says)",
            )
        cursor = _CURSOR.match(row.name)
        if cursor and (no_next or _NO_NEXT.search(row.description)):
            add_fix(
                field,
                "no cursor: the page says this TR cannot page (다음조회 불가), so nothing follows "
                "the reply's keys",
            )
            diagnostics.info(row.line, "no-next", f"{row.name}: the doc says no next page")
            field["_reply_key"] = row.name.lower()
            cursor = None
        if cursor:
            field["cursor"] = row.name.lower()
            add_fix(
                field,
                f"blank on the first request; then the previous reply's {row.name.lower()} "
                "(filled by the pager)",
            )
        if "cursor" not in field and row.required and _BLANK_ALLOWED.search(row.description):
            del field["required"]
            add_fix(
                field,
                "the doc marks it required, yet its description allows a blank value: "
                "optional here, so a blank can be sent",
            )
            diagnostics.info(row.line, "blank-allowed", f"{row.name}: required Y, blank allowed")
        if row.name.upper() == "CANO":
            field["pattern"] = "[0-9]{8}"
            add_fix(
                field,
                "pattern added: the doc gives only the length; KIS account numbers are 8 digits",
            )
        if page.method == "POST" and not is_auth(page.path):
            _order_pattern(field, page.path, diagnostics, row.line)
        fields.append(field)
    if page.path in corrections.ADDED_PARAMS:
        used.add(("added-param", page.path))
        added, why = corrections.ADDED_PARAMS[page.path]
        for extra in added:
            fields.append({**extra, "doc_fix": f"missing from the doc's table: {why}"})
    return _unique(fields, table.rows, diagnostics, "request")


def _expand_ranges(rows: list[Row], diagnostics: Diagnostics) -> tuple[list[Row], set[str]]:
    """`SRS_CD_02…` followed by `SRS_CD_32`: the rows in between, all optional (up to 32 codes).

    Also returns the names made optional (the expanded rows and the closing one).
    """
    out: list[Row] = []
    ranged: set[str] = set()
    for i, row in enumerate(rows):
        start = _RANGE.match(row.name)
        end = _NUMBERED.match(rows[i + 1].name) if start and i + 1 < len(rows) else None
        if start is None or end is None or end["stem"] != start["stem"]:
            out.append(row)
            continue
        first, last, digits = int(start["start"]), int(end["end"]), len(start["start"])
        title = row.title.rstrip("….").rstrip("0123456789")
        diagnostics.warning(
            row.line,
            "name-range",
            f"{row.name}: expanded to {start['stem']}{first:0{digits}d}"
            f" … {start['stem']}{last - 1:0{digits}d} (optional)",
        )
        for n in range(first, last):
            number = f"{n:0{digits}d}"
            numbered = title + (str(n) if row.title.rstrip("….") != title else "")
            out.append(
                attrs.evolve(row, name=f"{start['stem']}{number}", title=numbered, required=False)
            )
            ranged.add(f"{start['stem']}{number}")
        rows[i + 1] = attrs.evolve(rows[i + 1], required=False)
        ranged.add(rows[i + 1].name)
    return out, ranged


def _unique(
    fields: list[dict[str, Any]], rows: tuple[Row, ...], diagnostics: Diagnostics, where: str
) -> list[dict[str, Any]]:
    """Drop rows whose name repeats one before (same Python name) or is no identifier."""
    line_of = {row.name: row.line for row in rows}
    kept: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    for field in fields:
        name = field["name"]
        line = field.pop("_line", line_of.get(name, 1))
        if not naming.is_identifier(name):
            diagnostics.warning(
                line, "bad-name", f"{where} field {name!r} is no identifier: left out"
            )
            continue
        key = naming.py_name(name)
        if key in seen:
            same = seen[key] == field
            diagnostics.add(
                Level.INFO if same else Level.WARNING,
                line,
                "duplicate-field",
                f"{where} field {name} repeated{' identically' if same else ''}: second left out",
            )
            continue
        seen[key] = field
        kept.append(field)
    return kept


def _example_shapes(text: str) -> dict[str, str]:
    """Block shapes from the example ResponseBody dataclass (`output: List[...]`)."""
    shapes: dict[str, str] = {}
    in_body = False
    for line in text.splitlines():
        if line.strip().startswith("class "):
            in_body = line.strip().startswith("class ResponseBody:")
        elif in_body:
            if (m := _EXAMPLE_ARRAY.match(line)) is not None:
                shapes[m.group(1)] = "array"
            elif (m := _EXAMPLE_OBJECT.match(line)) is not None:
                shapes[m.group(1)] = "object"
    return shapes


def _response(
    page: Page, text: str, diagnostics: Diagnostics
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(top-level body fields, output blocks) from the response Body table."""
    table = page.table(RESPONSE, BODY)
    if table is None:
        diagnostics.warning(1, "response-body", "no response Body table")
        return [], []
    shapes = _example_shapes(text)
    night = _night(page)
    body: list[dict[str, Any]] = []
    blocks: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    after_nested = False
    for row in table.rows:
        if row.dash:
            diagnostics.info(row.line, "dash-nesting", f"{row.name}: '-' prefix marks nesting")
        if not row.nested and row.name in _ENVELOPE:
            if after_nested:
                diagnostics.info(row.line, "top-after-nested", f"{row.name} after nested rows")
            continue
        if row.name == _FREE_FORM:
            diagnostics.info(
                row.line, "free-form", f"{row.name}: echo of the signed body, left out"
            )
            continue
        block_type = row.type in _BLOCK_TYPES or (row.type == "" and row.name in shapes)
        if not row.nested and block_type:
            current = _block(row, shapes, blocks, diagnostics)
            after_nested = False
            continue
        if row.nested and row.type in _BLOCK_TYPES and row.type != "Object":
            diagnostics.warning(
                row.line, "nested-block", f"{row.name}: a block inside a block, left out"
            )
            continue
        if row.type == "Object":
            diagnostics.warning(
                row.line,
                "object-leaf",
                f"{row.name}: typed Object but holds a value; read as String",
            )
        field = _field(row, diagnostics, request=False, path=page.path, night=night)
        field["_line"] = row.line
        if row.nested and current is not None:
            current["fields"].append(field)
            after_nested = True
        else:
            if row.nested:
                diagnostics.warning(row.line, "orphan-field", f"{row.name}: nested under no block")
            elif after_nested:
                diagnostics.info(row.line, "top-after-nested", f"{row.name} after nested rows")
            body.append(field)
    outputs = list(blocks.values())
    for block in outputs:
        block["fields"] = _unique(block["fields"], table.rows, diagnostics, block["name"])
    _resolve_shapes(page, outputs, diagnostics)
    return _unique(body, table.rows, diagnostics, "response body"), outputs


def _block(
    row: Row, shapes: dict[str, str], blocks: dict[str, dict[str, Any]], diagnostics: Diagnostics
) -> dict[str, Any]:
    shape = _BLOCK_TYPES.get(row.type) or shapes[row.name]
    if not row.type:
        diagnostics.info(row.line, "blank-type", f"{row.name}: shape {shape} from the example")
    if row.name in blocks:
        diagnostics.warning(
            row.line, "block-twice", f"{row.name} declared again: its fields are merged"
        )
        return blocks[row.name]
    block: dict[str, Any] = {
        "name": row.name,
        "title": row.title,
        "shape": shape,
        "_line": row.line,
    }
    if row.description:
        block["description"] = row.description
    block["fields"] = []
    blocks[row.name] = block
    return block


def _resolve_shapes(page: Page, outputs: list[dict[str, Any]], diagnostics: Diagnostics) -> None:
    """Settle a block whose Type and description hint disagree (or whose Type KIS ignores).

    In order: the reviewed per-page table (corrections.SHAPES); an order (POST TR) reply is one
    object whatever the doc says; a block typed array but described `single` is one object; a
    block typed Object but described `array` is an array, and when the page's only other block is
    typed array without a hint of its own, the doc swapped the two Types (chart TRs: one header
    object, an array of bars; bond fills: one totals object, an array of fills), so that one is an
    object.
    """
    hints = {b["name"]: shape_hint(b.get("description", "")) for b in outputs}
    order = page.method == "POST" and not is_auth(page.path)
    fixes: dict[str, tuple[str, str]] = {}
    for block in outputs:
        name, shape, hint = block["name"], block["shape"], hints[block["name"]]
        said = f"its description says {block.get('description', '').split(chr(10))[0]!r}"
        if (page.path, name) in corrections.SHAPES:
            fixes[name] = corrections.SHAPES[(page.path, name)]
        elif order and shape == "array":
            fixes[name] = (
                "object",
                "an order reply is one object (the order just placed or changed), as the real "
                "server sends it; the doc types it array"
                + (f" ({said})" if hint is not None else ""),
            )
        elif hint is Shape.OBJECT and shape == "array":
            fixes[name] = ("object", f"the doc types it array but {said}: one object")
        elif hint is Shape.ARRAY and shape == "object":
            others = [b for b in outputs if b is not block]
            swapped = (
                len(others) == 1
                and others[0]["shape"] == "array"
                and hints[others[0]["name"]] is None
            )
            if swapped:
                other = others[0]["name"]
                why = (
                    f"the doc swapped the Types of {other} and {name}: {name} is typed Object but "
                    f"{said}, {other} is typed array without a hint; one {other} object and an "
                    f"array of {name} rows"
                )
                fixes[name] = ("array", why)
                fixes[other] = ("object", why)
            else:
                fixes[name] = ("array", f"the doc types it Object but {said}: an array")
    for block in outputs:
        line = block.pop("_line")
        if block["name"] not in fixes:
            continue
        shape, why = fixes[block["name"]]
        if shape != block["shape"]:
            diagnostics.info(line, "shape-fixed", f"{block['name']}: {block['shape']} -> {shape}")
        block["shape"] = shape
        fields = block.pop("fields")
        add_fix(block, why)
        block["fields"] = fields


def _add_cursor_fields(
    params: list[dict[str, Any]], body: list[dict[str, Any]], diagnostics: Diagnostics, line: int
) -> None:
    """Continuation keys the request sends must come back in the reply's body: add missing ones."""
    present = {f["name"].lower(): f["name"] for f in body}
    account = any(p.get("sensitive") == "account" and "cursor" not in p for p in params)
    for param in params:
        if (key := param.pop("_reply_key", None)) is not None and key not in present:
            sent: dict[str, Any] = {"name": key, "title": param["title"], "type": "str"}
            if "length" in param:
                sent["length"] = param["length"]
            if (sensitive := infer.sensitivity(key)) is not None:
                sent["sensitive"] = sensitive
            sent["doc_fix"] = (
                "missing from the doc's Body table; the server sends it though the TR does not "
                f"page ({corrections.PEER_LOG}: lendable-by-company, colable-by-company)"
            )
            diagnostics.info(line, "reply-key-added", f"response body {key} (sent, not a cursor)")
            body.append(sent)
        if "cursor" not in param:
            continue
        if param["cursor"] in present:
            param["cursor"] = present[param["cursor"]]
            continue
        name = param["cursor"]
        field: dict[str, Any] = {"name": name, "title": param["title"], "type": "str"}
        if "length" in param:
            field["length"] = param["length"]
        fk = "_fk" in name
        if (sensitive := infer.sensitivity(name)) is not None:
            field["sensitive"] = sensitive
        field["doc_fix"] = (
            "missing from the doc's Body table; the reply carries it for the next page"
            + (" (it embeds the account number)" if fk and account else "")
        )
        diagnostics.warning(line, "cursor-added", f"response body {name} added (request sends it)")
        body.append(field)


def _set(field: dict[str, Any], key: str, value: Any) -> None:
    """Set a key on a field, keeping doc_fix last."""
    fix = field.pop("doc_fix", None)
    field[key] = value
    if fix is not None:
        field["doc_fix"] = fix


def _correct_response(
    page: Page, outputs: list[dict[str, Any]], used: set[object], diagnostics: Diagnostics
) -> None:
    """Apply the reviewed corrections (codegen/importer/corrections.py) to the reply blocks."""
    order = page.method == "POST" and page.path.startswith(corrections.ORDER_CAPITALS_AREAS)
    for block in outputs:
        for field in block["fields"]:
            name = field["name"]
            if order and name in corrections.ORDER_CAPITALS:
                _set(field, "name", name.upper())
                add_fix(
                    field, f"named {name.upper()}, not {name}: {corrections.ORDER_CAPITALS_WHY}"
                )
            fix = corrections.FIELDS.get((page.path, name))
            if fix is None:
                continue
            used.add(("field", page.path, name))
            for key in ("name", "type", "alias", "null_values"):
                if key in fix:
                    _set(field, key, fix[key])
            add_fix(field, fix["why"])
            diagnostics.info(1, "field-corrected", f"{block['name']}.{name}: {fix['why'][:60]}")
        doc_name: str = block["name"]
        if (page.path, doc_name) in corrections.ADDED_FIELDS:
            used.add(("added", page.path, doc_name))
            added, why = corrections.ADDED_FIELDS[(page.path, doc_name)]
            present = {f["name"].lower() for f in block["fields"]}
            for new in added:
                if new["name"].lower() in present:
                    diagnostics.error(1, "added-field", f"{doc_name}.{new['name']} is on the page")
                block["fields"].append({**new, "doc_fix": f"missing from the doc's table; {why}"})
        if (page.path, doc_name) in corrections.SHAPES:
            used.add(("shape", page.path, doc_name))
        if (page.path, doc_name) in corrections.BLOCK_NAMES:
            used.add(("block", page.path, doc_name))
            server, why = corrections.BLOCK_NAMES[(page.path, doc_name)]
            fields = block.pop("fields")
            block["name"] = server
            add_fix(block, f"named {server}, not {doc_name} as the doc has it: {why}")
            block["fields"] = fields


def _check_used(page: Page, used: set[object], diagnostics: Diagnostics) -> None:
    """Every reviewed correction for this page must have matched: a stale entry is an error."""
    expected: set[object] = {("block", *k) for k in corrections.BLOCK_NAMES if k[0] == page.path}
    expected |= {("shape", *k) for k in corrections.SHAPES if k[0] == page.path}
    expected |= {("field", *k) for k in corrections.FIELDS if k[0] == page.path}
    expected |= {("param", *k) for k in corrections.PARAMS if k[0] == page.path}
    expected |= {("open", *k) for k in corrections.OPEN_VALUES if k[0] == page.path}
    expected |= {("length", *k) for k in corrections.LENGTHS if k[0] == page.path}
    expected |= {("optional", *k) for k in corrections.OPTIONAL_PARAMS if k[0] == page.path}
    expected |= {("added", *k) for k in corrections.ADDED_FIELDS if k[0] == page.path}
    if page.path in corrections.UPPERCASE_PARAMS:
        expected.add(("upper", page.path))
    if page.path in corrections.ADDED_PARAMS:
        expected.add(("added-param", page.path))
    for entry in sorted(map(str, expected - used)):
        diagnostics.error(1, "stale-correction", f"corrections.py entry matches nothing: {entry}")


def _pages_by_tr_cont(page: Page) -> bool:
    table = page.table(REQUEST, HEADER)
    row = next((r for r in table.rows if r.name == "tr_cont"), None) if table else None
    return row is not None and _TR_CONT_PAGING in row.description


def build_spec(page: Page, text: str, common: Common, diagnostics: Diagnostics) -> Spec:
    spec: Spec = {"title": page.title}
    auth = is_auth(page.path)
    if auth:
        spec["kind"] = "auth"
    if page.api_id:
        spec["api_id"] = page.api_id
    spec["method"] = page.method
    spec["path"] = page.path
    if auth:
        if page.real_tr:
            diagnostics.error(page.tr_line, "tr-auth", "an auth page with a TR id")
    else:
        entries = tr_entries(page, diagnostics)
        spec["tr_ids"] = [
            {
                **({"variant": e.variant} if e.variant else {}),
                **({"label": e.label} if e.label else {}),
                "real": e.real,
                "paper": e.paper,
            }
            for e in entries
        ]
        _check_headers(page, common, diagnostics)
    if page.overview:
        spec["overview"] = page.overview
    used: set[object] = set()
    params = _request(page, diagnostics, used)
    body, outputs = _response(page, text, diagnostics)
    _correct_response(page, outputs, used, diagnostics)
    _check_used(page, used, diagnostics)
    body_line = table.line if (table := page.table(RESPONSE, BODY)) else 1
    _add_cursor_fields(params, body, diagnostics, body_line)
    if params:
        spec["request"] = {"params" if page.method == "GET" else "body": params}
    paging = _pages_by_tr_cont(page) and not _no_next(page)
    if not auth and not any("cursor" in p for p in params) and paging:
        spec["paging"] = True
    response: dict[str, Any] = {}
    if body:
        response["body"] = body
    if outputs:
        response["outputs"] = outputs
    if response:
        spec["response"] = response
    return spec
