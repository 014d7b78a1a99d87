"""Typed realtime records: one attrs class per TR, each field declared once with `rfield`.

A record's fields are the TR's values in wire order. The decoder of a class is compiled once, the
first time a record of it is decoded: one function that converts each value by position and calls
the class, no per-record dispatch. Values beyond the spec's fields (KIS appends fields over time)
are kept, untyped, in `extra`.

"No value" on the wire: an empty value, `(null)`, `null`, `nan` / `-nan` in a number, date or time
field becomes None; in a str field `(null)` becomes "" and anything else is kept as sent. A value
that is none of these and no valid number / date / time raises RealtimeFormatError naming the TR,
the field and the value (masked for sensitive fields) - never a silently wrong value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs

from kis_runtime.realtime.errors import RealtimeFormatError
from kis_runtime.redact import mask

NULLS = frozenset({"", "(null)", "null", "nan", "-nan", "NaN", "-NaN", "NAN", "-NAN"})
_NANS = frozenset({"nan", "-nan", "NaN", "-NaN", "NAN", "-NAN", "sNaN"})
META = "kis"
_R = TypeVar("_R")


@attrs.frozen
class FieldMeta:
    """A record field as the spec gives it: KIS name, Korean title, Python type, wire position."""

    name: str
    title: str
    type: str  # str | int | Decimal | date | time
    sensitive: bool = False


def rfield(name: str, title: str, type: str = "str", *, sensitive: bool = False) -> Any:
    """The one declaration of a record field (name, title and type live in its metadata)."""
    meta = FieldMeta(name, title, type, sensitive)
    default = "" if type == "str" else None
    return attrs.field(default=default, metadata={META: meta}, repr=mask if sensitive else True)


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        if text in NULLS:
            return None
        raise


# Prices and rates repeat from tick to tick: a Decimal is immutable, so one object per text serves.
_DECIMALS: dict[str, Decimal] = {}
_CACHE_LIMIT = 50_000


def _decimal(text: str) -> Decimal | None:
    found = _DECIMALS.get(text)
    if found is not None:
        return found
    if text in _NANS:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        if text in NULLS:
            return None
        raise ValueError(text) from None
    if len(_DECIMALS) >= _CACHE_LIMIT:
        _DECIMALS.clear()
    _DECIMALS[text] = value
    return value


_TIMES: dict[str, dt.time] = {}
_DATES: dict[str, dt.date] = {}


def _time(text: str) -> dt.time | None:
    found = _TIMES.get(text)
    if found is not None:
        return found
    if text in NULLS:
        return None
    if len(text) != 6 or not text.isdigit():
        raise ValueError(text)
    value = dt.time(int(text[:2]), int(text[2:4]), int(text[4:]))
    _TIMES[text] = value  # at most 86,400 distinct valid times
    return value


def _date(text: str) -> dt.date | None:
    found = _DATES.get(text)
    if found is not None:
        return found
    if text in NULLS:
        return None
    if len(text) != 8 or not text.isdigit():
        raise ValueError(text)
    value = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(_DATES) < 10_000:
        _DATES[text] = value
    return value


def _str(text: str) -> str:
    return "" if text == "(null)" else text


PARSERS: dict[str, Callable[[str], Any]] = {
    "str": _str,
    "int": _int,
    "Decimal": _decimal,
    "date": _date,
    "time": _time,
}


# Parsed values by text (only valid ones are stored: a no-value marker is never a key).
_CACHES: dict[str, dict[str, Any]] = {"Decimal": _DECIMALS, "time": _TIMES, "date": _DATES}


def fields_of(record: type) -> tuple[FieldMeta, ...]:
    """The wire fields of a record class, in order (`extra` excluded)."""
    return tuple(f.metadata[META] for f in attrs.fields(record) if META in f.metadata)


Decoder = Callable[[Sequence[str], tuple[str, ...]], Any]


def _compile(record: type) -> Decoder:
    """`decode(values, extra)`: one generated function per class, values converted by position.

    (Measured: converting each value by a direct call beats map() over itemgetter() groups, and
    a separate unchecked path for clean payloads gained nothing.)
    """
    names = [a.name for a in attrs.fields(record) if META in a.metadata]
    lines = ["def decode(v, extra):", "    r = new(cls)"]
    for i, (name, meta) in enumerate(zip(names, fields_of(record), strict=True)):
        if meta.type == "str":  # inline: the common case pays no call
            value = f'("" if (x := v[{i}]) == "(null)" else x)'
        elif meta.type == "int":  # inline: plain digits pay no call (blank, sign, nan: the parser)
            value = f"(int(x) if (x := v[{i}]).isdigit() and x.isascii() else _p_int(x))"
        elif meta.type in _CACHES:  # a cache hit pays no Python call (None / 0: the parser)
            value = f"(_c_{meta.type}(x := v[{i}]) or _p_{meta.type}(x))"
        else:
            value = f"_p_{meta.type}(v[{i}])"
        lines.append(f"    r.{name} = {value}")
    # Set slot by slot rather than through the attrs __init__ (46 arguments for H0STCNT0): the
    # record is complete all the same, as every field and `extra` are assigned.
    lines += ["    r.extra = extra", "    return r"]
    source = "\n".join(lines) + "\n"
    namespace: dict[str, Any] = (
        {f"_p_{k}": p for k, p in PARSERS.items()}
        | {f"_c_{k}": cache.get for k, cache in _CACHES.items()}
        | {"cls": record, "new": object.__new__}
    )
    exec(compile(source, f"<realtime decoder {record.__qualname__}>", "exec"), namespace)  # noqa: S102
    decode: Decoder = namespace["decode"]
    return decode


@attrs.frozen(eq=False)
class RealtimeTr:
    """A realtime TR's metadata (the generated module's `TR`) and its record decoder."""

    record: type
    title: str
    module: str
    tr_id: str
    paper_tr_id: str | None
    tr_key: str  # "code" | "hts_id"
    tr_key_title: str
    encrypted: bool
    fields: tuple[FieldMeta, ...] = attrs.field(init=False)
    _decoder: Decoder | None = attrs.field(init=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "fields", fields_of(self.record))

    def _compiled(self) -> Decoder:
        # On first use: importing a TR module stays cheap.
        if self._decoder is None:
            object.__setattr__(self, "_decoder", _compile(self.record))
        assert self._decoder is not None
        return self._decoder

    @property
    def tr_ids(self) -> tuple[str, ...]:
        return (self.tr_id,) + ((self.paper_tr_id,) if self.paper_tr_id else ())

    def tr_id_for(self, paper: bool) -> str:
        """The TR id to register with on a real or a paper (모의투자) session."""
        if not paper:
            return self.tr_id
        if self.paper_tr_id is None:
            from kis_runtime.errors import UnsupportedEnvironmentError

            raise UnsupportedEnvironmentError(f"realtime TR {self.tr_id}", "paper")
        return self.paper_tr_id

    def decode_payload(self, payload: str, count: int = 1) -> list[Any]:
        """`count` records from a frame's `^`-joined values (see decode_values)."""
        return self.decode_values(payload.split("^"), count)

    def decode_values(self, values: Sequence[str], count: int = 1) -> list[Any]:
        """`count` records from the values of one frame (a record may carry extra trailing values).

        The frame's values must split evenly into `count` records of at least the spec's fields;
        the values past the spec's fields of each record go to its `extra`.
        """
        decode = self._decoder or self._compiled()
        try:
            if count == 1 and len(values) == len(self.fields):  # the common frame
                return [decode(values, ())]
            return self._split(values, count, decode)
        except (ValueError, ArithmeticError):
            raise self._explain(values, len(values) // count) from None

    def _split(self, values: Sequence[str], count: int, decode: Decoder) -> list[Any]:
        n = len(self.fields)
        total = len(values)
        if count < 1 or total % count or total // count < n:
            raise RealtimeFormatError(
                f"{self.tr_id}: {total} value(s) do not make {count} record(s) of "
                f"{n} field(s) each",
                tr_id=self.tr_id,
            )
        width = total // count
        if width == n:
            if count == 1:
                return [decode(values, ())]
            return [decode(values[i : i + n], ()) for i in range(0, total, n)]
        return [
            decode(values[i : i + n], tuple(values[i + n : i + width]))
            for i in range(0, total, width)
        ]

    def _explain(self, values: Sequence[str], width: int) -> RealtimeFormatError:
        """Find the value that failed (the slow path, only on a bad frame)."""
        for start in range(0, len(values), width):
            for meta, text in zip(self.fields, values[start : start + width], strict=False):
                try:
                    PARSERS[meta.type](text)
                except (ValueError, ArithmeticError):
                    shown = mask(text) if meta.sensitive else repr(text)
                    return RealtimeFormatError(
                        f"{self.tr_id}: field {meta.name} ({meta.title}): {shown} is not a "
                        f"{meta.type}",
                        tr_id=self.tr_id,
                        field=meta.name,
                    )
        return RealtimeFormatError(f"{self.tr_id}: undecodable record", tr_id=self.tr_id)


def extra_field() -> Any:
    """`extra`: values past the spec's fields (KIS appends fields to TRs over time)."""
    return attrs.field(default=(), kw_only=True)
