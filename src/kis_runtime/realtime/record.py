"""Typed realtime records and their decoder: `RealtimeTr`, a generated module's `TR`.

A record class is declared like a REST reply row, each field once: `name: type = field("title",
name="KIS_NAME", ...)` under `@record` (kis_runtime.fields), a subclass of kis_runtime.model.Record;
its `FieldInfo`s, in wire order, are `RealtimeTr.fields`. Values beyond the spec's fields (KIS
appends fields over time) are kept, untyped, in `extra`.

A record class's decoders are compiled once, the first time a record of it is decoded: functions
that unpack the values into locals, convert each by position and fill the record, no per-record
dispatch. Every value is converted when the frame is decoded, so a bad value is refused then.

"No value" on the wire: an empty value, `(null)`, `null`, `nan` / `-nan` in a number, date or time
field becomes None; in a str field `(null)` becomes "" and anything else is kept as sent. A value
that is none of these and no valid number / date / time raises RealtimeFormatError naming the TR,
the field and the value (masked for sensitive fields) - never a silently wrong value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from kis_runtime.fields import FieldInfo, fields_of
from kis_runtime.realtime.errors import RealtimeFormatError
from kis_runtime.redact import mask

NULLS = frozenset({"", "(null)", "null", "nan", "-nan", "NaN", "-NaN", "NAN", "-NAN"})
NULL_STR = "(null)"  # the one no-value marker a str field reads as ""


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        if text in NULLS:
            return None
        raise


# Parsed values by text; only valid values are stored, so a no-value marker is never a key. Prices
# and rates repeat from tick to tick, and these values are immutable: one object per text serves.
_DECIMALS: dict[str, Decimal] = {}
_TIMES: dict[str, dt.time] = {}  # at most 86,400 valid texts
_DATES: dict[str, dt.date] = {}
_CACHE_LIMIT = 50_000


def _decimal(text: str) -> Decimal | None:
    found = _DECIMALS.get(text)
    if found is not None:
        return found
    try:
        value = Decimal(text)
    except InvalidOperation:
        if text in NULLS:
            return None
        raise ValueError(text) from None
    if value.is_nan():  # nan, -nan, NaN, sNaN, ...: no value
        return None
    if len(_DECIMALS) >= _CACHE_LIMIT:
        _DECIMALS.clear()
    _DECIMALS[text] = value
    return value


def _time(text: str) -> dt.time | None:
    found = _TIMES.get(text)
    if found is not None:
        return found
    if text in NULLS:
        return None
    if len(text) != 6 or not (text.isdigit() and text.isascii()):
        raise ValueError(text)
    value = dt.time(int(text[:2]), int(text[2:4]), int(text[4:]))
    _TIMES[text] = value
    return value


def _date(text: str) -> dt.date | None:
    found = _DATES.get(text)
    if found is not None:
        return found
    if text in NULLS:
        return None
    if len(text) != 8 or not (text.isdigit() and text.isascii()):
        raise ValueError(text)
    value = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(_DATES) < 10_000:
        _DATES[text] = value
    return value


def _str(text: str) -> str:
    return "" if text == NULL_STR else text


PARSERS: dict[str, Callable[[str], Any]] = {
    "str": _str,
    "int": _int,
    "Decimal": _decimal,
    "date": _date,
    "time": _time,
}
_CACHES: dict[str, dict[str, Any]] = {"Decimal": _DECIMALS, "time": _TIMES, "date": _DATES}

Decoder = Callable[[Sequence[str], tuple[str, ...]], Any]


def _compile(record: type, infos: tuple[FieldInfo, ...]) -> tuple[Decoder, Decoder]:
    """Two functions `decode(values, extra)` for one record class, values converted by position.

    The fast one is for payloads without `(null)`: it keeps str values as sent and reads ints with
    int() alone, so a no-value marker in an int field raises ValueError and the caller retries with
    the careful one, which reads every marker (and whose ValueError is a bad value).
    Measured (H0STCNT0, 46 values): unpacking into locals beats v[i]; `cache.get(x) or parse(x)`
    beats a sentinel default (Decimal("0") is falsy, so "0" costs a parse call, still cheaper) and
    a dict subclass with __missing__; storing slot by slot beats building a tuple subclass.
    """
    local = [f"a{i}" for i in range(len(infos))]
    unpack = f"    {', '.join(local)}, = v" if infos else "    () = v"
    fast, careful = [], []
    for a, info in zip(local, infos, strict=True):
        kind = info.type
        if kind == "str":
            fast.append(a)
            careful.append(f'("" if {a} == "(null)" else {a})')
        elif kind == "int":
            fast.append(f"int({a})")
            careful.append(f"_p_int({a})")
        elif kind in _CACHES:  # a cache hit pays no Python call (a miss, None or zero: the parser)
            fast.append(f"(_c_{kind}({a}) or _p_{kind}({a}))")
            careful.append(fast[-1])
        else:
            fast.append(f"_p_{kind}({a})")
            careful.append(fast[-1])
    source = []
    for name, values in (("fast", fast), ("careful", careful)):
        source += [f"def {name}(v, extra):", unpack, "    r = new(cls)"]
        source += [
            f"    r.{info.py_name} = {value}" for info, value in zip(infos, values, strict=True)
        ]
        source += ["    r.extra = extra", "    return r", ""]
    namespace: dict[str, Any] = (
        {f"_p_{k}": p for k, p in PARSERS.items()}
        | {f"_c_{k}": cache.get for k, cache in _CACHES.items()}
        | {"cls": record, "new": object.__new__}
    )
    code = compile("\n".join(source), f"<realtime decoders {record.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102
    return namespace["fast"], namespace["careful"]


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
    fields: tuple[FieldInfo, ...] = attrs.field(init=False)  # the record's, in wire order
    _decoders: tuple[Decoder, Decoder] | None = attrs.field(init=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "fields", fields_of(self.record))

    def _compiled(self) -> tuple[Decoder, Decoder]:
        # On first use: importing a TR module stays cheap.
        if self._decoders is None:
            object.__setattr__(self, "_decoders", _compile(self.record, self.fields))
        assert self._decoders is not None
        return self._decoders

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
        return self._decode(payload.split("^"), count, NULL_STR not in payload)

    def decode_values(self, values: Sequence[str], count: int = 1) -> list[Any]:
        """`count` records from the values of one frame (a record may carry extra trailing values).

        The frame's values must split evenly into `count` records of at least the spec's fields;
        the values past the spec's fields of each record go to its `extra`.
        """
        return self._decode(values, count, NULL_STR not in values)

    def _decode(self, values: Sequence[str], count: int, clean: bool) -> list[Any]:
        """`clean`: no value is `(null)`, so str values need no check."""
        fast, careful = self._decoders or self._compiled()
        if clean:
            try:
                if count == 1 and len(values) == len(self.fields):  # the common frame
                    return [fast(values, ())]
                return self._split(values, count, fast)
            except (ValueError, ArithmeticError):
                pass  # a no-value marker in an int field, or a bad value: read carefully
        try:
            return self._split(values, count, careful)
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
            for info, text in zip(self.fields, values[start : start + width], strict=False):
                try:
                    PARSERS[info.type](text)
                except (ValueError, ArithmeticError):
                    shown = mask(text) if info.sensitive else repr(text)
                    return RealtimeFormatError(
                        f"{self.tr_id}: field {info.name} ({info.title}): {shown} is not a "
                        f"{info.type}",
                        tr_id=self.tr_id,
                        field=info.name,
                    )
        return RealtimeFormatError(f"{self.tr_id}: undecodable record", tr_id=self.tr_id)
