"""Base of every generated response: the KIS envelope plus what the transport carried."""

from __future__ import annotations

from typing import Any, cast

import attrs
import httpx


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


class Reply:
    """Base of the reply classes: one __init__, __repr__ and __eq__ for all of them (hundreds of
    classes; the parser fills them without calling __init__)."""

    __slots__ = ()

    def __init__(self, **values: Any) -> None:
        for attribute in attributes(type(self)):
            value = values.pop(attribute.name, attribute.default) if attribute.init else None
            if not attribute.init or value is attribute.default:
                value = attribute.default
                if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
                    value = value.factory()  # type: ignore[union-attr]
                elif value is attrs.NOTHING:
                    raise TypeError(f"{type(self).__name__}: {attribute.name} is required")
            object.__setattr__(self, attribute.name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown field(s) {', '.join(values)}")

    def __repr__(self) -> str:
        parts = []
        for a in attributes(type(self)):
            if a.repr is not False:
                value = getattr(self, a.name)
                parts.append(f"{a.name}={a.repr(value) if callable(a.repr) else repr(value)}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = [a.name for a in attributes(type(self)) if a.eq]
        return all(getattr(self, n) == getattr(other, n) for n in names)

    __hash__ = None  # type: ignore[assignment]  # mutable, like attrs.define classes


@attrs.define(kw_only=True, init=False, repr=False, eq=False)
class KisResponse(Reply):
    """rt_cd "0" means success; any other reply is raised as an ApiError instead."""

    rt_cd: str = ""
    msg_cd: str = ""
    msg1: str = ""
    # Not parsed from the body: set by the client from the HTTP response.
    headers: ResponseHeaders = attrs.field(init=False, factory=ResponseHeaders, eq=False)
    raw: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)
    # Reply keys the spec does not name ("new_key" at top level, "output1.new_key" in a block):
    # kept in `raw`, listed here so that drift is visible without reading it.
    unknown_keys: tuple[str, ...] = attrs.field(init=False, default=(), eq=False)
    # The HTTP response this was read from (status, headers, timing), for what the typed object
    # does not carry.
    http: httpx.Response | None = attrs.field(init=False, default=None, repr=False, eq=False)
