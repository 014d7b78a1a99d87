"""Where a realtime page's spec goes, from what the page says: `realtime/<area>/<name>.yaml`.

REST pages are placed by their URL; a realtime page's URL is only `/tryitout/<TR id>`, so its title
places it. The title is read as words (longest match, spaces ignored): `국내주식 시간외 실시간체결가
(KRX)` -> 국내 + 주식 | 시간외 + 실시간 + 체결가 | (KRX) -> `domestic_stock/overtime_ccnl_krx`.
- the instrument words (주식, 지수, 선물, 옵션, 채권, ELW, …) with 국내 / 해외 give the area;
  those the area does not already say lead the name (`지수선물` -> `index_futures_…`);
- the other words give the rest of the name (체결가 `ccnl`, 호가 `asking_price`, 체결통보
  `ccnl_notice`, …), and a trailing (KRX) / (NXT) / (통합) its venue (`_krx`, `_nxt`, `_total`).
Where the title names no area, the TR id's family does (`H0ST…` domestic stock). A title with a word
not in the tables is named by its TR id (`h0xxcnt0`); a page with no area at all goes to
`realtime/other/`. Both import with a warning that names what to review (move the file, or place it
with `import -o`, which always wins); the tables grow with KIS's vocabulary, not with each TR.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import attrs

from codegen import naming
from codegen.importer.diagnostics import Diagnostics

FALLBACK_AREA = "other"  # realtime/other/: a page whose area neither its title nor TR id tells

# Market and instrument words: a module name token ("" for none), and what it says of the area.
_DOMESTIC, _OVERSEAS = "domestic", "overseas"
_INSTRUMENTS: dict[str, tuple[str, str]] = {
    "국내": ("", _DOMESTIC),
    "장내": ("", _DOMESTIC),  # 장내채권: exchange-traded bonds
    "일반": ("", ""),  # 일반채권
    "해외": ("", _OVERSEAS),
    "KRX야간": ("krx_night", _DOMESTIC),
    "주식": ("stock", "stock"),
    "지수": ("index", "index"),
    "ETF": ("etf", "etf"),
    "ETN": ("etn", "etf"),
    "ELW": ("elw", "elw"),
    "선물옵션": ("futureoption", "futureoption"),
    "선물": ("futures", "futureoption"),
    "옵션": ("option", "futureoption"),
    "상품": ("commodity", "futureoption"),
    "채권": ("bond", "bond"),
}
# What the record carries: name tokens. 실시간 says nothing (every page here is realtime).
_SUBJECTS: dict[str, str] = {
    "실시간": "",
    "시간외": "overtime",
    "지연": "delayed",
    "예상체결": "exp_ccnl",
    "종목체결": "ccnl",
    "체결가": "ccnl",
    "체결": "ccnl",
    "체결통보": "ccnl_notice",
    "체결내역통보": "ccnl_notice",
    "주문내역통보": "order_notice",
    "호가": "asking_price",
    "프로그램매매": "program_trade",
    "회원사": "member",
    "장운영정보": "market_status",
    "NAV": "nav",
    "추이": "trend",
}
_VENUES = {"KRX": "krx", "NXT": "nxt", "통합": "total"}
_VENUE = re.compile(r"\(\s*(KRX|NXT|통합)\s*\)\s*$")
_WORDS = sorted({*_INSTRUMENTS, *_SUBJECTS}, key=len, reverse=True)
# Areas by the kinds of instrument the title names, first match wins; the area's own kind is not
# repeated in the name (`국내주식 …` -> domestic_stock/…, `주식선물 …` -> …/stock_futures_…).
_AREAS: tuple[tuple[str, str, str], ...] = (
    (_OVERSEAS, "futureoption", "overseas_futureoption"),
    (_OVERSEAS, "stock", "overseas_stock"),
    (_DOMESTIC, "elw", "elw"),
    (_DOMESTIC, "bond", "domestic_bond"),
    (_DOMESTIC, "futureoption", "domestic_futureoption"),
    (_DOMESTIC, "stock", "domestic_stock"),
    (_DOMESTIC, "index", "domestic_stock"),  # 국내지수: KIS's menu lists it under 국내주식
    (_DOMESTIC, "etf", "domestic_stock"),
)
_OWN = {
    "overseas_futureoption": {"futureoption"},
    "overseas_stock": {"stock"},
    "elw": {"elw"},
    "domestic_bond": {"bond"},
    "domestic_futureoption": {"futureoption"},
    "domestic_stock": {"stock"},
}
# TR id families (the letters after H0 / HDF), for a title that names no area.
_FAMILIES: tuple[tuple[str, str], ...] = (
    ("H0ST", "domestic_stock"),
    ("H0NX", "domestic_stock"),
    ("H0UN", "domestic_stock"),
    ("H0UP", "domestic_stock"),
    ("H0EW", "elw"),
    ("H0BJ", "domestic_bond"),
    ("H0BI", "domestic_bond"),
    ("H0IF", "domestic_futureoption"),
    ("H0IO", "domestic_futureoption"),
    ("H0ZF", "domestic_futureoption"),
    ("H0ZO", "domestic_futureoption"),
    ("H0CF", "domestic_futureoption"),
    ("H0MF", "domestic_futureoption"),
    ("H0EU", "domestic_futureoption"),
    ("H0GS", "overseas_stock"),
    ("HDFS", "overseas_stock"),
    ("HDFF", "overseas_futureoption"),
)


@attrs.frozen
class Words:
    """A title read as words: (name token, the kind an instrument word says, else "") in order,
    the kinds, and the runs of text no word covers."""

    tokens: tuple[tuple[str, str], ...]
    kinds: frozenset[str]
    unknown: tuple[str, ...]


def read_title(title: str) -> Words:
    text = title.replace(" ", "")
    venue = ""
    if (m := _VENUE.search(title)) is not None:
        venue = _VENUES[m.group(1)]
        text = _VENUE.sub("", title).replace(" ", "")
    tokens: list[tuple[str, str]] = []
    kinds: set[str] = set()
    unknown = [""]  # runs of characters no word covers
    i = 0
    while i < len(text):
        word = next((w for w in _WORDS if text.startswith(w, i)), None)
        if word is None:
            unknown[-1] += text[i]
            i += 1
            continue
        unknown.append("")
        token, kind = _INSTRUMENTS.get(word) or (_SUBJECTS[word], "")
        kinds.update([kind] if kind else [])
        tokens.append((token, kind))
        i += len(word)
    tokens.append((venue, ""))
    found = tuple((token, kind) for token, kind in tokens if token)
    return Words(found, frozenset(kinds), tuple(u for u in unknown if u))


def _area_of(kinds: frozenset[str]) -> str | None:
    market = _OVERSEAS if _OVERSEAS in kinds else _DOMESTIC
    for where, kind, area in _AREAS:
        if where == market and kind in kinds:
            return area
    return None


def _family_area(tr_id: str) -> str | None:
    return next((area for prefix, area in _FAMILIES if tr_id.startswith(prefix)), None)


def place(title: str, tr_id: str, diagnostics: Diagnostics) -> PurePosixPath:
    """`realtime/<area>/<name>.yaml` for the page; a warning says what to review if it guesses."""
    words = read_title(title)
    area = _area_of(words.kinds)
    family = _family_area(tr_id)
    if area is None:
        area = family or FALLBACK_AREA
    elif family is not None and family != area:
        diagnostics.warning(
            1, "place", f"{tr_id}: the title {title!r} says {area}, its TR id family {family}"
        )
    own = _OWN.get(area, set())  # an instrument the area already names is left out of the name
    name = "_".join(token for token, kind in words.tokens if not (kind and token in own))
    if words.unknown or not name or not naming.is_identifier(name):
        name = tr_id.lower()
        unknown = ", ".join(repr(w) for w in words.unknown) or "no word"
        diagnostics.warning(
            1,
            "place",
            f"{tr_id}: the title {title!r} has {unknown} the importer cannot name: "
            f"named by its TR id ({area}/{name}); review the name (move the file or import -o)",
        )
    if area == FALLBACK_AREA:
        diagnostics.warning(
            1,
            "place",
            f"{tr_id}: neither the title {title!r} nor the TR id names an area: placed under "
            f"realtime/{FALLBACK_AREA}/; review the area (move the file or import -o)",
        )
    return PurePosixPath("realtime", area, name).with_suffix(".yaml")
