"""What a generated TR module tells the runtime about its TR: derived from its classes.

The client, the pager and the simulator read these objects, so none of them needs per-TR code.
Field-level facts come from the request and response classes (fields.py); an Endpoint adds what
belongs to the TR itself: path, method, TR ids, paging, hashkey.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

from kis_runtime.environment import Environment
from kis_runtime.errors import InvalidParameterError, UnsupportedEnvironmentError
from kis_runtime.fields import FieldInfo, OutputInfo, fields_of, outputs_of
from kis_runtime.parse import ReplyParser
from kis_runtime.wire import to_wire

RequestT = TypeVar("RequestT")
ResponseT = TypeVar("ResponseT")

__all__ = ["Endpoint", "FieldInfo", "OutputInfo", "TrIds"]


_NONE: Mapping[str, str] = types.MappingProxyType({})
_NO_NAMES: frozenset[str] = frozenset()


@attrs.frozen
class TrIds:
    real: str
    paper: str | None  # None: 모의투자 미지원
    variant: str | None = None
    label: str = ""


@attrs.frozen(kw_only=True)
class Endpoint(Generic[RequestT, ResponseT]):
    name: str  # module path under kis: domestic_stock.trading.pension_inquire_balance
    title: str
    method: str
    path: str
    request_type: type[RequestT]
    response_type: type[ResponseT]
    tr_ids: tuple[TrIds, ...] = ()
    api_id: str | None = None
    paging: bool = False  # pages by tr_cont alone (TRs with cursor params page anyway)
    hashkey: bool = False
    # Derived from the classes, once (not compared: the classes are).
    params: tuple[FieldInfo, ...] = attrs.field(init=False, eq=False)  # query or JSON body
    body_fields: tuple[FieldInfo, ...] = attrs.field(init=False, eq=False)  # besides blocks
    outputs: tuple[OutputInfo, ...] = attrs.field(init=False, eq=False)
    cursor: Mapping[str, str] = attrs.field(init=False, eq=False)  # param -> its reply field
    sensitive_names: frozenset[str] = attrs.field(init=False, eq=False)
    parser: ReplyParser = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        params = fields_of(self.request_type)
        body, outputs = fields_of(self.response_type), outputs_of(self.response_type)
        every = params + body + tuple(f for o in outputs for f in o.fields)
        derived = {
            "params": params,
            "body_fields": body,
            "outputs": outputs,
            # Most TRs have neither: one shared empty value, not one per TR.
            "cursor": {p.name: p.cursor for p in params if p.cursor} or _NONE,
            "sensitive_names": frozenset(f.name for f in every if f.sensitive) or _NO_NAMES,
            "parser": ReplyParser(self.response_type),
        }
        for key, value in derived.items():
            object.__setattr__(self, key, value)

    @property
    def module(self) -> str:
        return f"kis.{self.name}"

    @property
    def pageable(self) -> bool:
        return self.paging or bool(self.cursor)

    def tr_id(self, environment: Environment, variant: str | None = None) -> str:
        """The TR id to send; raises before any request if the TR or variant does not apply."""
        ids = self.variant(variant)
        if environment is Environment.REAL:
            return ids.real
        if ids.paper is None:
            raise UnsupportedEnvironmentError(f"{self.title} ({ids.real})", environment.value)
        return ids.paper

    def variant(self, variant: str | None) -> TrIds:
        if not self.tr_ids:
            raise InvalidParameterError(
                self.path,
                "tr_id",
                f"{self.title} is an auth endpoint with no TR id: the client "
                "calls it itself (access_token(), revoke(), hashkey signing)",
            )
        if len(self.tr_ids) == 1 and variant is None:
            return self.tr_ids[0]
        for ids in self.tr_ids:
            if ids.variant == variant:
                return ids
        names = ", ".join(repr(i.variant) for i in self.tr_ids)
        raise InvalidParameterError(
            self.tr_ids[0].real, "variant", f"{variant!r} is not one of {names}"
        )

    def wire_params(self, request: Any, cursor: Mapping[str, str]) -> dict[str, str]:
        """The request as KIS names and strings; cursor params from the pager."""
        return {
            p.name: cursor.get(p.name, "") if p.cursor else to_wire(getattr(request, p.py_name))
            for p in self.params
        }
