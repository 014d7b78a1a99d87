"""`make demo`'s name lookup: the simulator's master archives downloaded as KIS's would be, then
`kis.symbols` finding listings by name, code and ISIN from the cache, offline."""

from __future__ import annotations

from kis_runtime import symbols
from kis_sim.server import Simulator
from kis_sim.table import render

QUERIES = ("삼성", "KR7000660001", "apple")


def run(sim: Simulator, cache: str) -> str:
    report = symbols.update(
        cache, files=("kospi_code.mst", "nasmst.cod"), base_url=f"{sim.url}/common/master/"
    )
    book = symbols.load(cache)
    lines = [f"kis.symbols: {len(book)} listings from {', '.join(report.downloaded)}"]
    for query in QUERIES:
        found = book.search(query, limit=4)
        rows = [[s.code, s.isin or "-", s.name, s.market] for s in found]
        lines += ["", f"search {query!r}:", render(["code", "ISIN", "name", "market"], rows)]
    return "\n".join(lines)
