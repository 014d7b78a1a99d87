"""Python types, lengths and sensitivity inferred from a row's name, Korean title and Length.

Conservative on purpose: a field becomes int / Decimal / date / time only when its name or title
says so plainly and nothing contradicts it; anything else stays str (a human may refine the spec).
Request parameters are not inferred at all: they stay str, as callers pass KIS's own codes.
"""

from __future__ import annotations

import re

from codegen import sensitive

# The doc drops the dot of a precision: Length 184 is 18.4 (digits.scale). These are the values
# seen on numeric fields (rates, prices, amounts); other lengths are taken as written.
PRECISIONS = frozenset(
    {82, 84, 92, 94, 102, 112, 114, 124, 132, 133, 135, 136, 152, 162, 172, 182, 184, 185}
    | {186, 188, 191, 192, 195, 201, 202, 205, 223, 224, 228, 234, 235, 236, 238}
)
_NO_LENGTH = frozenset({"", "-", "null"})
_MAX_LENGTH = 999  # 1512, 32238: a precision with a two-digit scale? unreadable, so left out

_INT_TOKENS = frozenset({"qty", "vol", "cnt", "rsqn", "qntt", "tvol", "stcn"})
_DECIMAL_TOKENS = frozenset(
    {"amt", "rate", "pbmn", "prpr", "vrss", "ctrt", "price", "pric", "lwpr", "hgpr", "oprc"}
    | {"rt", "unpr", "clpr", "prc", "fee", "mxpr", "llam", "bidp", "askp", "sdpr", "nav"}
    | {"exrt", "inrt", "tnrt", "dprt", "cnpr", "thpr", "acpr", "pfls", "mgna", "tota", "cash"}
)
_DATE_TOKENS = frozenset({"dt", "date"})
_TIME_TOKENS = frozenset({"hour", "tmd", "time"})
_TEXT_TITLE = re.compile(r"코드|구분|여부|번호|부호|유형|상태|종류|(명|내용|text)$", re.IGNORECASE)
_INT_TITLE = re.compile(r"(수량|잔량|거래량|체결량|주수|건수)$")
_DECIMAL_TITLE = re.compile(
    r"(금액|가격|단가|대금|현재가|시가|고가|저가|종가|기준가|상한가|하한가|율|률|환율|대비)$"
)
# Overseas stock quantities can be fractional (소수점 거래): Decimal there, never int.
FRACTIONAL_AREAS = ("/uapi/overseas-stock/", "/uapi/overseas-price/")


def parse_length(cell: str) -> int | str | ValueError | None:
    """19 -> 19; 184 -> "18.4"; blank, `-`, `null` -> None; else a ValueError to report."""
    text = cell.strip()
    if text in _NO_LENGTH:
        return None
    if not text.isdigit():
        return ValueError(f"Length {cell!r} is not a number")
    value = int(text)
    if value in PRECISIONS:
        return f"{text[:-1]}.{text[-1]}"
    if value > _MAX_LENGTH:
        return ValueError(f"Length {value} is neither a length nor a known precision")
    return value


def _token(name: str) -> str:
    """The last part of a KIS name, digits dropped: `evlu_pfls_amt2` -> `amt`."""
    return name.lower().rsplit("_", 1)[-1].rstrip("0123456789")


def infer_type(name: str, title: str, length: int | str | None, path: str) -> str:
    """str | int | Decimal | date | time for a response field."""
    compact = title.replace(" ", "")
    if _TEXT_TITLE.search(compact):
        return "str"
    token = _token(name)
    if token.endswith("sign"):  # 대비 부호: a code ("1"…"5"), whatever title a page copied
        return "str"
    if isinstance(length, str):  # a precision: a decimal number whatever the name
        return "Decimal"
    if token in _INT_TOKENS or token.endswith("qty") or _INT_TITLE.search(compact):
        return "Decimal" if path.startswith(FRACTIONAL_AREAS) else "int"
    if (
        token in _DECIMAL_TOKENS
        or token.endswith(("amt", "pric", "prpr"))
        or _DECIMAL_TITLE.search(compact)
    ):
        return "Decimal"
    if (token in _DATE_TOKENS or compact.endswith("일자")) and length == 8:
        return "date"
    if (token in _TIME_TOKENS or compact.endswith(("시간", "시각"))) and length == 6:
        return "time"
    return "str"


def sensitivity(name: str) -> str | None:
    """Credentials, account numbers and personal data are masked in reprs and logs."""
    return sensitive.sensitivity(name)


# A time of day past midnight written +24h ("260000" = 02:00 the next day), as the night
# futures/options session does: no `datetime.time`, so such fields stay str.
PAST_MIDNIGHT = re.compile(r"\+\s*24|자정\s*이후|익일|다음\s*날|next\s*day", re.IGNORECASE)


# Request fields KIS takes as strings that a caller naturally holds as numbers or dates: typed, so
# the request class also takes an int quantity, a Decimal / int price, a datetime.date, and writes
# each as KIS's string (the string form stays accepted, checked for the same shape).
_REQUEST_QTY = re.compile(r"(^|_)QTY\d*$", re.IGNORECASE)
_REQUEST_PRICE = re.compile(r"(^|_)(UNPR|PRIC|PRICE)\d*$", re.IGNORECASE)
_REQUEST_DATE = re.compile(r"(_DT|DATE)(_?\d)?$", re.IGNORECASE)


def request_type(name: str, length: int | str | None, path: str) -> str:
    """int | Decimal | date for a request quantity, price or YYYYMMDD date; else str."""
    if _REQUEST_QTY.search(name):
        return "Decimal" if path.startswith(FRACTIONAL_AREAS) else "int"
    if _REQUEST_PRICE.search(name):
        return "Decimal"
    if _REQUEST_DATE.search(name) and length == 8:
        return "date"
    return "str"
