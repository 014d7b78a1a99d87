"""One declaration per field: what a generated class says about each field, and all derived from it.

A generated TR module declares each field once: `name: type = param("title", ...)` in a request
class, `field("title", ...)` in a reply class or a realtime record, `block("title")` for a reply
block. The class decorators turn them into slotted classes sharing one set of methods (`@request`:
kis_runtime.model.Request's, frozen, validated when built; `@row`, `@response` and `@record`:
kis_runtime.model.Reply's; no per-class generated code, as hundreds are built per process) and
attach each attribute's `FieldInfo` (KIS name, title, type from the annotation, length, pattern,
codes, known codes, default, sensitivity, cursor, wire alias, placeholders, markers). Request
validation, wire names, masking in repr, the help() text, the reply parser (parse.py), the
realtime decoder (realtime/record.py), `Endpoint.params` / `.outputs`, `RealtimeTr.fields`, the
simulator, `kis describe` and DataFrames all read that one FieldInfo.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal, TypeVar, Union, dataclass_transform, get_args, get_origin

import attrs

from kis_runtime.codes import UnlistedCode as UnlistedCode  # generated modules import it from here
from kis_runtime.markers import Marker, markers_of
from kis_runtime.model import REQUIRED as _REQUIRED
from kis_runtime.model import Record, Reply, Request, Slot
from kis_runtime.redact import mask

T = TypeVar("T")
_NOTHING: Any = attrs.NOTHING
_TYPE_NAMES: dict[Any, str] = {
    str: "str",
    int: "int",
    Decimal: "Decimal",
    dt.date: "date",
    dt.time: "time",
}


@attrs.frozen(kw_only=True)
class FieldInfo:
    """A field as the spec describes it; built once per class attribute by the decorators."""

    name: str  # as KIS spells it (CANO, hldg_qty)
    py_name: str  # the attribute (cano)
    title: str  # the doc's Korean title (종합계좌번호)
    type: str = "str"  # str | int | Decimal | date | time
    required: bool = False
    digits: int | None = None  # the doc's Length; 18.4 -> digits 18, scale 4
    scale: int | None = None
    default: str | None = None
    values: tuple[str, ...] = ()  # allowed codes (request: enforced before sending)
    meanings: Mapping[str, str] = attrs.field(factory=dict, eq=False)  # code -> its meaning
    # Codes the doc lists as examples (sector codes, …): shown, never enforced; code -> meaning.
    known: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    pattern: str | None = None
    sensitive: bool = False
    cursor: str | None = None  # request param the pager fills from this reply body field
    wire: str | None = None  # reply key as the server spells it, where it is not `name`
    null_values: frozenset[str] = frozenset()  # reply placeholders read as None
    # Reply codes sent in place of a value, each read as its Marker (markers.py), by code.
    markers: Mapping[str, Marker] = attrs.field(factory=dict, eq=False)

    @property
    def key(self) -> str:
        """The reply key this field is read from (compared case-insensitively)."""
        return self.wire or self.name


@attrs.frozen(kw_only=True)
class OutputInfo:
    """A reply block (output, output1, …): one object or an array of rows."""

    name: str
    py_name: str
    title: str
    array: bool
    fields: tuple[FieldInfo, ...]
    row_type: type | None = attrs.field(default=None, eq=False)
    optional: str | None = None  # why a success reply may lack it; None: required


def param(
    title: str,
    *,
    name: str | None = None,
    required: bool = False,
    default: Any = _NOTHING,
    length: int | str | None = None,
    pattern: str | None = None,
    values: Mapping[str, str] | None = None,
    known: Mapping[str, str] | None = None,
    sensitive: bool = False,
    cursor: str | None = None,
    init: bool = True,
) -> Any:
    """Declare one request field. `name`: KIS's spelling (CANO); `length`: 19 or "18.4";
    `values`: allowed codes and their meanings; `known`: codes the doc lists as examples, shown
    but not enforced; `cursor`: the reply field the pager copies in."""
    meta = _sparse(
        name=name,
        title=title,
        required=required,
        length=length,
        default=None if default is _NOTHING else str(default),
        values=values,
        known=known,
        pattern=pattern,
        sensitive=sensitive,
        cursor=cursor,
    )
    return _Param(meta, default, init)


def field(
    title: str,
    *,
    name: str | None = None,
    wire: str | None = None,
    length: int | str | None = None,
    sensitive: bool = False,
    null: tuple[str, ...] = (),
    markers: Mapping[str, str] | None = None,
) -> Any:
    """Declare one reply field. `name`: KIS's spelling where it is not the attribute's name;
    `wire`: the key as the server sends it where that differs again (compared without case);
    `length`: 19 or "18.4"; `null`: placeholders KIS sends for "no value", read as None;
    `markers`: codes KIS sends in place of a value (code -> meaning), each read as a Marker."""
    meta = _sparse(
        name=name,
        title=title,
        wire=wire,
        length=length,
        sensitive=sensitive,
        null=null,
        markers=markers,
    )
    return _Declared(meta)


def _sparse(**given: Any) -> dict[str, Any]:
    # Only what a declaration says: thousands of fields, so no dict of defaults each.
    return {key: value for key, value in given.items() if value}


def block(title: str, *, name: str | None = None, optional: str | None = None) -> Any:
    """Declare a reply block; its shape and row class come from the annotation."""
    return _Declared({"name": name, "title": title, "block": optional})


class _Declared:
    """A reply field or block as declared in the class body; the decorator replaces it."""

    __slots__ = ("meta",)

    def __init__(self, meta: dict[str, Any]) -> None:
        self.meta = meta


class _Param(_Declared):
    """A request field as declared in the class body; @request replaces it."""

    __slots__ = ("default", "init")

    def __init__(self, meta: dict[str, Any], default: Any, init: bool) -> None:
        super().__init__(meta)
        self.default, self.init = default, init


def _length(length: int | str | None) -> tuple[int | None, int | None]:
    if length is None:
        return None, None
    digits, _, scale = str(length).partition(".")
    return int(digits), int(scale) if scale else None


def type_name(annotation: Any) -> str:
    """ "int" for `int | str`, "Decimal" for `Decimal | None`, "str" for a Literal of codes."""
    args = get_args(annotation) if _is_union(annotation) else (annotation,)
    first = next(a for a in args if a is not type(None) and a is not Marker)
    if get_origin(first) is Literal or first is UnlistedCode:
        return "str"
    try:
        return _TYPE_NAMES[first]
    except KeyError:
        raise TypeError(f"unsupported field type {annotation!r}") from None


def _is_union(annotation: Any) -> bool:
    return isinstance(annotation, types.UnionType) or get_origin(annotation) is Union


def field_info(name: str, annotation: Any, meta: Mapping[str, Any]) -> FieldInfo:
    digits, scale = _length(meta.get("length"))
    values = meta.get("values") or _NO_VALUES
    return FieldInfo(
        name=meta.get("name") or name,
        py_name=name,
        title=meta["title"],
        type=type_name(annotation),
        required=meta.get("required", False),
        digits=digits,
        scale=scale,
        default=meta.get("default"),
        values=tuple(values),
        meanings=values,
        known=meta.get("known") or _NO_VALUES,
        pattern=meta.get("pattern"),
        sensitive=meta.get("sensitive", False),
        cursor=meta.get("cursor"),
        wire=meta.get("wire"),
        null_values=frozenset(meta["null"]) if "null" in meta else _NO_NULLS,
        markers=markers_of(meta["markers"]) if "markers" in meta else _NO_MARKERS,
    )


_NO_VALUES: Mapping[str, str] = types.MappingProxyType({})
_NO_NULLS: frozenset[str] = frozenset()
_NO_MARKERS: Mapping[str, Marker] = types.MappingProxyType({})


def _evaluated(annotation: Any, cls: type) -> Any:
    """An annotation as a type, also in a module with `from __future__ import annotations`."""
    if not isinstance(annotation, str):
        return annotation
    return eval(annotation, vars(sys.modules[cls.__module__]))  # noqa: S307 - the class's own


def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """The FieldInfo of each field of a generated class, in declaration order."""
    found: tuple[FieldInfo, ...] = cls.__kis_fields__  # type: ignore[attr-defined]
    return found


def outputs_of(cls: type) -> tuple[OutputInfo, ...]:
    found: tuple[OutputInfo, ...] = cls.__kis_outputs__  # type: ignore[attr-defined]
    return found


def _output_info(name: str, annotation: Any, meta: Mapping[str, Any]) -> OutputInfo:
    array = get_origin(annotation) is list
    if array:
        row_type = get_args(annotation)[0]
    else:
        args = get_args(annotation) if _is_union(annotation) else (annotation,)
        row_type = next(a for a in args if a is not type(None))
    return OutputInfo(
        name=meta["name"] or name,
        py_name=name,
        title=meta["title"],
        array=array,
        fields=fields_of(row_type),
        row_type=row_type,
        optional=meta["block"],
    )


_SHARED_INFOS: dict[FieldInfo, FieldInfo] = {}


def _shared(info: FieldInfo) -> FieldInfo:
    """One FieldInfo for equal declarations (FieldInfo is frozen): about half of the thousands a
    process with every TR holds are the same field in another TR. Not for a field with codes,
    known codes or markers, which equality does not compare."""
    if info.meanings or info.known or info.markers:
        return info
    return _SHARED_INFOS.setdefault(info, info)


def _finish(cls: type[T], infos: tuple[FieldInfo, ...], outputs: tuple[OutputInfo, ...]) -> type[T]:
    cls.__kis_fields__ = infos  # type: ignore[attr-defined]
    cls.__kis_outputs__ = outputs  # type: ignore[attr-defined]
    if not isinstance(cls, _ReplyType):
        cls.__doc__ = (cls.__doc__ or "").rstrip() + _field_table(infos, outputs)
    return cls


class _ReplyType(type):
    """The reply classes' type: their docstring's field list is written when help() asks."""

    @property
    def __doc__(cls) -> str:  # type: ignore[override]
        own: str = cls.__dict__.get("__kis_doc__") or ""
        return own.rstrip() + _field_table(cls.__kis_fields__, cls.__kis_outputs__)  # type: ignore[attr-defined]


def _field_table(infos: tuple[FieldInfo, ...], outputs: tuple[OutputInfo, ...]) -> str:
    """The class docstring's list of fields, so help() shows titles, rules and codes."""
    lines = []
    for f in infos:
        rules = [f.name] if f.name != f.py_name else []
        if f.required and not f.cursor:
            rules.append("required")
        if f.default and not f.cursor:
            rules.append(f"default {f.default!r}")
        if f.pattern:
            rules.append(f"pattern {f.pattern}")
        if f.cursor:
            rules.append("filled by the pager")
        line = f"    {f.py_name}: {f.title}" + (f" ({', '.join(rules)})" if rules else "")
        if f.values:
            codes = ", ".join(f"{v}={f.meanings.get(v) or v}" for v in f.values)
            line += f"\n        codes: {codes}"
        if f.known:
            codes = ", ".join(f"{v}={m or v}" for v, m in f.known.items())
            line += f"\n        known codes (others allowed): {codes}"
        if f.markers:
            codes = ", ".join(m.describe() for m in f.markers.values())
            line += f"\n        markers (read as Marker): {codes}"
        lines.append(line)
    for o in outputs:
        shape = "list of rows" if o.array else "one object"
        lines.append(f"    {o.py_name}: {o.title} ({shape})")
    return "\n\nFields:\n" + "\n".join(lines) + "\n" if lines else "\n"


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(param,))
def request(tr: str) -> Callable[[type[T]], type[T]]:
    """A request class (kis_runtime.model.Request: frozen), validated when built (validation.py),
    errors naming `tr`."""

    def decorate(cls: type[T]) -> type[T]:
        return _request_class(cls, tr)

    return decorate


def _request_class(cls: type[T], tr: str) -> type[T]:
    namespace = dict(vars(cls))
    annotations: dict[str, Any] = namespace.get("__annotations__", {})
    own = {name: _evaluated(a, cls) for name, a in annotations.items()}
    for name in ("__dict__", "__weakref__"):
        namespace.pop(name, None)
    layout, infos = [], []
    for name, annotation in own.items():
        declared = namespace.pop(name, _REQUIRED)
        if not isinstance(declared, _Param):  # a plain attribute: its value is the default
            layout.append(Slot(name, declared))
            continue
        info = _shared(field_info(name, annotation, declared.meta))
        infos.append(info)
        default = _REQUIRED if declared.default is _NOTHING else declared.default
        # cursors: the pager's, not input; sensitive values masked
        shown = False if info.cursor else mask if info.sensitive else True
        layout.append(Slot(name, default, init=declared.init, repr=shown))
    namespace["__slots__"] = tuple(own)
    namespace["__kis_doc__"] = namespace.pop("__doc__", None)
    bases = cls.__bases__ if issubclass(cls, Request) else (Request, *cls.__bases__[1:])
    built: type[T] = _ReplyType(cls.__name__, bases, namespace)  # type: ignore[assignment]
    built.__kis_layout__ = (*getattr(built, "__kis_layout__", ()), *layout)  # type: ignore[attr-defined]
    built.__kis_tr__ = tr  # type: ignore[attr-defined]  # its validators name it
    return _finish(built, tuple(infos), ())


@dataclass_transform(kw_only_default=True, field_specifiers=(field, block))
def row(cls: type[T]) -> type[T]:
    """A reply row or object block (filled by the parser)."""
    return _reply_class(cls)


@dataclass_transform(kw_only_default=True, field_specifiers=(field, block))
def response(cls: type[T]) -> type[T]:
    """A TR's reply: the envelope (base class), body fields and blocks."""
    return _reply_class(cls)


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """A realtime record (a subclass of kis_runtime.model.Record): the TR's fields in wire order,
    then `extra`, the values past the spec's fields, as sent (filled by realtime/record.py)."""
    return _reply_class(cls, Record)


def _reply_class(cls: type[T], base: type[Reply] = Reply) -> type[T]:
    """A slotted class with the shared Reply methods: hundreds of these are built when every TR
    module is imported, so they carry no per-class generated code (attrs would compile an
    __init__, __repr__ and __eq__ for each)."""
    namespace = dict(vars(cls))
    annotations: dict[str, Any] = namespace.get("__annotations__", {})
    own = {name: _evaluated(a, cls) for name, a in annotations.items()}
    declared = {
        name: namespace.pop(name) for name in own if isinstance(namespace.get(name), _Declared)
    }
    for name in ("__dict__", "__weakref__"):
        namespace.pop(name, None)
    namespace["__slots__"] = tuple(own)
    namespace["__kis_doc__"] = namespace.pop("__doc__", None)
    bases = cls.__bases__ if issubclass(cls, base) else (base, *cls.__bases__[1:])
    built: type[T] = _ReplyType(cls.__name__, bases, namespace)  # type: ignore[assignment]
    infos, outputs, layout = [], [], []
    for name, annotation in own.items():
        meta = declared[name].meta if name in declared else {}
        shown = mask if meta.get("sensitive") else True
        if "block" in meta:
            output = _output_info(name, annotation, meta)
            outputs.append(output)
            if output.array:
                layout.append(Slot(name, factory=list))
            else:  # an object block is required, unless the spec says the reply may lack it
                layout.append(Slot(name, None) if output.optional else Slot(name))
        elif meta:
            info = _shared(field_info(name, annotation, meta))
            infos.append(info)
            layout.append(Slot(name, "" if info.type == "str" else None, repr=shown))
        else:
            layout.append(Slot(name, repr=shown))
    inherited = getattr(built, "__kis_layout__", ())
    # A record's `extra` follows its fields; a response's envelope comes before them.
    ordered = (*layout, *inherited) if base is Record else (*inherited, *layout)
    built.__kis_layout__ = ordered  # type: ignore[attr-defined]
    return _finish(built, tuple(infos), tuple(outputs))
