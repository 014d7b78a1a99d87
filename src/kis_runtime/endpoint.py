"""What a generated TR module tells the runtime about its TR: the spec, as plain data.

The client, the pager and the simulator read these objects, so none of them needs per-TR code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

from kis_runtime.environment import Environment
from kis_runtime.errors import InvalidParameterError, UnsupportedEnvironmentError

RequestT = TypeVar("RequestT")
ResponseT = TypeVar("ResponseT")


@attrs.frozen(kw_only=True)
class FieldInfo:
    name: str  # as KIS spells it (CANO)
    py_name: str  # attribute name (cano)
    title: str  # Korean title (종합계좌번호)
    type: str = "str"  # str | int | Decimal | date | time
    required: bool = False
    digits: int | None = None  # doc Length; 18.4 -> digits 18, scale 4
    scale: int | None = None
    default: str | None = None
    values: tuple[str, ...] = ()
    pattern: str | None = None
    sensitive: bool = False
    cursor: str | None = None  # request param filled by the pager from this response field


@attrs.frozen(kw_only=True)
class OutputInfo:
    name: str  # output1
    py_name: str
    title: str
    array: bool
    fields: tuple[FieldInfo, ...]


@attrs.frozen(kw_only=True)
class TrIds:
    real: str
    paper: str | None  # None: 모의투자 미지원
    variant: str | None = None
    label: str = ""


@attrs.frozen(kw_only=True)
class Endpoint(Generic[RequestT, ResponseT]):
    name: str  # module path under kis: domestic_stock.trading.pension_inquire_balance
    title: str
    api_id: str | None
    method: str
    path: str
    tr_ids: tuple[TrIds, ...]
    request_type: type[RequestT]
    response_type: type[ResponseT]
    params: tuple[FieldInfo, ...] = ()  # query (GET) or JSON body (POST)
    body_fields: tuple[
        FieldInfo, ...
    ] = ()  # top-level response fields besides envelope and outputs
    outputs: tuple[OutputInfo, ...] = ()
    pageable: bool = False
    hashkey: bool = False

    @property
    def module(self) -> str:
        return f"kis.{self.name}"

    @property
    def cursor(self) -> Mapping[str, str]:
        """Request param -> the response body field that feeds it on the next page."""
        return {p.name: p.cursor for p in self.params if p.cursor}

    @property
    def sensitive_names(self) -> frozenset[str]:
        fields = self.params + self.body_fields + tuple(f for o in self.outputs for f in o.fields)
        return frozenset(f.name for f in fields if f.sensitive)

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

    def wire_params(self, request: Any, cursor: Mapping[str, str]) -> dict[str, Any]:
        """The request object as KIS names and string values; cursor params from the pager."""
        from kis_runtime.wire import unstructure_request

        values = unstructure_request(request)
        for param in self.params:
            if param.cursor:
                values[param.name] = cursor.get(param.name, "")
        return values
