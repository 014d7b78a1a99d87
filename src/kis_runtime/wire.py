"""Conversion between KIS wire values (always strings) and typed attrs objects, via cattrs.

Requests unstructure to {KIS name: string}. Responses structure from JSON with typed fields:
`int | None`, `Decimal | None`, `date | None`, `time | None` (a blank string is None, never 0).
Structuring runs without detailed validation for speed; on failure `diagnose` walks the reply
again to name the exact field and value.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Optional, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from kis_runtime.errors import ResponseFormatError

T = TypeVar("T")
_BLANK_DATES = frozenset({"", "00000000"})


# Parsers take cattrs' (value, type) so they register as hooks with no wrapper: this is the hot
# path (one call per field per row). Each tries the common case first; int() and Decimal() accept
# surrounding blanks, so stripping is only needed to recognise an all-blank value.


def _parse_int(value: Any, _: Any = None) -> int | None:
    if type(value) is int:
        return value
    if type(value) is not str:  # a float or bool would be truncated or taken as 0/1
        raise TypeError(f"expected a string, got {type(value).__name__}")
    if not value.isascii() or "_" in value:  # int() also takes "1_000" and non-ASCII digits
        raise ValueError("not a plain number")
    try:
        return int(value)
    except ValueError:
        pass
    text = value.strip()
    if not text:
        return None
    try:
        number = Decimal(text)  # "5.0000" is a whole quantity; "5.5" is not
    except InvalidOperation:
        raise ValueError("not a whole number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError("not a whole number")
    return int(number)


def _parse_decimal(value: Any, _: Any = None) -> Decimal | None:
    if isinstance(value, str):
        if not value.isascii() or "_" in value:  # Decimal() also takes "1_000", "١٢"
            raise ValueError("not a plain number")
        try:
            number = Decimal(value)
        except InvalidOperation:
            if not value.strip():
                return None
            raise ValueError("not a decimal number") from None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        raise TypeError(f"expected a string, got {type(value).__name__}")
    if not number.is_finite():
        raise ValueError("not a finite number")
    return number


def _parse_date(value: Any, _: Any = None) -> dt.date | None:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    text = value.strip()
    if text in _BLANK_DATES:
        return None
    # strptime alone would read "202411" as 2024-01-01.
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise ValueError("expected YYYYMMDD")
    return dt.datetime.strptime(text, "%Y%m%d").date()


def _parse_time(value: Any, _: Any = None) -> dt.time | None:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    # Exactly HHMMSS: padding "0930" (HHMM) would silently read 00:09:30.
    if len(text) != 6 or not (text.isascii() and text.isdigit()):
        raise ValueError("expected HHMMSS")
    return dt.datetime.strptime(text, "%H%M%S").time()


def _parse_str(value: Any, _: Any = None) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


PARSERS: dict[str, Callable[[Any], Any]] = {
    "str": _parse_str,
    "int": _parse_int,
    "Decimal": _parse_decimal,
    "date": _parse_date,
    "time": _parse_time,
}


def to_wire(value: Any) -> str:
    """A request value as KIS expects it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, dt.time):
        return value.strftime("%H%M%S")
    return str(value)


def _names(cls: type) -> Mapping[str, str]:
    names: Mapping[str, str] = getattr(cls, "__kis_names__", {})
    return names


def _is_kis_class(cls: Any) -> bool:
    return isinstance(cls, type) and attrs.has(cls) and hasattr(cls, "__kis_names__")


converter = cattrs.Converter(detailed_validation=False)


def _is_list(type_: Any) -> bool:
    return get_origin(type_) is list


@functools.cache
def _row_structure_fn(cls: type) -> Callable[[Any, Any], Any]:
    """cattrs' generated dict -> cls function, KIS names renamed; no type check of its own."""
    fn: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter, **_renames(cls))
    return fn


def _wire_structure_fn(cls: type) -> Callable[[Any, Any], Any]:
    inner = _row_structure_fn(cls)

    def structure(value: Any, _: Any) -> Any:
        # KIS docs mislabel block shapes: an object block sent as a one-row array loses nothing.
        if type(value) is list and len(value) == 1:
            value = value[0]
        # cattrs would read a string's characters as keys; a KIS object must be a JSON object.
        if type(value) is not dict:
            raise TypeError(f"expected an object, got {type(value).__name__}")
        return inner(value, cls)

    return structure


def _list_structure_fn(item: type) -> Callable[[Any, Any], list[Any]]:
    # Rows of a kis class go straight to cattrs' function (the hot loop of a 1,000-row reply).
    hook = _row_structure_fn(item) if _is_kis_class(item) else converter.get_structure_hook(item)
    check_rows = _is_kis_class(item)
    known = row_keys(item) if check_rows else frozenset()

    def structure(value: Any, _: Any) -> list[Any]:
        # KIS docs mislabel block shapes: an array block sent as a single row object is one row.
        if type(value) is dict and not known.isdisjoint(value):
            value = [value]
        # cattrs would iterate a dict's keys; a KIS array must be a JSON array.
        if type(value) is not list:
            raise TypeError(f"expected an array, got {type(value).__name__}")
        if check_rows and not all(type(row) is dict for row in value):
            raise TypeError("expected an array of objects")
        return [hook(row, item) for row in value]

    return structure


def row_keys(cls: type) -> frozenset[str]:
    """The KIS names of a row class's fields (what a JSON row of it has)."""
    names = _names(cls)
    return frozenset(names.get(a.name, a.name) for a in attrs.fields(cls))


def _renames(cls: type) -> dict[str, Any]:
    """cattrs overrides mapping attribute names to KIS names where they differ (CANO, Output1)."""
    return {py: override(rename=kis) for py, kis in _names(cls).items() if py != kis}


def _wire_unstructure_fn(cls: type) -> Callable[[Any], dict[str, Any]]:
    inner: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, converter, **_renames(cls)
    )

    def unstructure(obj: Any) -> dict[str, Any]:
        return {
            key: value if isinstance(value, (dict, list)) else to_wire(value)
            for key, value in inner(obj).items()
        }

    return unstructure


for _type, _parse in (
    (int, _parse_int),
    (Decimal, _parse_decimal),
    (dt.date, _parse_date),
    (dt.time, _parse_time),
):
    # Both spellings of the optional type: annotations give `X | None`, typing may give Optional[X].
    for _spelling in (Optional[_type], _type | None):  # noqa: UP045
        converter.register_structure_hook(_spelling, _parse)
converter.register_structure_hook(str, _parse_str)
converter.register_unstructure_hook_factory(_is_kis_class, _wire_unstructure_fn)
converter.register_structure_hook_factory(_is_kis_class, _wire_structure_fn)
converter.register_structure_hook_factory(_is_list, lambda t: _list_structure_fn(get_args(t)[0]))


def unstructure_request(request: Any) -> dict[str, Any]:
    result: dict[str, Any] = converter.unstructure(request)
    return result


def structure(data: Mapping[str, Any], cls: type[T]) -> T:
    return converter.structure(data, cls)


def diagnose(
    tr_id: str, data: Any, endpoint: Any, sensitive: frozenset[str]
) -> ResponseFormatError:
    """Find the first value in `data` that does not fit the endpoint's spec."""

    def shown(name: str, value: Any) -> Any:
        return "***" if name in sensitive else value

    if not isinstance(data, Mapping):
        return ResponseFormatError(tr_id, "<body>", type(data).__name__, "expected a JSON object")
    for field in endpoint.body_fields:
        if field.name in data:
            error = _check(tr_id, field, data[field.name], field.name, shown)
            if error:
                return error
    for block in endpoint.outputs:
        if block.name not in data:
            if not block.array:
                return ResponseFormatError(
                    tr_id, block.name, None, "output block missing from the reply"
                )
            continue
        value = data[block.name]
        if block.array and isinstance(value, dict) and any(f.name in value for f in block.fields):
            value = [value]  # a single row object, tolerated as structuring does
        elif not block.array and isinstance(value, list) and len(value) == 1:
            value = value[0]
        if block.array and not isinstance(value, list):
            return ResponseFormatError(
                tr_id, block.name, type(value).__name__, "expected an array of rows"
            )
        rows = value if block.array else [value]
        for i, row in enumerate(rows):
            where = f"{block.name}[{i}]" if block.array else block.name
            if not isinstance(row, Mapping):
                return ResponseFormatError(tr_id, where, type(row).__name__, "expected an object")
            for field in block.fields:
                if field.name in row:
                    error = _check(tr_id, field, row[field.name], f"{where}.{field.name}", shown)
                    if error:
                        return error
    return ResponseFormatError(tr_id, "<body>", "…", "reply does not match the spec")


def _check(
    tr_id: str, field: Any, value: Any, where: str, shown: Callable[[str, Any], Any]
) -> ResponseFormatError | None:
    try:
        PARSERS[field.type](value)
    except (TypeError, ValueError, ArithmeticError) as exc:
        return ResponseFormatError(
            tr_id, where, shown(field.name, value), f"expected {field.type}: {exc}"
        )
    return None
