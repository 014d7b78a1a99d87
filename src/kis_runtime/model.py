"""Base of every generated response: the KIS envelope plus what the transport carried."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import attrs
import httpx

if TYPE_CHECKING:
    import pandas
    import polars


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
    order, then `extra`, the values past the spec's fields (KIS appends fields over time), as sent,
    and `layout`, the name of the spec's layout (value list) the record was read by ("" for a TR
    with one). Records compare by their values; sensitive fields are masked in repr."""

    __slots__ = ("extra", "layout")
    __kis_layout__ = (Slot("extra", ()), Slot("layout", "", repr=False, eq=False))
    extra: tuple[str, ...]
    layout: str


class KisResponse(Reply):
    """rt_cd "0" means success; any other reply is raised as an ApiError instead.

    headers, raw, unknown_keys and http are set by the client from the HTTP response; raw holds
    the whole body; unknown_keys lists reply keys the spec does not name ("new_key" at top level,
    "output1.new_key" in a block), kept in raw, so that drift is visible without reading it.
    """

    __slots__ = ("headers", "http", "msg1", "msg_cd", "raw", "rt_cd", "unknown_keys")
    __kis_layout__ = (
        Slot("rt_cd", ""),
        Slot("msg_cd", ""),
        Slot("msg1", ""),
        Slot("headers", factory=ResponseHeaders, init=False, eq=False),
        Slot("raw", factory=dict, init=False, repr=False, eq=False),
        Slot("unknown_keys", (), init=False, eq=False),
        Slot("http", None, init=False, repr=False, eq=False),
    )
    rt_cd: str
    msg_cd: str
    msg1: str
    headers: ResponseHeaders
    raw: dict[str, Any]
    unknown_keys: tuple[str, ...]
    http: httpx.Response | None

    def to_pandas(self, block: str | None = None, *, titles: bool = False) -> pandas.DataFrame:
        """One block of this reply as a DataFrame (kis_runtime.frames.to_pandas; extra `pandas`)."""
        from kis_runtime.frames import to_pandas

        return to_pandas(self, block, titles=titles)

    def to_polars(self, block: str | None = None, *, titles: bool = False) -> polars.DataFrame:
        """One block of this reply as a DataFrame (kis_runtime.frames.to_polars; extra `polars`)."""
        from kis_runtime.frames import to_polars

        return to_polars(self, block, titles=titles)
