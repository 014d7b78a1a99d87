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


def _plain(text: str) -> str:
    """The text of a number, refused where int() / Decimal() would read more than KIS writes:
    non-ASCII digits ("١٢") and underscores ("1_000"), as the REST parser refuses them."""
    if not text.isascii() or "_" in text:
        raise ValueError(text)
    return text


def _int(text: str) -> int | None:
    try:
        return int(_plain(text))
    except ValueError:
        if text in NULLS:
            return None
        raise


# Parsed values by text, each in a 1-tuple (a "cell"): a cell is true even for Decimal("0") or
# None, so `(cache.get(text) or parse(text))[0]` takes one test, and no-value markers are cached
# too. Prices and times repeat from tick to tick and these values are immutable: one object per
# text serves. Bad texts are never stored.
Cell = tuple[Any]
_NONE: Cell = (None,)
_DECIMALS: dict[str, Cell] = dict.fromkeys(NULLS, _NONE)
_TIMES: dict[str, Cell] = dict.fromkeys(NULLS, _NONE)  # at most 86,400 valid texts
_DATES: dict[str, Cell] = dict.fromkeys(NULLS, _NONE)
_CACHE_LIMIT = 50_000  # Decimal texts: cumulative amounts are new on every tick
_DATE_LIMIT = 10_000


def _decimal_cell(text: str) -> Cell:
    try:
        value = Decimal(_plain(text))
    except InvalidOperation:
        raise ValueError(text) from None
    if value.is_infinite():  # Decimal() reads "Inf"; KIS's "no value" is nan, not infinity
        raise ValueError(text)
    cell = _NONE if value.is_nan() else (value,)  # nan, -nan, NaN, sNaN, ...: no value
    if len(_DECIMALS) >= _CACHE_LIMIT:
        _DECIMALS.clear()
        _DECIMALS.update(dict.fromkeys(NULLS, _NONE))
    _DECIMALS[text] = cell
    return cell


def _time_cell(text: str) -> Cell:
    if len(text) != 6 or not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    cell = (dt.time.fromisoformat(text),)  # HHMMSS; 5x faster than slicing into dt.time()
    _TIMES[text] = cell
    return cell


def _date_cell(text: str) -> Cell:
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    cell = (dt.date.fromisoformat(text),)  # YYYYMMDD
    if len(_DATES) < _DATE_LIMIT:
        _DATES[text] = cell
    return cell


def _decimal(text: str) -> Decimal | None:
    value: Decimal | None = (_DECIMALS.get(text) or _decimal_cell(text))[0]
    return value


def _time(text: str) -> dt.time | None:
    value: dt.time | None = (_TIMES.get(text) or _time_cell(text))[0]
    return value


def _date(text: str) -> dt.date | None:
    value: dt.date | None = (_DATES.get(text) or _date_cell(text))[0]
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
_CELLS: dict[str, tuple[dict[str, Cell], Callable[[str], Cell]]] = {
    "Decimal": (_DECIMALS, _decimal_cell),
    "time": (_TIMES, _time_cell),
    "date": (_DATES, _date_cell),
}

Decoder = Callable[[Sequence[str], tuple[str, ...]], Any]


def _compile(record: type, infos: tuple[FieldInfo, ...]) -> tuple[Decoder, Decoder]:
    """Two functions `decode(values, extra)` for one record class, values converted by position.

    They differ in ints only: the fast one reads them with int() alone, so a no-value marker in an
    int field raises ValueError there and the caller retries with the careful one (whose
    ValueError is a bad value). Number, date and time fields read no-value markers from the cache.
    Measured on H0STCNT0 frames (46 values): int() alone instead of an isdigit()/isascii() guard
    saves ~9%; unpacking vs v[i], cells vs bare values (get-or-parse, a sentinel default, a dict
    subclass with __missing__), one search of the payload for "(null)" vs a check per str value:
    all within noise, as the time goes to hashing each value (~45 ns a cached one) and int().
    No caches, Decimal() / fromisoformat() on every value behind one joined check of the texts:
    ~20 % slower on 20,000 records, no faster on 100,000 (where the caches are large).
    """
    local = [f"a{i}" for i in range(len(infos))]
    unpack = f"    {', '.join(local)}, = v"
    # The fast one checks the record's int texts together, joined: ASCII, no "_" (see _plain).
    ints = [a for a, info in zip(local, infos, strict=True) if info.type == "int"]
    plain = (
        [
            f"    s = ''.join(({', '.join(ints)},))",
            "    if not s.isascii() or '_' in s:",
            "        raise ValueError(s)",
        ]
        if ints
        else []
    )
    fast, careful = [], []
    for a, info in zip(local, infos, strict=True):
        kind = info.type
        if kind == "str":
            value = f'("" if {a} == "(null)" else {a})'
        elif kind == "int":
            value = f"int({a})"
        elif kind in _CELLS:  # a cache hit pays no Python call
            value = f"(_c_{kind}({a}) or _q_{kind}({a}))[0]"
        else:
            value = f"_p_{kind}({a})"
        fast.append(value)
        careful.append(f"_p_int({a})" if kind == "int" else value)
    source = []
    for name, values in (("fast", fast), ("careful", careful)):
        source += [f"def {name}(v, extra):", unpack, *(plain if name == "fast" else ())]
        source.append("    r = new(cls)")
        source += [
            f"    r.{info.py_name} = {value}" for info, value in zip(infos, values, strict=True)
        ]
        source += ["    r.extra = extra", "    return r", ""]
    namespace: dict[str, Any] = (
        {f"_p_{k}": p for k, p in PARSERS.items()}
        | {f"_c_{k}": cache.get for k, (cache, _) in _CELLS.items()}
        | {f"_q_{k}": parse for k, (_, parse) in _CELLS.items()}
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
        return list(self.records_from(payload.split("^"), count))

    def decode_values(self, values: Sequence[str], count: int = 1) -> list[Any]:
        """`count` records from the values of one frame (a record may carry extra trailing values).

        The frame's values must split evenly into `count` records of at least the spec's fields;
        the values past the spec's fields of each record go to its `extra`.
        """
        return list(self.records_from(values, count))

    def records_from(self, values: Sequence[str], count: int = 1) -> tuple[Any, ...]:
        """decode_values as a tuple (what Records holds; the decoder's hot path)."""
        fast, careful = self._decoders or self._compiled()
        try:
            if count == 1 and len(values) == len(self.fields):  # the common frame
                return (fast(values, ()),)
            return self._split(values, count, fast)
        except (ValueError, ArithmeticError):
            pass  # a no-value marker in an int field, or a bad value: read carefully
        try:
            return self._split(values, count, careful)
        except (ValueError, ArithmeticError):
            raise self._explain(values, len(values) // count) from None

    def _split(self, values: Sequence[str], count: int, decode: Decoder) -> tuple[Any, ...]:
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
                return (decode(values, ()),)
            return tuple([decode(values[i : i + n], ()) for i in range(0, total, n)])
        return tuple(
            [
                decode(values[i : i + n], tuple(values[i + n : i + width]))
                for i in range(0, total, width)
            ]
        )

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
