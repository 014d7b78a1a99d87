"""Deterministic, plausible wire values for a TR's reply, typed by its spec.

Every value is a string as KIS sends it; the seed covers the run seed, the TR id, the request
params (not the continuation keys) and the position, so the same request always gets the same
data and a test can compute what to expect (`DataSource.blocks`). Fields are drawn one by one,
then `derive` makes them add up (평가금액 = 보유수량 x 현재가, totals = sums over all rows, ...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kis_runtime.endpoint import Endpoint, FieldInfo, OutputInfo
from kis_sim import derive
from kis_sim.derive import fit as _fit
from kis_sim.regex_sample import sample

_PRODUCTS = tuple(p.name for p in derive.PRODUCTS)
_WORDS = ("현금", "사용자", "일반", "신용", "위탁", "보통")
_FIRST_DATE = dt.date(2024, 1, 2)
_OPEN, _CLOSE = 9 * 3600, 15 * 3600 + 30 * 60


def rng_for(*parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return random.Random(int(digest[:16], 16))  # noqa: S311 - reproducible data, not secrets


def field_value(field: FieldInfo, rng: random.Random, echo: Mapping[str, str]) -> str:
    """One wire value; `echo` holds the request params, which an output field of the same name
    repeats (a reply's pdno is the requested PDNO)."""
    name = field.name.lower()
    if name in echo and echo[name].strip() and field.type == "str":
        return _fit(echo[name], field.digits)
    if field.type == "int":
        return str(_integer(name, field, rng))
    if field.type == "Decimal":
        return _decimal(name, field, rng)
    if field.type == "date":
        return (_FIRST_DATE + dt.timedelta(days=rng.randrange(700))).strftime("%Y%m%d")
    if field.type == "time":
        seconds = rng.randrange(_OPEN, _CLOSE)
        return f"{seconds // 3600:02d}{seconds // 60 % 60:02d}{seconds % 60:02d}"
    return _string(name, field, rng)


def _cap(digits: int | None, default: int) -> int:
    return default if digits is None else min(default, 10 ** max(digits, 1) - 1)


def _integer(name: str, field: FieldInfo, rng: random.Random) -> int:
    high = 500 if ("qty" in name or "cnt" in name) else 100_000
    return rng.randint(0, _cap(field.digits, high))


def _decimal(name: str, field: FieldInfo, rng: random.Random) -> str:
    scale = field.scale or 0
    whole = None if field.digits is None else field.digits - scale
    if name.endswith("rt") or "rate" in name or "ratio" in name:
        low, high = -30, 30
    elif any(part in name for part in ("pric", "prpr", "prc", "price")):
        low, high = 1_000, 200_000
    elif "pfls" in name or name.endswith("_pl"):
        low, high = -1_000_000, 1_000_000
    else:
        low, high = 0, 100_000_000
    high = _cap(whole, high)
    low = min(max(low, -high), high)  # a Length too short for the usual range (doc typos)
    units = rng.randint(low * 10**scale, high * 10**scale)
    return format(Decimal(units).scaleb(-scale), "f")


def _string(name: str, field: FieldInfo, rng: random.Random) -> str:
    if field.values:
        return rng.choice(field.values)
    if field.pattern:
        return sample(field.pattern, rng)
    if name.endswith("yn"):
        text = rng.choice("YN")
    elif ("prdt" in name and "name" in name) or "isnm" in name:
        text = rng.choice(_PRODUCTS)
    elif "name" in name or name.endswith("_nm"):
        text = rng.choice(_WORDS)
    elif name in ("pdno", "mksc_shrn_iscd") or "iscd" in name or "shtn" in name:
        text = f"{rng.randrange(1, 10**6):06d}"
    elif name.endswith("_cd") or "dvsn" in name:
        text = f"{rng.randrange(100):02d}"
    else:
        text = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8))
    return _fit(text, field.digits)


class DataSource:
    """The full data set of a request: every output block, all rows (before paging)."""

    def __init__(
        self, seed: int, rows: int, fixtures: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        self.seed, self.rows, self.fixtures = seed, rows, fixtures or {}

    def blocks(
        self, endpoint: Endpoint[Any, Any], tr_id: str, params: Mapping[str, str]
    ) -> dict[str, Any]:
        """Output block name -> list of rows (array blocks) or one object."""
        key = request_key(endpoint, params)
        cursor = set(endpoint.cursor)
        echo = {k.lower(): v for k, v in params.items() if k not in cursor}
        fixture = self.fixtures.get(tr_id, {})
        main = main_array(endpoint)
        krx = derive.equity(endpoint.path)  # the product table holds KRX stocks and ETFs
        products = derive.product_order(rng_for(self.seed, "products", tr_id, key)) if krx else []
        asked = derive.requested(echo)
        result: dict[str, Any] = {}
        for block in endpoint.outputs:
            if block.name in fixture:
                result[block.name] = fixture[block.name]
                continue
            count = (self.rows if block is main else 1) if block.array else 1
            rows = [
                self.row(block, (tr_id, key, i), echo, _product(products, i, block, asked))
                for i in range(count)
            ]
            result[block.name] = rows if block.array else rows[0]
        if main is not None:
            generated = frozenset(b.name for b in endpoint.outputs if b.name not in fixture)
            rng = rng_for(self.seed, "summary", tr_id, key)
            derive.summarise(endpoint.outputs, result, main, generated, rng)
        for block in endpoint.outputs:  # keys as the server spells them (a wire alias)
            if any(f.wire for f in block.fields) and block.name not in fixture:
                value = result[block.name]
                rows = [wire_keys(block, r) for r in (value if block.array else [value])]
                result[block.name] = rows if block.array else rows[0]
        return result

    def row(
        self,
        block: OutputInfo,
        where: tuple[object, ...],
        echo: Mapping[str, str],
        product: derive.Product | None = None,
    ) -> dict[str, str]:
        """One row: every field drawn from the row's own rng, then the derivation rules (so a
        row depends on its position, never on the page it lands in)."""
        rng = rng_for(self.seed, block.name, *where)
        row = {f.name: field_value(f, rng, echo) for f in block.fields}
        echoed = frozenset(
            f.name
            for f in block.fields
            if f.type == "str" and f.name.lower() in echo and echo[f.name.lower()].strip()
        )
        known = derive.name_product(block.fields, row, product, echoed) if product else None
        extra = {derive.REF_PRICE: Decimal(known.price)} if known else {}
        derive.apply(derive.ROW_RULES, derive.Block(block.fields), row, rng, extra)
        return row

    def value(self, field: FieldInfo, tr_id: str, params: Mapping[str, str]) -> str:
        rng = rng_for(self.seed, field.name, tr_id, request_key_of(params))
        return field_value(field, rng, {})


def _product(
    products: list[derive.Product], index: int, block: OutputInfo, asked: derive.Product | None
) -> derive.Product | None:
    """Row `index`'s product: the requested one for a single-object block (a quote), else the
    request's seeded order; None outside the product table's markets."""
    if not products:
        return None
    if asked is not None and not block.array:
        return asked
    return products[index % len(products)]


def main_array(endpoint: Endpoint[Any, Any]) -> OutputInfo | None:
    """The block that holds the TR's rows and is paged: its first array output."""
    return next((block for block in endpoint.outputs if block.array), None)


def request_key(endpoint: Endpoint[Any, Any], params: Mapping[str, str]) -> str:
    """The request params that select the data (continuation keys excluded), canonically."""
    cursor = set(endpoint.cursor)
    return request_key_of({k: v for k, v in params.items() if k not in cursor})


def request_key_of(params: Mapping[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()))


def wire_keys(block: OutputInfo, row: dict[str, str]) -> dict[str, str]:
    renamed = {f.name: f.wire for f in block.fields if f.wire}
    return {renamed.get(name, name): value for name, value in row.items()}
