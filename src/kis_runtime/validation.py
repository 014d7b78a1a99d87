"""Request validation from the spec, run when a request object is built (before any I/O)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from decimal import Decimal
from typing import Any

from kis_runtime.errors import InvalidParameterError, brief
from kis_runtime.lengths import kis_length
from kis_runtime.wire import to_wire

_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "Decimal": (Decimal, int),
    "date": (dt.date,),
    "time": (dt.time,),
}


def check(
    tr_id: str,
    name: str,
    *,
    type: str = "str",
    required: bool = False,
    max_length: int | None = None,
    pattern: str | None = None,
    values: Collection[str] = (),
    sensitive: bool = False,
) -> Callable[[Any, Any, Any], None]:
    """An attrs validator for one request field; raises InvalidParameterError naming TR and field.

    A sensitive value (account number, secret) is never quoted in the message.
    """
    compiled = re.compile(pattern) if pattern else None
    allowed = _TYPES[type]

    def validate(_instance: Any, _attribute: Any, value: Any) -> None:
        def fail(reason: str) -> None:
            raise InvalidParameterError(tr_id, name, reason)

        shown = "the value" if sensitive else brief(value)
        if value is None or value == "":
            if required:
                fail("required, but empty")
            return
        if not isinstance(value, allowed) or isinstance(value, bool):
            fail(f"expected {type}, got {value.__class__.__name__}")
        text = to_wire(value)
        if max_length is not None and kis_length(text) > max_length:
            size = kis_length(text)
            fail(f"{shown} is {size} bytes long as KIS counts them (cp949), at most {max_length}")
        if compiled is not None and not compiled.fullmatch(text):
            fail(f"{shown} does not match the pattern {compiled.pattern}")
        if values and text not in values:
            fail(f"{shown} is not one of: {', '.join(repr(v) for v in values)}")

    return validate
