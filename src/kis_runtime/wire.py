"""KIS wire values: every value KIS sends or takes is a string; `to_wire` writes a request value.

Reading replies is parse.py's job.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def to_wire(value: Any) -> str:
    """A request value as KIS expects it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a number KIS can take")
        return format(value, "f")  # never an exponent: Decimal("1E+3") -> "1000"
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, dt.time):
        return value.strftime("%H%M%S")
    return str(value)
