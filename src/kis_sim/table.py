"""Plain-text tables that stay aligned with Korean text (wide characters take two columns)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, size: int, right: bool) -> str:
    fill = " " * max(size - width(text), 0)
    return fill + text if right else text + fill


def cell(value: Any, places: int | None = None) -> str:
    """A value for display; Decimals get `places` decimals (default: 2 if fractional, else 0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        if places is None:
            places = 0 if _whole(value) else 2
        return f"{value:,.{places}f}"
    return str(value)


def _whole(value: Any) -> bool:
    return not isinstance(value, Decimal) or value == value.to_integral_value()


def render(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Numbers right-aligned, text left-aligned, columns two spaces apart."""
    numeric = [
        all(isinstance(r[i], (int, Decimal)) or r[i] is None for r in rows) and bool(rows)
        for i in range(len(headers))
    ]
    # One number of decimals per column, so 55,200.00 lines up under 146,488.35.
    places = [0 if all(_whole(r[i]) for r in rows) else 2 for i in range(len(headers))]
    texts = [[cell(v, places[i]) for i, v in enumerate(row)] for row in rows]
    sizes = [max([width(h)] + [width(r[i]) for r in texts]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = (pad(v, sizes[i], numeric[i]) for i, v in enumerate(values))
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * s for s in sizes)
    return "\n".join([line(headers), rule, *(line(r) for r in texts)])
