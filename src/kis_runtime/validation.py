"""Request validation from a field's FieldInfo, run when a request object is built (before any I/O).

Request fields take KIS's own strings and, where the spec types them, natural values: an `int`
quantity, a `Decimal` or `int` price, a `datetime.date`. Each is checked as the string KIS will
receive (`to_wire`): length, pattern, allowed codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kis_runtime.codes import UnlistedCode
from kis_runtime.errors import InvalidParameterError, brief
from kis_runtime.lengths import kis_length
from kis_runtime.wire import to_wire

if TYPE_CHECKING:
    from kis_runtime.fields import FieldInfo  # fields.py loads this module on first use

# Python types accepted per spec type, and the shape a string must have to be that type.
_TYPES: dict[str, tuple[tuple[type, ...], re.Pattern[str] | None]] = {
    "str": ((str,), None),
    "int": ((int, str), re.compile(r"-?[0-9]+")),
    "Decimal": ((Decimal, int, str), re.compile(r"-?[0-9]+(\.[0-9]+)?")),
    "date": ((dt.date, str), re.compile(r"[0-9]{8}")),
    "time": ((dt.time, str), re.compile(r"[0-9]{6}")),
}


def validator(tr_id: str, field: FieldInfo) -> Callable[[Any, Any, Any], None]:
    """The check of one request field, called (instance, attribute, value); raises
    InvalidParameterError naming TR and field.

    A sensitive value (account number, secret) is never quoted in the message.
    """
    compiled = re.compile(field.pattern) if field.pattern else None
    allowed, shape = _TYPES[field.type]
    name, kind, max_length = field.name, field.type, field.digits if field.scale is None else None
    values = frozenset(field.values)

    def validate(_instance: Any, _attribute: Any, value: Any) -> None:
        def fail(reason: str) -> None:
            raise InvalidParameterError(tr_id, name, reason)

        if value is None or value == "":
            if field.required and not field.cursor:
                fail("required, but empty")
            return
        if not isinstance(value, allowed) or isinstance(value, bool):
            expected = " or ".join(t.__name__ for t in allowed)
            fail(f"expected {expected}, got {value.__class__.__name__}")
        if isinstance(value, Decimal) and not value.is_finite():
            fail(f"{value} is not a finite number")
        text = to_wire(value)
        shown = "the value" if field.sensitive else brief(text)
        if isinstance(value, str) and shape is not None and not shape.fullmatch(text):
            fail(f"{shown} is not a {kind} as KIS writes it ({shape.pattern})")
        if max_length is not None and kis_length(text) > max_length:
            size = kis_length(text)
            fail(f"{shown} is {size} bytes long as KIS counts them (cp949), at most {max_length}")
        if compiled is not None and not compiled.fullmatch(text):
            fail(f"{shown} does not match the pattern {compiled.pattern}")
        if values and text not in values and not isinstance(value, UnlistedCode):
            listed = ", ".join(repr(v) for v in field.values)
            fail(
                f"{shown} is not one of: {listed} "
                "(a code KIS added after the doc: pass kis.UnlistedCode(...))"
            )

    return validate
