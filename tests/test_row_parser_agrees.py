"""The compiled fast row parser never returns what the checked path would not.

The fast path (parse.compile_row) reads a row in the common shape; on anything else it raises and
the row is read again on the checked path (the PARSERS, which name the error). So for every row
the fast path either raises or returns exactly the checked path's row.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kis.domestic_stock.trading.pension_inquire_balance import PensionInquireBalanceOutput1
from kis_runtime.errors import ResponseFormatError
from kis_runtime.fields import OutputInfo, fields_of
from kis_runtime.parse import _Reader, compile_row

ROW = PensionInquireBalanceOutput1
FIELDS = fields_of(ROW)
# Texts each reader treats differently: plain, signed, padded, blank, exponent, not finite,
# underscores, non-ASCII digits, fractions in an int, JSON numbers and null.
TEXTS: list[Any] = [
    "5",
    "-3",
    "+7",
    " 12 ",
    "",
    "   ",
    "5.0000",
    "5.5",
    "13235.0000",
    "-0.5",
    "1e3",
    "NaN",
    "nan",
    "-Infinity",
    "inf",
    "sNaN",
    "1_000",
    "١٢",
    "1,000",
    "삼성전자",
    "A1",
    5,
    5.9,
    -0.1,
    True,
    None,
]


def checked(row: dict[str, Any]) -> Any:
    block = OutputInfo(
        name="output1", py_name="output1", title="", array=False, fields=FIELDS, row_type=ROW
    )
    return _Reader("TTTC2208R", row, frozenset()).row(block, row, "output1")


CLEAN = {f.key: ("1" if f.type in ("int", "Decimal") else "x") for f in FIELDS}


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(CLEAN)), st.sampled_from(TEXTS), max_size=4))
def test_fast_row_is_the_checked_row_or_refused(changed: dict[str, Any]) -> None:
    # A clean row with up to four values replaced: the fast path sees both kinds of rows.
    row = CLEAN | changed
    fast = compile_row(ROW)
    try:
        expected = checked(row)
    except ResponseFormatError:
        expected = None
    try:
        got = fast(row)
    except Exception:
        return
    assert expected is not None, f"fast path accepted a row the checked path refuses: {row}"
    assert got == expected
    for f in FIELDS:  # == on Decimal ignores the exponent; the text's scale must survive too
        assert repr(getattr(got, f.py_name)) == repr(getattr(expected, f.py_name))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        *(("pchs_amt", t) for t in ("NaN", "-Infinity", "sNaN", "1_000", "١٢", "", 5)),
        *(("hldg_qty", t) for t in ("5.9", "1_000", "١٢", "", None, 5.0)),
    ],
)
def test_fast_path_refuses_what_it_cannot_read_exactly(name: str, text: Any) -> None:
    # One money field (Decimal) or quantity (int) at a time, in an otherwise clean row.
    fast = compile_row(ROW)
    assert fast(CLEAN).hldg_qty == 1
    with pytest.raises(Exception):  # noqa: B017 - any refusal sends it to the checked path
        fast(CLEAN | {name: text})
