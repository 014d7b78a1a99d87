"""One declaration per field: what a generated class says about each field, and all derived from it.

A generated TR module declares each field once, as `name: type = field("title", ...)`. The class
decorators (`request`, `row`, `response`) turn those declarations into attrs classes and attach to
every attribute its `FieldInfo` (wire name, title, type, length, pattern, values, default,
sensitivity, cursor). Request validation, wire names, masking in repr, the reply parser
(parse.py), `Endpoint.params` / `.outputs` and the simulator all read that one FieldInfo.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal, TypeVar, Union, dataclass_transform, get_args, get_origin

import attrs

from kis_runtime.redact import mask

T = TypeVar("T")
KEY = "kis"  # attrs metadata key
_NOTHING: Any = attrs.NOTHING
_TYPE_NAMES: dict[Any, str] = {
    str: "str",
    int: "int",
    Decimal: "Decimal",
    dt.date: "date",
    dt.time: "time",
}


class UnlistedCode(str):
    """A code the spec's `values` do not list (KIS added it after the doc): sent as given.

    `inqr_dvsn=UnlistedCode("03")` passes the allowed-values check (length and pattern still
    apply); mypy accepts it wherever the field's type is a Literal of codes.
    """

    __slots__ = ()


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
    pattern: str | None = None
    sensitive: bool = False
    cursor: str | None = None  # request param the pager fills from this reply body field
    wire: str | None = None  # reply key as the server spells it, where it is not `name`
    null_values: frozenset[str] = frozenset()  # reply placeholders read as None
    description: str = ""

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


def field(
    title: str,
    *,
    name: str | None = None,
    wire: str | None = None,
    required: bool = False,
    default: Any = _NOTHING,
    length: int | str | None = None,
    pattern: str | None = None,
    values: Mapping[str, str] | None = None,
    sensitive: bool = False,
    cursor: str | None = None,
    null: tuple[str, ...] = (),
    doc: str = "",
    init: bool = True,
) -> Any:
    """Declare one field. `name`: KIS's spelling where it is not the attribute's name; `wire`:
    the reply key where the server spells it differently again; `length`: 19 or "18.4";
    `values`: allowed codes and their meanings; `null`: reply placeholders read as None."""
    digits, scale = _length(length)
    partial = {
        "name": name,
        "title": title,
        "required": required,
        "digits": digits,
        "scale": scale,
        "default": None if default is _NOTHING else str(default),
        "values": tuple(values or ()),
        "meanings": dict(values or {}),
        "pattern": pattern,
        "sensitive": sensitive,
        "cursor": cursor,
        "wire": wire,
        "null_values": frozenset(null),
        "description": doc,
    }
    return attrs.field(
        default=default,
        init=init,
        repr=mask if sensitive else not cursor,  # the pager fills cursors: not user input
        metadata={KEY: partial},
    )


def block(title: str, *, name: str | None = None, optional: str | None = None) -> Any:
    """Declare a reply block; its shape and row class come from the annotation."""
    return attrs.field(metadata={KEY: {"name": name, "title": title, "optional": optional}})


def _length(length: int | str | None) -> tuple[int | None, int | None]:
    if length is None:
        return None, None
    digits, _, scale = str(length).partition(".")
    return int(digits), int(scale) if scale else None


def type_name(annotation: Any) -> str:
    """ "int" for `int | str`, "Decimal" for `Decimal | None`, "str" for a Literal of codes."""
    args = get_args(annotation) if _is_union(annotation) else (annotation,)
    first = next(a for a in args if a is not type(None))
    if get_origin(first) is Literal or first is UnlistedCode:
        return "str"
    try:
        return _TYPE_NAMES[first]
    except KeyError:
        raise TypeError(f"unsupported field type {annotation!r}") from None


def _is_union(annotation: Any) -> bool:
    return isinstance(annotation, types.UnionType) or get_origin(annotation) is Union


def field_info(attribute: attrs.Attribute[Any]) -> FieldInfo:
    meta = dict(attribute.metadata[KEY])
    meta["name"] = meta["name"] or attribute.name
    return FieldInfo(py_name=attribute.name, type=type_name(attribute.type), **meta)


def _resolved(cls: type, attributes: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Annotations as types, also in a module with `from __future__ import annotations`."""
    namespace = vars(sys.modules[cls.__module__])
    return [
        # Only declared fields: inherited ones (the envelope) belong to another module.
        a.evolve(type=eval(a.type, namespace))  # noqa: S307 - the class's own annotations
        if isinstance(a.type, str) and KEY in a.metadata
        else a
        for a in attributes
    ]


def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """The FieldInfo of each field of a generated class, in declaration order."""
    found: tuple[FieldInfo, ...] = cls.__kis_fields__  # type: ignore[attr-defined]
    return found


def outputs_of(cls: type) -> tuple[OutputInfo, ...]:
    found: tuple[OutputInfo, ...] = cls.__kis_outputs__  # type: ignore[attr-defined]
    return found


def _output_info(attribute: attrs.Attribute[Any]) -> OutputInfo:
    meta = attribute.metadata[KEY]
    annotation = attribute.type
    array = get_origin(annotation) is list
    if array:
        row_type = get_args(annotation)[0]
    else:
        args = get_args(annotation) if _is_union(annotation) else (annotation,)
        row_type = next(a for a in args if a is not type(None))
    return OutputInfo(
        name=meta["name"] or attribute.name,
        py_name=attribute.name,
        title=meta["title"],
        array=array,
        fields=fields_of(row_type),
        row_type=row_type,
        optional=meta["optional"],
    )


def _is_block(attribute: attrs.Attribute[Any]) -> bool:
    return "optional" in attribute.metadata.get(KEY, {})


def _declared(attributes: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    return [a for a in attributes if KEY in a.metadata]


def _finish(cls: type[T], infos: tuple[FieldInfo, ...], outputs: tuple[OutputInfo, ...]) -> type[T]:
    cls.__kis_fields__ = infos  # type: ignore[attr-defined]
    cls.__kis_outputs__ = outputs  # type: ignore[attr-defined]
    cls.__doc__ = (cls.__doc__ or "").rstrip() + _field_table(infos, outputs)
    return cls


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
        lines.append(line)
    for o in outputs:
        shape = "list of rows" if o.array else "one object"
        lines.append(f"    {o.py_name}: {o.title} ({shape})")
    return "\n\nFields:\n" + "\n".join(lines) + "\n" if lines else "\n"


def _with_infos(
    attributes: list[attrs.Attribute[Any]],
    evolve: Callable[[attrs.Attribute[Any], FieldInfo], attrs.Attribute[Any]],
) -> tuple[list[attrs.Attribute[Any]], tuple[FieldInfo, ...]]:
    result, infos = [], []
    for attribute in attributes:
        if KEY in attribute.metadata and not _is_block(attribute):
            info = field_info(attribute)
            infos.append(info)
            attribute = evolve(attribute, info)
        result.append(attribute)
    return result, tuple(infos)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
def request(tr: str) -> Callable[[type[T]], type[T]]:
    """A request class: frozen, validated when built (see validation.py), errors naming `tr`."""
    from kis_runtime.validation import validator

    def decorate(cls: type[T]) -> type[T]:
        infos: tuple[FieldInfo, ...] = ()

        def transform(cls: type, attributes: list[attrs.Attribute[Any]]) -> list[Any]:
            nonlocal infos
            result, infos = _with_infos(
                _resolved(cls, attributes), lambda a, info: a.evolve(validator=validator(tr, info))
            )
            return result

        built = attrs.frozen(cls, kw_only=True, field_transformer=transform)
        return _finish(built, infos, ())

    return decorate


_EMPTY: dict[str, Any] = {"str": ""}


@dataclass_transform(kw_only_default=True, field_specifiers=(field, block))
def row(cls: type[T]) -> type[T]:
    """A reply row or object block: every field defaults to blank ("" or None)."""
    return _reply_class(cls)


@dataclass_transform(kw_only_default=True, field_specifiers=(field, block))
def response(cls: type[T]) -> type[T]:
    """A TR's reply: the envelope (base class), body fields and blocks."""
    return _reply_class(cls)


def _reply_class(cls: type[T]) -> type[T]:
    infos: tuple[FieldInfo, ...] = ()
    outputs: list[OutputInfo] = []

    def transform(cls: type, attributes: list[attrs.Attribute[Any]]) -> list[Any]:
        nonlocal infos
        result, infos = _with_infos(
            _resolved(cls, attributes),
            lambda a, info: a if a.default is not _NOTHING else a.evolve(default=_blank(info)),
        )
        for i, attribute in enumerate(result):
            if KEY in attribute.metadata and _is_block(attribute):
                info = _output_info(attribute)
                outputs.append(info)
                default: Any = (
                    attrs.Factory(list) if info.array else None if info.optional else _NOTHING
                )
                if default is not _NOTHING:
                    result[i] = attribute.evolve(default=default)
        return result

    built = attrs.define(cls, kw_only=True, field_transformer=transform)
    return _finish(built, infos, tuple(outputs))


def _blank(info: FieldInfo) -> Any:
    return _EMPTY.get(info.type)
