"""The reply classes' shared machinery (Slot, Reply, Record) and the response headers.

KisResponse, the base of every generated response, is in kis_runtime.response: its DataFrame
methods reach kis_runtime.frames, which reads TR metadata built on these classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class ResponseHeaders:
    """The response headers the spec names: tr_id, tr_cont (F/M more, D/E last), gt_uid."""

    tr_id: str = ""
    tr_cont: str = ""
    gt_uid: str = ""

    @property
    def has_more(self) -> bool:
        return self.tr_cont in ("F", "M")


REQUIRED: Any = object()  # a Slot's default: the value must be given


class Slot:
    """One attribute of a reply class: its default (or a factory) and how repr / == treat it.
    (A plain class: hundreds are built when every TR module is imported.)"""

    __slots__ = ("default", "eq", "factory", "init", "name", "repr")

    def __init__(
        self,
        name: str,
        default: Any = REQUIRED,
        *,
        factory: Callable[[], Any] | None = None,
        init: bool = True,
        repr: bool | Callable[[Any], str] = True,
        eq: bool = True,
    ) -> None:
        self.name, self.default, self.factory = name, default, factory
        self.init, self.repr, self.eq = init, repr, eq


class Reply:
    """Base of the reply classes: one __init__, __repr__ and __eq__ for all of them, driven by
    each class's `__kis_layout__` (its Slots, inherited ones first)."""

    __slots__ = ()
    __kis_layout__: tuple[Slot, ...] = ()

    def __init__(self, **values: Any) -> None:
        for slot in self.__kis_layout__:
            if slot.init and slot.name in values:
                value = values.pop(slot.name)
            elif slot.factory is not None:
                value = slot.factory()
            elif slot.default is REQUIRED:
                raise TypeError(f"{type(self).__name__}: {slot.name} is required")
            else:
                value = slot.default
            object.__setattr__(self, slot.name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown field(s) {', '.join(values)}")

    def __repr__(self) -> str:
        parts = []
        for slot in self.__kis_layout__:
            if slot.repr is not False:
                value = getattr(self, slot.name, None)
                shown = slot.repr(value) if callable(slot.repr) else repr(value)
                parts.append(f"{slot.name}={shown}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(
            getattr(self, s.name, None) == getattr(other, s.name, None)
            for s in self.__kis_layout__
            if s.eq
        )

    __hash__ = None  # type: ignore[assignment]  # mutable


class Record(Reply):
    """Base of the realtime record classes (kis_runtime.fields.record): the TR's fields in wire
    order, then `extra`, the values past the spec's fields (KIS appends fields over time), as sent,
    and `layout`, the name of the spec's layout (value list) the record was read by ("" for a TR
    with one). Records compare by their values; sensitive fields are masked in repr."""

    __slots__ = ("extra", "layout")
    __kis_layout__ = (Slot("extra", ()), Slot("layout", "", repr=False, eq=False))
    extra: tuple[str, ...]
    layout: str


class Request(Reply):
    """Base of the request classes (kis_runtime.fields.request): keyword arguments only, each
    field checked when built (kis_runtime.validation), frozen, hashable."""

    __slots__ = ()

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        checks = type(self).__dict__.get("__kis_checks__")
        if checks is None:
            checks = _compile_checks(type(self))
        for slot, check in zip(self.__kis_layout__, checks, strict=True):
            if check is not None:
                check(self, slot, getattr(self, slot.name))

    def __setattr__(self, name: str, value: Any) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __hash__(self) -> int:  # type: ignore[override]  # frozen: hashable, unlike replies
        return hash((self.__class__, *(getattr(self, s.name) for s in self.__kis_layout__)))


def _compile_checks(cls: type) -> tuple[Callable[[Any, Slot, Any], None] | None, ...]:
    """A request class's validators (one per Slot; None: a plain attribute), compiled when its
    first instance is built: most of the hundreds of request classes a process imports are never
    built."""
    from kis_runtime.validation import validator

    tr: str = cls.__kis_tr__  # type: ignore[attr-defined]
    infos = {f.py_name: f for k in cls.__mro__ for f in k.__dict__.get("__kis_fields__", ())}
    layout: tuple[Slot, ...] = cls.__kis_layout__  # type: ignore[attr-defined]
    checks = tuple(validator(tr, infos[s.name]) if s.name in infos else None for s in layout)
    cls.__kis_checks__ = checks  # type: ignore[attr-defined]
    return checks
