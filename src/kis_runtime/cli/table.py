"""Plain-text tables whose columns line up in a terminal with Korean text in them.

East Asian wide and fullwidth characters (Hangul, CJK) take two terminal columns, so widths are
counted per character with unicodedata, not with len().
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Terminal columns `text` takes: 2 for each wide/fullwidth character, 0 for combining marks."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def pad(text: str, columns: int, *, right: bool = False) -> str:
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def render(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[bool] = ()
) -> str:
    """Header, a rule, then the rows; columns flagged in `right` (numbers) are right-aligned."""
    columns = [
        max([width(header[i]), *(width(row[i]) for row in rows)]) for i in range(len(header))
    ]
    flags = list(right) + [False] * (len(header) - len(right))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            pad(cell, columns[i], right=flags[i]) for i, cell in enumerate(cells)
        ).rstrip()

    out = [line(header), "  ".join("-" * c for c in columns)]
    out += [line(row) for row in rows]
    return "\n".join(out)
