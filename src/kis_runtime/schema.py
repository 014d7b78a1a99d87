"""JSON Schema for a TR's request parameters, from their FieldInfo, and JSON arguments turned into
the request attributes' values: what an agent (the MCP server) sees and sends.

The schema states the same rules the request class enforces when built (validation.py): required,
length, pattern, allowed codes. JSON Schema counts a length in characters where KIS counts bytes
(cp949, 한글 2 bytes), so `maxLength` is the looser bound and the description gives KIS's; the
request class still refuses a value too long in bytes, with the spec's message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from kis_runtime.fields import FieldInfo

__all__ = ["ArgumentError", "argument_value", "arguments", "input_schema", "param_schema"]

# The shape a value's text must have, per spec type (validation.py's); dates and times also as
# ISO text, which argument_value() turns into date / time objects.
_SHAPES = {
    "str": None,
    "int": "-?[0-9]+",
    "Decimal": "-?[0-9]+(\\.[0-9]+)?",
    "date": "[0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "time": "[0-9]{6}|[0-9]{2}:[0-9]{2}:[0-9]{2}",
}
_HINTS = {
    "int": 'a whole number as text ("10")',
    "Decimal": 'an exact number as text ("1234.5"), never a float',
    "date": "YYYYMMDD (or YYYY-MM-DD)",
    "time": "HHMMSS (or HH:MM:SS)",
}


class ArgumentError(ValueError):
    """A JSON argument of the wrong JSON type for its field (a float for an exact amount, …)."""


def _description(field: FieldInfo) -> str:
    parts = [field.title]
    if field.type in _HINTS:
        parts.append(_HINTS[field.type])
    if field.digits is not None and field.scale is None and field.type != "date":
        parts.append(f"at most {field.digits} bytes as KIS counts them (cp949: 한글 2 bytes)")
    if field.values:
        parts.append(
            "codes: " + "; ".join(f"{c}={field.meanings.get(c, '')}" for c in field.values)
        )
    if field.known:  # examples the doc lists: any other code is sent as given
        parts.append(
            "known codes (others allowed): "
            + "; ".join(f"{c}={meaning}" for c, meaning in field.known.items())
        )
    if field.sensitive:
        parts.append("sensitive: masked in logs")
    return ". ".join(parts)


def _pattern(field: FieldInfo) -> str | None:
    """One regex for every rule on the text: the type's shape and the spec's pattern (each
    matching the whole value); an optional field may also be empty."""
    rules = [r for r in (_SHAPES[field.type], field.pattern) if r]
    if field.type in ("date", "time"):
        rules = rules[:1]  # checked on the YYYYMMDD / HHMMSS text the object becomes
    if not rules:
        return None
    if len(rules) == 1:
        body = f"^(?:{rules[0]})$"
    else:  # each rule over the whole text
        body = "^" + "".join(f"(?=(?:{rule})$)" for rule in rules)
    return body if field.required and not field.cursor else f"^$|{body}"


def param_schema(field: FieldInfo) -> dict[str, Any]:
    """One parameter: a JSON string with the spec's rules (the request class checks the same
    text), the title and a description with its codes' meanings."""
    schema: dict[str, Any] = {"type": "string"}
    if field.required and not field.cursor:
        schema["minLength"] = 1  # "required, but empty" otherwise
    if field.digits is not None and field.scale is None and field.type not in ("date", "time"):
        schema["maxLength"] = field.digits
    pattern = _pattern(field)
    if pattern:
        schema["pattern"] = pattern
    if field.values:
        codes = list(field.values)
        schema["enum"] = codes if field.required or "" in codes else [*codes, ""]
    schema["title"] = field.title
    schema["description"] = _description(field)
    if field.default:
        schema["default"] = field.default
    return schema


def required(field: FieldInfo) -> bool:
    """The caller must give it: required by the spec, with no default, not filled by the pager."""
    return field.required and not field.default and not field.cursor


def input_schema(params: Iterable[FieldInfo]) -> dict[str, Any]:
    """The object of a TR's settable parameters, keyed by KIS name (the pager's are left out)."""
    settable = [p for p in params if not p.cursor]
    return {
        "type": "object",
        "properties": {p.name: param_schema(p) for p in settable},
        "required": [p.name for p in settable if required(p)],
        "additionalProperties": False,
    }


def argument_value(field: FieldInfo, value: Any) -> Any:
    """A JSON value as the request attribute takes it; the request class then checks it."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        kind = "number with a fraction" if isinstance(value, float) else type(value).__name__
        hint = ' (exact amounts as strings: "123.45")' if isinstance(value, float) else ""
        raise ArgumentError(f"{field.name}: a JSON {kind} is not accepted{hint}")
    if isinstance(value, int):
        if field.type in ("int", "Decimal"):
            return value if field.type == "int" else Decimal(value)
        return str(value)
    if field.type == "date" and "-" in value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ArgumentError(f"{field.name}: {value!r} is not a date (YYYYMMDD)") from None
    if field.type == "time" and ":" in value:
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            raise ArgumentError(f"{field.name}: {value!r} is not a time (HHMMSS)") from None
    return value


def arguments(params: Iterable[FieldInfo], given: Mapping[str, Any], tr_id: str) -> dict[str, Any]:
    """JSON arguments by KIS name (any case) or Python name -> request keyword arguments.

    ArgumentError names an unknown parameter (and lists the known ones) or a missing required one.
    """
    settable = [p for p in params if not p.cursor]
    by_name = {p.name.casefold(): p for p in settable}
    by_name.update({p.py_name.casefold(): p for p in settable})
    values: dict[str, Any] = {}
    for name, value in given.items():
        field = by_name.get(name.strip().casefold())
        if field is None:
            known = ", ".join(p.name for p in settable) or "none"
            raise ArgumentError(f"{tr_id} has no parameter {name!r} (parameters: {known})")
        values[field.py_name] = argument_value(field, value)
    missing = [f"{p.name} ({p.title})" for p in settable if required(p) and p.py_name not in values]
    if missing:
        raise ArgumentError(f"{tr_id}: required parameter(s) missing: " + ", ".join(missing))
    return values
