"""Looking listings up by name, code or ISIN, from the master files in the cache dir."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from kis_runtime.cachedir import cache_subdir
from kis_runtime.errors import KisError
from kis_runtime.symbols.master import MasterFile, Symbol, read


class SymbolsNotFoundError(KisError):
    """No master file in the cache dir: run `kis symbols update` (or kis.symbols.update())."""


def _key(text: str) -> str:
    """Compared without case and spaces: 'kodex 200' finds 'KODEX 200'."""
    return "".join(text.split()).casefold()


class SymbolBook:
    """Every listing of some master files; `problems` lists the lines that could not be read."""

    def __init__(self, files: Iterable[MasterFile]) -> None:
        self.files = tuple(files)
        self.symbols = tuple(s for f in self.files for s in f.symbols)
        self.problems = tuple(p for f in self.files for p in f.problems)
        self._by_code: dict[str, list[Symbol]] = {}
        for symbol in self.symbols:
            self._by_code.setdefault(symbol.code.upper(), []).append(symbol)
            if symbol.isin:
                self._by_code.setdefault(symbol.isin.upper(), []).append(symbol)
        self._keys = [(_key(s.name), _key(s.name_en), s) for s in self.symbols]

    def __len__(self) -> int:
        return len(self.symbols)

    def __repr__(self) -> str:
        return f"SymbolBook({len(self.symbols)} listings, {len(self.problems)} unreadable lines)"

    def get(self, code: str) -> Symbol | None:
        """The listing of a short code (005930, AAPL) or ISIN; domestic before overseas."""
        found = self._by_code.get(code.strip().upper())
        return found[0] if found else None

    def codes(self, code: str) -> tuple[Symbol, ...]:
        """Every listing of a code (a ticker may trade on several overseas exchanges)."""
        return tuple(self._by_code.get(code.strip().upper(), ()))

    def search(self, query: str, limit: int = 20) -> list[Symbol]:
        """Exact code or ISIN first, then exact name, names starting with it, names holding it."""
        key = _key(query)
        if not key:
            return []
        exact = list(self.codes(query))
        ranked: list[tuple[int, int, Symbol]] = []
        for index, (name, name_en, symbol) in enumerate(self._keys):
            if name == key or name_en == key:
                rank = 0
            elif name.startswith(key) or name_en.startswith(key):
                rank = 1
            elif key in name or key in name_en:
                rank = 2
            else:
                continue
            ranked.append((rank, index, symbol))
        ranked.sort(key=lambda item: (item[0], len(item[2].name), item[1]))
        found = exact + [s for _, _, s in ranked if s not in exact]
        return found[:limit]


def load(
    cache_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> SymbolBook:
    """The master files in the cache dir (`cache_dir`/symbols, $KIS_CACHE_DIR/symbols, …)."""
    folder = cache_subdir("symbols", cache_dir, environ)
    paths = sorted(p for p in folder.glob("*") if _is_master(p)) if folder.is_dir() else []
    if not paths:
        raise SymbolsNotFoundError(
            f"no master file in {folder}: run `kis symbols update` (downloads KIS's files)"
        )
    return SymbolBook(read(p) for p in paths)


def _is_master(path: Path) -> bool:
    return path.name.endswith(("_code.mst", "mst.cod"))
