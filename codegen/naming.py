"""Python names derived from KIS names: deterministic, so regenerating never renames anything."""

from __future__ import annotations

import keyword
import re

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_identifier(name: str) -> bool:
    return bool(_IDENT.match(name))


def py_name(kis_name: str) -> str:
    """`CANO` -> `cano`, `Output1` -> `output1`; a keyword gets a trailing underscore."""
    name = kis_name.lower()
    return f"{name}_" if keyword.iskeyword(name) else name


def pascal(snake: str) -> str:
    """`pension_inquire_balance` -> `PensionInquireBalance`."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_") if part)
