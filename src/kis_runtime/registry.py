"""Lookup from TR id or path to a TR's Endpoint, importing the TR's module only when asked.

The generated `kis.registry` holds the data (one Entry per TR); nothing here is per-TR.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import attrs

from kis_runtime.endpoint import Endpoint


@attrs.frozen
class Entry:
    module: str  # kis.domestic_stock.trading.pension_inquire_balance
    method: str
    path: str
    tr_ids: tuple[tuple[str, str | None, str | None], ...]  # (real, paper or None, variant)
    # What listing and searching TRs needs (`kis trs`), so that needs no TR module import.
    title: str = ""
    api_id: str | None = None
    category: str = ""  # the doc's menu: 국내주식 / 주문/계좌
    pageable: bool = False

    @property
    def area(self) -> str:
        """The top-level package: domestic_stock, overseas_price, …"""
        return self.module.split(".")[1]

    @property
    def paper(self) -> bool:
        """Some TR id of the TR has a paper (모의투자) counterpart."""
        return any(paper is not None for _, paper, _ in self.tr_ids)


class Registry:
    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self._by_tr: dict[str, tuple[Entry, str | None]] = {}
        self._by_path: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            self._by_path[(entry.method, entry.path)] = entry
            for real, paper, variant in entry.tr_ids:
                self._by_tr[real] = (entry, variant)
                if paper is not None:
                    self._by_tr[paper] = (entry, variant)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def tr_ids(self) -> Mapping[str, tuple[Entry, str | None]]:
        """Every TR id (real and paper) -> (entry, variant)."""
        return self._by_tr

    def entry(self, tr_id: str) -> Entry:
        """The Entry for a real or paper TR id, without importing its module."""
        try:
            return self._by_tr[tr_id][0]
        except KeyError:
            raise KeyError(f"unknown TR id {tr_id!r}") from None

    def endpoint(self, tr_id: str) -> Endpoint[Any, Any]:
        """The Endpoint for a real or paper TR id; KeyError names the unknown id."""
        try:
            entry, _ = self._by_tr[tr_id]
        except KeyError:
            raise KeyError(f"unknown TR id {tr_id!r}") from None
        return load(entry)

    def module(self, tr_id: str) -> ModuleType:
        """The generated module of a TR: request/response classes, fetch/iter_pages functions."""
        return importlib.import_module(self.endpoint(tr_id).module)

    def by_path(self, method: str, path: str) -> Endpoint[Any, Any] | None:
        entry = self._by_path.get((method.upper(), path))
        return None if entry is None else load(entry)

    def __iter__(self) -> Iterator[Endpoint[Any, Any]]:
        return (load(entry) for entry in self.entries)


def load(entry: Entry) -> Endpoint[Any, Any]:
    endpoint: Endpoint[Any, Any] = importlib.import_module(entry.module).ENDPOINT
    return endpoint


@attrs.frozen
class RealtimeEntry:
    module: str  # kis.realtime.domestic_stock.ccnl_krx
    tr_id: str
    paper_tr_id: str | None
    title: str = ""  # for listing and search without importing the module
    api_id: str | None = None

    @property
    def area(self) -> str:
        """domestic_stock for kis.realtime.domestic_stock.ccnl_krx."""
        return self.module.split(".")[2]


class RealtimeRegistry:
    """Realtime TRs by TR id (real or paper); a TR's module is imported when first asked for."""

    def __init__(self, entries: tuple[RealtimeEntry, ...]) -> None:
        self.entries = entries
        self._by_tr: dict[str, RealtimeEntry] = {}
        for entry in entries:
            self._by_tr[entry.tr_id] = entry
            if entry.paper_tr_id is not None:
                self._by_tr[entry.paper_tr_id] = entry

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, tr_id: object) -> bool:
        return tr_id in self._by_tr

    @property
    def tr_ids(self) -> Mapping[str, RealtimeEntry]:
        return self._by_tr

    def entry(self, tr_id: str) -> RealtimeEntry | None:
        return self._by_tr.get(tr_id)

    def get(self, tr_id: str) -> Any:
        """The TR's `RealtimeTr` (kis_runtime.realtime.record); KeyError names an unknown id."""
        try:
            entry = self._by_tr[tr_id]
        except KeyError:
            raise KeyError(f"unknown realtime TR id {tr_id!r}") from None
        return importlib.import_module(entry.module).TR

    def __iter__(self) -> Iterator[Any]:
        return (importlib.import_module(entry.module).TR for entry in self.entries)
