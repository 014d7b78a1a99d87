"""`kis trs [WORDS]`: list and search TRs from the registry alone (no TR module is imported)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kis_runtime.cli import table
from kis_runtime.registry import Entry, RealtimeEntry, RealtimeRegistry, Registry

# Korean names of the top-level packages, so a search for 해외 or 국내 finds an area.
AREA_TITLES = {
    "auth": "인증",
    "domestic_bond": "장내채권",
    "domestic_futureoption": "국내선물옵션",
    "domestic_stock": "국내주식",
    "elw": "ELW",
    "etfetn": "ETF/ETN",
    "overseas_futureoption": "해외선물옵션",
    "overseas_price": "해외주식 시세",
    "overseas_stock": "해외주식",
}


def haystack(entry: Entry) -> str:
    """Everything a search word may match: TR ids, title, api id, path, module, area, menu."""
    ids = " ".join(i for real, paper, _ in entry.tr_ids for i in (real, paper) if i)
    parts = (
        ids,
        entry.title,
        entry.api_id or "",
        entry.path,
        entry.module,
        entry.category,
        AREA_TITLES.get(entry.area, ""),
    )
    return " ".join(parts).casefold()


def realtime_haystack(entry: RealtimeEntry) -> str:
    parts = (
        entry.tr_id,
        entry.paper_tr_id or "",
        entry.title,
        entry.api_id or "",
        entry.module,
        "realtime websocket 실시간",
        AREA_TITLES.get(entry.area, ""),
    )
    return " ".join(parts).casefold()


def search(registry: Registry, words: Sequence[str]) -> list[Entry]:
    """Entries matching every word (case-insensitive substring), in registry order."""
    needles = [w.casefold() for w in words]
    return [e for e in registry.entries if all(n in haystack(e) for n in needles)]


def search_realtime(registry: RealtimeRegistry, words: Sequence[str]) -> list[RealtimeEntry]:
    needles = [w.casefold() for w in words]
    return [e for e in registry.entries if all(n in realtime_haystack(e) for n in needles)]


def _ids(entry: Entry) -> str:
    return ", ".join(real for real, _, _ in entry.tr_ids)


def _paper(entry: Entry) -> str:
    return ", ".join(paper or "-" for _, paper, _ in entry.tr_ids)


def render(entries: Iterable[Entry], realtime: Iterable[RealtimeEntry] = ()) -> str:
    rows = [
        [
            _ids(e),
            _paper(e),
            "yes" if e.pageable else "",
            e.title,
            e.module.removeprefix("kis."),
        ]
        for e in entries
    ]
    rows += [
        [e.tr_id, e.paper_tr_id or "-", "realtime", e.title, e.module.removeprefix("kis.")]
        for e in realtime
    ]
    header = ["TR id", "paper TR id", "pages", "title", "module"]
    return table.render(header, rows)
