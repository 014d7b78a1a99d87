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
`000000` in a `*_HOUR` time field is None too: KIS's "not yet" (시가 시간 before the open, as the
portal's examples show); those fields belong to day sessions, where no event happens at midnight.
(Night-session TRs type their times str, kept as sent; other time fields read 000000 as 00:00.)

Layouts: a TR may declare the value lists KIS is known to send (`Layout`: the fields but `omit`);
each record is read by the layout whose value count it has (a record with more values than a
layout and no exact match: the widest layout below, the rest in `extra`), and says which in
`record.layout`; a field its layout lacks is None. Key: a code-keyed TR names the field that holds
the record's tr_key; a record whose key does not look like one (`key_pattern`) is refused
(RealtimeFormatError): a field list off by one is caught there, not delivered mislabelled.
"""

from __future__ import annotations

import datetime as dt
import re
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
# `*_HOUR` time fields: KIS's 000000 is "not yet" (see the module docstring).
HOUR_NULLS = frozenset({*NULLS, "000000"})
_HOURS: dict[str, Cell] = dict.fromkeys(HOUR_NULLS, _NONE)
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


def _hour_cell(text: str) -> Cell:
    cell = _time_cell(text)
    _HOURS[text] = cell
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


def _hour(text: str) -> dt.time | None:
    value: dt.time | None = (_HOURS.get(text) or _hour_cell(text))[0]
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
    "hour": _hour,
}
_CELLS: dict[str, tuple[dict[str, Cell], Callable[[str], Cell]]] = {
    "Decimal": (_DECIMALS, _decimal_cell),
    "time": (_TIMES, _time_cell),
    "hour": (_HOURS, _hour_cell),
    "date": (_DATES, _date_cell),
}


def kind_of(info: FieldInfo) -> str:
    """The parser of a field: its type, but `hour` for a `*_HOUR` time field."""
    if info.type == "time" and info.name.upper().endswith("HOUR"):
        return "hour"
    return info.type


Decoder = Callable[[Sequence[str], tuple[str, ...]], Any]


def _compile(record: type, infos: tuple[FieldInfo, ...], layout: Layout) -> tuple[Decoder, Decoder]:
    """Two functions `decode(values, extra)` for one record class and one layout, values converted
    by position (the fields the layout omits set to None).

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
    wire = [info for info in infos if info.name not in layout.omit]
    local = [f"a{i}" for i in range(len(wire))]
    unpack = f"    {', '.join(local)}, = v"
    # The fast one checks the record's int texts together, joined: ASCII, no "_" (see _plain).
    ints = [a for a, info in zip(local, wire, strict=True) if info.type == "int"]
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
    for a, info in zip(local, wire, strict=True):
        kind = kind_of(info)
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
    absent = [info for info in infos if info.name in layout.omit]
    source = []
    for name, values in (("fast", fast), ("careful", careful)):
        source += [f"def {name}(v, extra):", unpack, *(plain if name == "fast" else ())]
        source.append("    r = new(cls)")
        source += [
            f"    r.{info.py_name} = {value}" for info, value in zip(wire, values, strict=True)
        ]
        source += [f"    r.{info.py_name} = None" for info in absent]
        source += ["    r.extra = extra", f"    r.layout = {layout.name!r}", "    return r", ""]
    namespace: dict[str, Any] = (
        {f"_p_{k}": p for k, p in PARSERS.items()}
        | {f"_c_{k}": cache.get for k, (cache, _) in _CELLS.items()}
        | {f"_q_{k}": parse for k, (_, parse) in _CELLS.items()}
        | {"cls": record, "new": object.__new__}
    )
    code = compile("\n".join(source), f"<realtime decoders {record.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102
    return namespace["fast"], namespace["careful"]


@attrs.frozen
class Layout:
    """One value list KIS sends for a TR: the record's fields but `omit`, in order."""

    name: str
    omit: tuple[str, ...] = ()


# What a tr_key looks like when the spec gives no key_pattern: a code of upper-case letters and
# digits (and . / - or inner spaces), 2 to 32 characters, blanks around it aside. A shifted field
# list puts a flag, a name or an empty value there; a time or a price can look like a code, so
# the client also checks the key against the registered tr_keys (keyguard.py).
KEY_PATTERN = r"\s*[0-9A-Z][0-9A-Z ./-]{0,30}[0-9A-Z.]\s*"
_GOOD_KEYS_LIMIT = 10_000


@attrs.frozen
class _Plan:
    """How one layout's records are read: its width, its decoders, where its key is."""

    layout: Layout
    infos: tuple[FieldInfo, ...]  # the layout's fields, in wire order
    key_at: int  # the key field's position in the layout; -1: no key
    fast: Decoder
    careful: Decoder


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
    key: str | None = None  # the field holding a code TR's tr_key (KIS's name)
    key_pattern: str | None = None  # what a key looks like; None: KEY_PATTERN
    layouts: tuple[Layout, ...] = ()  # none: one layout, every field ("")
    fields: tuple[FieldInfo, ...] = attrs.field(init=False)  # the record's, declared order
    # The FieldInfo of the key field (a code TR's tr_key in each record), if any.
    key_info: FieldInfo | None = attrs.field(init=False, repr=False, eq=False)
    _plans: dict[int, _Plan] | None = attrs.field(init=False, repr=False, default=None)
    _key_match: Callable[[str], Any] | None = attrs.field(init=False, repr=False, default=None)
    # Keys already matched: a stream repeats a few codes, a set lookup costs less than the regex.
    _good_keys: set[str] = attrs.field(init=False, repr=False, factory=set)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "fields", fields_of(self.record))
        key_info = next((f for f in self.fields if f.name == self.key), None)
        object.__setattr__(self, "key_info", key_info)
        self.record.__kis_tr__ = self  # type: ignore[attr-defined]  # a record knows its TR

    def _compiled(self) -> dict[int, _Plan]:
        # On first use: importing a TR module stays cheap.
        if self._plans is None:
            plans = {}
            for layout in self.layouts or (Layout(""),):
                infos = tuple(f for f in self.fields if f.name not in layout.omit)
                names = [f.name for f in infos]
                key_at = names.index(self.key) if self.key in names else -1
                fast, careful = _compile(self.record, self.fields, layout)
                plans[len(infos)] = _Plan(layout, infos, key_at, fast, careful)
            pattern = re.compile(self.key_pattern or KEY_PATTERN)
            object.__setattr__(self, "_key_match", pattern.fullmatch)
            object.__setattr__(self, "_plans", plans)
        assert self._plans is not None
        return self._plans

    def layout_fields(self, name: str = "") -> tuple[FieldInfo, ...]:
        """The fields of one layout, in wire order (the first layout's for "")."""
        layouts = self.layouts or (Layout(""),)
        layout = next((x for x in layouts if x.name == name), layouts[0] if not name else None)
        if layout is None:
            raise KeyError(f"{self.tr_id} has no layout {name!r}")
        return tuple(f for f in self.fields if f.name not in layout.omit)

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

    def decode_payload(self, payload: str, count: int = 1, tr_id: str = "") -> list[Any]:
        """`count` records from a frame's `^`-joined values (see decode_values)."""
        return list(self.records_from(payload.split("^"), count, tr_id))

    def decode_values(self, values: Sequence[str], count: int = 1, tr_id: str = "") -> list[Any]:
        """`count` records from the values of one frame (a record may carry extra trailing values).

        The frame's values must split evenly into `count` records, each as long as one of the
        layouts or longer (the values past the layout go to its `extra`). `tr_id`: the TR id the
        frame came with (a paper TR id), named in errors; default: the real one.
        """
        return list(self.records_from(values, count, tr_id))

    def records_from(
        self, values: Sequence[str], count: int = 1, tr_id: str = ""
    ) -> tuple[Any, ...]:
        """decode_values as a tuple (what Records holds; the decoder's hot path)."""
        plans = self._plans or self._compiled()
        if count == 1:
            plan = plans.get(len(values))
            if plan is not None:  # the common frame
                try:
                    record = plan.fast(values, ())
                except (ValueError, ArithmeticError):
                    record = self._careful(plan, values, tr_id)
                if plan.key_at >= 0 and values[plan.key_at] not in self._good_keys:
                    self._check_key(plan, values, 1, tr_id)
                return (record,)
        total = len(values)
        width = total // count if count >= 1 else 0
        plan = plans.get(width) or self._widest_below(plans, width)
        if count < 1 or total % count or plan is None:
            raise RealtimeFormatError(
                f"{tr_id or self.tr_id}: {total} value(s) do not make {count} record(s) of "
                f"{self._widths(plans)} field(s) each",
                tr_id=tr_id or self.tr_id,
            )
        n = len(plan.infos)
        records = []
        for start in range(0, total, width):
            one = values[start : start + n]
            extra = tuple(values[start + n : start + width])
            try:
                record = plan.fast(one, extra)
            except (ValueError, ArithmeticError):
                record = self._careful(plan, one, tr_id, extra)
            if plan.key_at >= 0 and one[plan.key_at] not in self._good_keys:
                self._check_key(plan, one, start // width + 1, tr_id)
            records.append(record)
        return tuple(records)

    @staticmethod
    def _widest_below(plans: dict[int, _Plan], width: int) -> _Plan | None:
        below = [n for n in plans if n < width]
        return plans[max(below)] if below else None

    @staticmethod
    def _widths(plans: dict[int, _Plan]) -> str:
        return " or ".join(str(n) for n in sorted(plans))

    def _careful(
        self, plan: _Plan, values: Sequence[str], tr_id: str, extra: tuple[str, ...] = ()
    ) -> Any:
        """A no-value marker in an int field, or a bad value: read carefully, or explain."""
        try:
            return plan.careful(values, extra)
        except (ValueError, ArithmeticError):
            raise self._explain(plan, values, tr_id) from None

    def _check_key(self, plan: _Plan, values: Sequence[str], number: int, tr_id: str) -> None:
        key = values[plan.key_at]
        assert self._key_match is not None
        if not self._key_match(key):
            raise self._bad_key(plan, values, number, tr_id)
        if len(self._good_keys) >= _GOOD_KEYS_LIMIT:
            self._good_keys.clear()
        self._good_keys.add(key)

    def _bad_key(
        self, plan: _Plan, values: Sequence[str], number: int, tr_id: str
    ) -> RealtimeFormatError:
        tr = tr_id or self.tr_id
        info = plan.infos[plan.key_at]
        text = values[plan.key_at]
        shown = mask(text) if info.sensitive else repr(text)
        where = f"record {number}, " if number > 1 else ""
        layout = f" (layout {plan.layout.name!r})" if plan.layout.name else ""
        return RealtimeFormatError(
            f"{tr}: {where}key field {info.name} holds {shown}, which is no tr_key: the "
            f"{len(plan.infos)} values do not line up with the spec's fields{layout}",
            tr_id=tr,
            field=info.name,
        )

    def _explain(self, plan: _Plan, values: Sequence[str], tr_id: str) -> RealtimeFormatError:
        """Find the value that failed (the slow path, only on a bad frame)."""
        tr = tr_id or self.tr_id
        for info, text in zip(plan.infos, values, strict=False):
            try:
                PARSERS[kind_of(info)](text)
            except (ValueError, ArithmeticError):
                shown = mask(text) if info.sensitive else repr(text)
                return RealtimeFormatError(
                    f"{tr}: field {info.name} ({info.title}): {shown} is not a {info.type}",
                    tr_id=tr,
                    field=info.name,
                )
        return RealtimeFormatError(f"{tr}: undecodable record", tr_id=tr)
