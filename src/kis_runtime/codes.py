"""UnlistedCode: a request value outside the spec's codes, sent as given.

A module of its own: the field declarations (fields.py) and the request checks (validation.py)
both need it, and fields.py loads validation.py on first use (no import circle).
"""

from __future__ import annotations


class UnlistedCode(str):
    """A code the spec's `values` do not list (KIS added it after the doc): sent as given.

    `inqr_dvsn=UnlistedCode("03")` passes the allowed-values check (length and pattern still
    apply); mypy accepts it wherever the field's type is a Literal of codes.
    """

    __slots__ = ()
