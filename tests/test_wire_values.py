"""KIS string values into Python values: strict, so a wrong value is an error, never a guess."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kis_runtime.parse import PARSERS
from kis_runtime.ratelimit import RateLimiter

GOOD = [
    ("int", "5", 5),
    ("int", " 12 ", 12),
    ("int", "5.0000", 5),
    ("int", "-3", -3),
    ("int", "", None),
    ("Decimal", "13235.0000", Decimal("13235.0000")),
    ("Decimal", "-0.5", Decimal("-0.5")),
    ("Decimal", "   ", None),
    ("date", "20241124", dt.date(2024, 11, 24)),
    ("date", "00000000", None),
    ("date", "", None),
    ("time", "093000", dt.time(9, 30)),
    ("time", "", None),
    ("str", "삼성전자", "삼성전자"),
    ("str", None, ""),
]
BAD = [
    ("int", "5.5"),  # not whole
    ("int", "1_000"),  # int() would take it
    ("int", "١٢"),  # non-ASCII digits
    ("int", 5.9),  # a float would be truncated
    ("int", True),
    ("Decimal", "1,000"),
    ("Decimal", "NaN"),
    ("Decimal", "1_000.5"),
    ("date", "202411"),  # strptime alone reads 2024-01-01
    ("date", "2024011"),
    ("date", "20241301"),
    ("time", "0930"),  # HHMM padded would be 00:09:30
    ("time", "260000"),  # a night-session hour past midnight is not a time of day
    ("str", True),
    ("str", {"a": 1}),
]


@pytest.mark.parametrize(("kind", "text", "expected"), GOOD)
def test_values_parse(kind: str, text: object, expected: object) -> None:
    assert PARSERS[kind](text) == expected


@pytest.mark.parametrize(("kind", "text"), BAD)
def test_bad_values_are_refused(kind: str, text: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        PARSERS[kind](text)


def test_a_rate_below_one_per_period_still_limits() -> None:
    now = [0.0]
    limiter = RateLimiter(0.001, margin=0, clock=lambda: now[0])
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == pytest.approx(1000.0)
