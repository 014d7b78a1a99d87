"""Replies as text: table, json, csv, ndjson. Rows come from the Endpoint's OutputInfo metadata.

csv and ndjson are written page by page as pages arrive (one block: --block); table and json
need every page first (column widths, one document).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, TextIO

from kis_runtime.blocks import Block, blocks, pick, rows
from kis_runtime.cli import table
from kis_runtime.endpoint import Endpoint
from kis_runtime.markers import Marker

FORMATS = ("table", "json", "csv", "ndjson")


def text(value: Any) -> str:
    """A cell: Decimal as written (exact), dates ISO, None blank."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Marker):  # the code KIS sent, and its meaning where known
        return value.describe()
    return str(value)


def jsonable(value: Any) -> Any:
    """JSON keeps ints and text; Decimal becomes its exact string, dates ISO strings, a Marker
    its code (as KIS sent it)."""
    if value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Marker):
        return value.code
    return text(value)


def record(block: Block, row: Any, titles: bool) -> dict[str, Any]:
    return {
        (f.title if titles else f.name): jsonable(getattr(row, f.py_name)) for f in block.fields
    }


def header(block: Block, titles: bool) -> list[str]:
    return [f.title if titles else f.name for f in block.fields]


class Writer:
    """Receives pages in order; writes what it can as soon as it can."""

    def __init__(
        self, endpoint: Endpoint[Any, Any], out: TextIO, fmt: str, block: str | None, titles: bool
    ) -> None:
        self.out, self.fmt, self.titles = out, fmt, titles
        self.all_blocks = blocks(endpoint)
        self.block = pick(endpoint, block) if fmt in ("csv", "ndjson") or block else None
        self.chosen = [self.block] if self.block is not None else self.all_blocks
        self.collected: dict[str, list[Any]] = {b.name: [] for b in self.chosen}
        self.csv: Any = None
        self.count = 0

    def page(self, page: Any) -> None:
        for block in self.chosen:
            found = rows(block, page)
            if block.array:
                self.collected[block.name].extend(found)
                self.count += len(found)
            else:
                # A summary block comes again on every page; the last one is kept.
                self.collected[block.name] = found
        if self.fmt in ("csv", "ndjson"):
            self._stream()

    def _stream(self) -> None:
        assert self.block is not None
        pending = self.collected[self.block.name]
        if self.fmt == "csv":
            if self.csv is None:
                self.csv = csv.writer(self.out, lineterminator="\n")
                self.csv.writerow(header(self.block, self.titles))
            for row in pending:
                self.csv.writerow([text(getattr(row, f.py_name)) for f in self.block.fields])
        else:
            for row in pending:
                line = json.dumps(record(self.block, row, self.titles), ensure_ascii=False)
                self.out.write(line + "\n")
        self.out.flush()
        self.collected[self.block.name] = []

    def finish(self) -> None:
        if self.fmt == "json":
            document = {
                b.name: [record(b, r, self.titles) for r in self.collected[b.name]]
                if b.array
                else next((record(b, r, self.titles) for r in self.collected[b.name]), None)
                for b in self.chosen
            }
            self.out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        elif self.fmt == "table":
            self.out.write(self._tables())
        self.out.flush()

    def _tables(self) -> str:
        parts = []
        for block in self.chosen:
            found = self.collected[block.name]
            title = f"{block.name} ({block.title})" if block.title else block.name
            if not block.fields:
                continue
            if block.array:
                parts.append(f"{title}: {len(found)} row(s)\n{self._grid(block, found)}\n")
            elif found:
                parts.append(f"{title}:\n{self._pairs(block, found[0])}\n")
            else:
                parts.append(f"{title}: (not in the reply)\n")
        return "\n".join(parts)

    def _grid(self, block: Block, found: Sequence[Any]) -> str:
        right = [f.type in ("int", "Decimal") for f in block.fields]
        cells = [[text(getattr(row, f.py_name)) for f in block.fields] for row in found]
        return table.render(header(block, self.titles), cells, right=right)

    def _pairs(self, block: Block, row: Any) -> str:
        """An object block vertically: one line per field (name, title, value)."""
        cells = [[f.name, f.title, text(getattr(row, f.py_name))] for f in block.fields]
        return table.render(["field", "title", "value"], cells)
