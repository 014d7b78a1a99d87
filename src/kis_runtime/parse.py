"""Reading a reply body into typed classes: parsers compiled once per class, no run-time dispatch.

Every value is checked as it is read (a format error is raised here, never on a later attribute
read). Each row class gets a fast function, compiled when its TR module is imported
(`row_parser`), for the common case: every key present in the case the spec names, no other
key. Anything else (KIS mixes case between TRs, adds keys, leaves keys out, sends a bad value)
takes the checked path, which reads keys case-insensitively, records unknown keys on the
response (`unknown_keys`) and names the TR, field and value of any error.

Blank values: "" is None for int / Decimal / date / time ("" for str), never 0; a field's
`null_values` (placeholders for "no value", such as a date "0") are None too. A field's `markers`
(codes sent in place of a value, such as a time "999999") are each read as their own Marker.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sys
import types
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from kis_runtime.errors import ResponseFormatError
from kis_runtime.fields import FieldInfo, OutputInfo, fields_of, outputs_of

logger = logging.getLogger("kis")
_BLANK_DATES = frozenset({"", "00000000"})
ENVELOPE = ("rt_cd", "msg_cd", "msg1")
T = TypeVar("T")


def parse_int(value: Any) -> int | None:
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


def parse_decimal(value: Any) -> Decimal | None:
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


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    text = value.strip()
    if text in _BLANK_DATES:
        return None
    # strptime alone would read "202411" as 2024-01-01.
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise ValueError("expected YYYYMMDD")
    return dt.datetime.strptime(text, "%Y%m%d").date()


def parse_time(value: Any) -> dt.time | None:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    # Exactly HHMMSS: padding "0930" (HHMM) would silently read 00:09:30.
    if len(text) != 6 or not (text.isascii() and text.isdigit()):
        raise ValueError("expected HHMMSS")
    return dt.datetime.strptime(text, "%H%M%S").time()


def parse_str(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


PARSERS: dict[str, Callable[[Any], Any]] = {
    "str": parse_str,
    "int": parse_int,
    "Decimal": parse_decimal,
    "date": parse_date,
    "time": parse_time,
}


class _Mismatch(Exception):
    """The row is not in the common shape: take the checked path."""


def row_parser(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    """The fast parser of a row class, compiled on first request and kept on the class."""
    found: Callable[[Mapping[str, Any]], Any] | None = cls.__dict__.get("__kis_parse__")
    if found is None:
        found = compile_row(cls)
        cls.__kis_parse__ = found  # type: ignore[attr-defined]
    return found


def compile_row(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    """The fast parser of a row class: one line per field, built once from its FieldInfo.

    It returns only what the checked path would; anything else raises, and the row is read again
    on the checked path, which names the error. The row's int and Decimal texts are checked
    together, joined into one string (str.join refuses a non-string, i.e. a JSON number or
    null): ASCII only and no "_" (int() and Decimal() also read "١٢" and "1_000"), and no "n"
    or "N" (Decimal() also reads NaN, Inf, Infinity). Then int() and Decimal() read each one,
    and refuse a blank or anything else that is not a number.
    """
    infos = fields_of(cls)
    numbers = [i for i, f in enumerate(infos) if f.type in ("int", "Decimal") and not _special(f)]
    lines = [
        "def parse(d, cls, special):",  # the two are bound as defaults below
        f"    if d.__class__ is not dict or len(d) != {len(infos)}:",
        "        raise Mismatch",
    ]
    if numbers:
        lines += [f"    n{i} = d[{infos[i].key!r}]" for i in numbers]
        joined = ", ".join(f"n{i}" for i in numbers)
        lines += [
            f"    s = ''.join(({joined},))",
            "    if not s.isascii() or '_' in s or 'n' in s or 'N' in s:",
            "        raise Mismatch",
        ]
    lines.append("    row = new(cls)")
    for i, f in enumerate(infos):
        src = f"d[{f.key!r}]"
        if _special(f):
            read = f"special({i}, {src})"
        elif f.type == "str":
            read = f"v if (v := {src}).__class__ is str else parse_str(v)"
        elif f.type == "int":
            read = f"int(n{i})"
        elif f.type == "Decimal":
            read = f"D(n{i})"
        else:
            read = f"parse_{f.type}({src})"
        lines.append(f"    row.{f.py_name} = {read}")
    lines.append("    return row")
    special = (lambda i, v: _read_special(infos[i], v)) if any(_special(f) for f in infos) else None
    source = compile("\n".join(lines), f"<kis parser of {cls.__qualname__}>", "exec")
    code = next(c for c in source.co_consts if isinstance(c, types.CodeType))
    # One globals dict for every parser (hundreds per process), the class bound as a default.
    fast: Callable[[Mapping[str, Any]], Any] = types.FunctionType(
        code, _PARSER_GLOBALS, "parse", (cls, special)
    )
    return fast


def _special(f: FieldInfo) -> bool:
    return bool(f.null_values or f.markers)


def _read_special(f: FieldInfo, value: Any) -> Any:
    """A field with placeholders or markers: those first, then the field's type."""
    if type(value) is str:
        if value in f.null_values:
            return None
        marker = f.markers.get(value)
        if marker is not None:
            return marker
    return PARSERS[f.type](value)


_PARSER_GLOBALS: dict[str, Any] = {
    "Mismatch": _Mismatch,
    "new": object.__new__,
    "parse_str": parse_str,
    "parse_date": parse_date,
    "parse_time": parse_time,
    "D": Decimal,
}


_NO_NAMES: frozenset[str] = frozenset()  # shared by the TRs without sensitive fields


def _lower(key: str) -> str:
    # str.lower() makes a new string even when nothing changes: thousands of keys are kept per
    # process with every TR imported, so each is the declaration's own (interned) string.
    return sys.intern(key.lower())


class ReplyParser:
    """Turns one reply body into an endpoint's response class; errors name TR, field and value."""

    def __init__(self, response_type: type) -> None:
        self.response_type = response_type
        self.fields = fields_of(response_type)
        self.outputs = outputs_of(response_type)
        self._fast = {o.py_name: row_parser(o.row_type) for o in self.outputs if o.row_type}
        every = (*self.fields, *(f for o in self.outputs for f in o.fields))
        self.sensitive = frozenset(f.name for f in every if f.sensitive) or _NO_NAMES
        self.envelope = hasattr(response_type, "rt_cd")

    # The key sets below are built on the TR's first reply: a process imports every TR module
    # (simulator, tools) but reads few of them.

    @functools.cached_property
    def _row_keys(self) -> dict[str, frozenset[str]]:
        """Per block, the keys of its rows: to tell a one-row object sent for an array."""
        return {o.py_name: frozenset(_lower(f.key) for f in o.fields) for o in self.outputs}

    @functools.cached_property
    def _known(self) -> frozenset[str]:
        names = [f.key for f in self.fields] + [o.name for o in self.outputs]
        return frozenset([*ENVELOPE, *(_lower(n) for n in names)])

    def parse(self, tr_id: str, data: Mapping[str, Any]) -> Any:
        reader = _Reader(tr_id, data, self.sensitive)
        lowered = {k.lower(): v for k, v in data.items()} if isinstance(data, dict) else {}
        values: dict[str, Any] = {}
        if self.envelope:
            for name in ENVELOPE:
                value = lowered.get(name, "")
                values[name] = value if value.__class__ is str else parse_str(value)
        for f in self.fields:
            values[f.py_name] = reader.value(f, lowered, f.name)
        for block in self.outputs:
            values[block.py_name] = self._block(reader, block, lowered)
        unknown = [k for k in data if k.lower() not in self._known]
        result = self.response_type(**values)
        if self.envelope:
            result.raw = data
            result.unknown_keys = tuple(unknown) + tuple(reader.unknown)
        return result

    def _block(self, reader: _Reader, block: OutputInfo, lowered: Mapping[str, Any]) -> Any:
        """One block. A shape the spec did not expect is read where nothing is lost (an object
        where rows were expected is one row, and null / "" / {} there no rows, each reported on
        the "kis" logger; a one-row array where an object was expected is that object); anything
        else raises, keeping the raw reply (and, via the client, whether KIS accepted it)."""
        name = block.name.lower()
        if name not in lowered:
            if block.optional is not None:
                return [] if block.array else None
            reader.fail(block.name, None, "block missing from the reply")
        value = lowered[name]
        known = self._row_keys[block.py_name]
        if block.array:
            if value is None or value == "" or value == {}:  # null, "", {}: no rows, nothing lost
                logger.warning(
                    "%s: block %s is %r where the spec expects rows; read as no rows",
                    reader.tr_id,
                    block.name,
                    value,
                )
                return []
            if type(value) is dict and not known.isdisjoint(k.lower() for k in value):
                logger.warning(
                    "%s: block %s is one object where the spec expects rows; read as one row",
                    reader.tr_id,
                    block.name,
                )
                value = [value]
            if type(value) is not list:
                reader.fail(block.name, type(value).__name__, "expected an array of rows")
            fast = self._fast[block.py_name]
            try:
                return [fast(row) for row in value]
            except Exception:  # noqa: BLE001 - any surprise: read again, checked, row by row
                return [reader.row(block, row, f"{block.name}[{i}]") for i, row in enumerate(value)]
        # An object block sent as a one-row array loses nothing; more rows would.
        if type(value) is list and len(value) == 1:
            value = value[0]
        elif type(value) is list and not value and block.optional is not None:
            return None
        if type(value) is not dict:
            shown = f"{len(value)} rows" if type(value) is list else type(value).__name__
            reader.fail(block.name, shown, "expected an object")
        return reader.row(block, value, block.name)


class _Reader:
    """The checked path: case-insensitive keys, unknown keys noted, errors located."""

    def __init__(self, tr_id: str, raw: Any, sensitive: frozenset[str]) -> None:
        self.tr_id, self.raw, self.sensitive = tr_id, raw, sensitive
        self.unknown: dict[str, None] = {}  # ordered set of "block.key"

    def fail(self, where: str, value: Any, reason: str, name: str = "") -> Any:
        shown = "***" if name in self.sensitive else value
        raise ResponseFormatError(self.tr_id, where, shown, reason, raw=self.raw)

    def value(self, f: FieldInfo, lowered: Mapping[str, Any], where: str) -> Any:
        key = f.key.lower()
        if key not in lowered:
            return "" if f.type == "str" else None
        value = lowered[key]
        try:
            return _read_special(f, value) if _special(f) else PARSERS[f.type](value)
        except (TypeError, ValueError, ArithmeticError) as exc:
            return self.fail(where, value, f"expected {f.type}: {exc}", f.name)

    def row(self, block: OutputInfo, row: Any, where: str) -> Any:
        if type(row) is not dict:
            self.fail(where, type(row).__name__, "expected an object")
        lowered = {k.lower(): v for k, v in row.items()}
        known = set()
        values = {}
        for f in block.fields:
            known.add(f.key.lower())
            values[f.py_name] = self.value(f, lowered, f"{where}.{f.name}")
        for key in row:
            if key.lower() not in known:
                self.unknown[f"{block.name}.{key}"] = None
        assert block.row_type is not None
        return block.row_type(**values)


def read_row(row_type: type[T], data: Mapping[str, Any], *, tr_id: str = "") -> T:
    """One row or object block of a reply, read like the client reads it (for tests, fixtures)."""
    fast = row_parser(row_type)
    try:
        row: T = fast(data)
    except Exception:  # noqa: BLE001 - the checked path decides, and names any error
        block = OutputInfo(
            name=row_type.__name__,
            py_name="",
            title="",
            array=False,
            fields=fields_of(row_type),
            row_type=row_type,
        )
        row = _Reader(tr_id or row_type.__name__, data, frozenset()).row(block, data, block.name)
    return row
