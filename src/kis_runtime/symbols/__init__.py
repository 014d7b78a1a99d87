"""KIS's stock master files: names, codes and ISINs of every listing, offline from the cache dir.

    from kis import symbols
    symbols.update()                      # downloads today's files (at most once a day each)
    book = symbols.load()                 # reads them from the cache dir, no network
    book.search("삼성")                    # by name, code or ISIN
    book.get("005930").name               # '삼성전자'

`kis symbols update` and `kis symbols search 삼성` do the same from a shell.
"""

from __future__ import annotations

from kis_runtime.symbols.book import SymbolBook, SymbolsNotFoundError, load
from kis_runtime.symbols.download import DownloadError, UpdateReport, update
from kis_runtime.symbols.master import MasterFile, Symbol

__all__ = [
    "DownloadError",
    "MasterFile",
    "Symbol",
    "SymbolBook",
    "SymbolsNotFoundError",
    "UpdateReport",
    "load",
    "update",
]
