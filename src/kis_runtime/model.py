"""The reply classes' shared machinery (Slot, Reply, Record) and the response headers.

KisResponse, the base of every generated response, is in kis_runtime.response: its DataFrame
methods reach kis_runtime.frames, which reads TR metadata built on these classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

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


def attributes(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """attrs.fields of a class known to be an attrs class (mypy cannot tell from `type`)."""
    found: tuple[attrs.Attribute[Any], ...] = attrs.fields(cast(Any, cls))
    return found


_REQUIRED: Any = object()


class Slot:
    """One attribute of a reply class: its default (or a factory) and how repr / == treat it.
    (A plain class: hundreds are built when every TR module is imported.)"""

    __slots__ = ("default", "eq", "factory", "init", "name", "repr")

    def __init__(
        self,
        name: str,
        default: Any = _REQUIRED,
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
            elif slot.default is _REQUIRED:
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
    order, then `extra`, the values past the spec's fields (KIS appends fields over time), as sent.
    Records compare by their values; sensitive fields are masked in repr."""

    __slots__ = ("extra",)
    __kis_layout__ = (Slot("extra", ()),)
    extra: tuple[str, ...]
