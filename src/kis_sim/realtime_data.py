"""Synthetic realtime records, by field name and type, consistent with the REST quotes.

A code TR's instrument starts at the price the REST side quotes for it (주식현재가 시세,
FHKST01010100, same seed) and moves by one tick at a time; names are the product table's. Every
other field gets a plausible value of its type. Nothing here is per TR.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kis_runtime.fields import FieldInfo
from kis_runtime.realtime.record import RealtimeTr
from kis_sim import derive

QUOTE_TR = "FHKST01010100"  # 주식현재가 시세: the REST quote a tick stream starts from
_PRICE = ("PRPR", "PRC", "PRIC", "UNPR", "OPRC", "HGPR", "LWPR", "ASKP", "BIDP", "CNPR")
_NAMES = ("ISNM", "ISNM40", "KOR_ISNM")
_CODES = ("ISCD", "SHRN_ISCD", "SYMB", "RSYM", "SERIES_CD", "SRS_CD", "PDNO")


_STEPS = ((2_000, 1), (5_000, 5), (20_000, 10), (50_000, 50), (200_000, 100), (500_000, 500))


def tick_size(price: Decimal) -> Decimal:
    """KRX tick size at `price` (the table derive.tick rounds to)."""
    return Decimal(next((size for limit, size in _STEPS if price < limit), 1_000))


class Instrument:
    """One instrument's running state: price, cumulative volume."""

    def __init__(self, code: str, price: Decimal, seed: int) -> None:
        self.code, self.base, self.price = code, price, price
        self.volume = 0
        self.rng = random.Random(f"{seed}:{code}")  # noqa: S311 - simulated data, not secrets
        product = derive.BY_CODE.get(code)
        self.name = product.name if product else f"종목{code}"

    def step(self) -> int:
        """Move one tick (or stay); returns this trade's volume."""
        move = self.rng.choice((-1, 0, 0, 1))
        step = tick_size(self.price)
        self.price = max(step, self.price + move * step)
        qty = self.rng.randint(1, 50)
        self.volume += qty
        return qty


def quote_price(app: Any, code: str) -> Decimal:
    """What the REST side quotes as 현재가 for `code` (same simulator, same seed)."""
    from kis.registry import REGISTRY

    try:
        endpoint = REGISTRY.endpoint(QUOTE_TR)
        params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": code}
        block = app.data.blocks(endpoint, QUOTE_TR, params)["output"]
        price = Decimal(str(block["stck_prpr"]))
        if price > 0:
            return price
    except (KeyError, ValueError, ArithmeticError):
        pass
    product = derive.BY_CODE.get(code)
    return Decimal(product.price if product else 10_000)


def _upper(info: FieldInfo) -> str:
    return info.name.upper()


def value(info: FieldInfo, inst: Instrument, qty: int, now: dt.datetime, i: int) -> str:
    name = _upper(info)
    if info.type == "time":
        return now.strftime("%H%M%S")
    if info.type == "date":
        return now.strftime("%Y%m%d")
    if info.type == "str":
        if name.endswith(_CODES) or (i == 0 and "CODE" not in name):
            return inst.code
        if name.endswith(_NAMES):
            return inst.name
        if "HOUR" in name or "TIME" in name:
            return now.strftime("%H%M%S")
        return "0"
    if info.type == "int":
        if "ACML" in name:
            return str(inst.volume)
        return str(qty)
    # Decimal
    if name.endswith(("CTRT", "RATE", "RT")) or "RATE" in name:
        change = (inst.price - inst.base) / inst.base * 100
        return f"{change:.2f}"
    if "VRSS" in name:
        return str(inst.price - inst.base)
    if any(p in name for p in _PRICE):
        offset = 0
        digits = "".join(c for c in name if c.isdigit())
        level = int(digits) if digits else 1
        if "ASKP" in name:
            offset = level
        elif "BIDP" in name:
            offset = -level
        return str(max(Decimal(0), inst.price + offset * tick_size(inst.price)))
    return str(Decimal(inst.rng.randint(0, 100_000)) / 100)


def record_values(tr: RealtimeTr, inst: Instrument, now: dt.datetime) -> list[str]:
    """One record in the TR's first layout (the one KIS sends today)."""
    qty = inst.step()
    return [
        inst.code if info.name == tr.key else value(info, inst, qty, now, i)
        for i, info in enumerate(tr.layout_fields())
    ]


# -- order notices -----------------------------------------------------------------------------

NoticeValue = Callable[[dict[str, str]], str]


def notice_layout(tr: RealtimeTr, paper: bool) -> str:
    """The layout a notice is sent in: the paper server's own (H0STCNI9: 23 values) on paper."""
    return "paper" if paper and any(x.name == "paper" for x in tr.layouts) else ""


def notice_values(
    tr: RealtimeTr,
    order: dict[str, str],
    hts_id: str,
    executed: bool,
    now: dt.datetime,
    layout: str = "",
) -> list[str]:
    """A 체결통보 record for an order placed through the REST side: acceptance or execution."""
    by_name: dict[str, str] = {
        "CUST_ID": hts_id,
        "ACNT_NO": order.get("CANO", "") + order.get("ACNT_PRDT_CD", ""),
        "ODER_NO": order.get("ODNO", ""),
        "OODER_NO": order.get("OODER_NO", ""),
        "SELN_BYOV_CLS": "01" if order.get("side") == "sell" else "02",
        "RCTF_CLS": order.get("RCTF_CLS", "0"),
        "ODER_KIND": order.get("ORD_DVSN", "00"),
        "ODER_COND": "0",
        "STCK_SHRN_ISCD": order.get("PDNO", ""),
        "CNTG_QTY": order.get("ORD_QTY", "0") if executed else "0",
        "CNTG_UNPR": order.get("price", "0") if executed else "0",
        "STCK_CNTG_HOUR": now.strftime("%H%M%S"),
        "RFUS_YN": "0",
        "CNTG_YN": "2" if executed else "1",
        "ACPT_YN": "2" if executed else "1",
        "BRNC_NO": "00950",
        "ODER_QTY": order.get("ORD_QTY", "0"),
        "ACNT_NAME": "모의고객",
        "CNTG_ISNM40": order.get("name", ""),
        "CNTG_ISNM": order.get("name", ""),
        "ODER_PRC": order.get("ORD_UNPR", "0"),
        "ORDER_PRC": order.get("ORD_UNPR", "0"),
        "CRDT_CLS": "10",
        "ORD_EXG_GB": "1",
        "POPUP_YN": "N",
    }
    values = []
    for info in tr.layout_fields(layout):
        if info.name.upper() in by_name:
            values.append(by_name[info.name.upper()])
        elif info.type in ("int", "Decimal"):
            values.append("0")
        elif info.type == "time":
            values.append(now.strftime("%H%M%S"))
        elif info.type == "date":
            values.append(now.strftime("%Y%m%d"))
        else:
            values.append("")
    return values
