"""Base of every generated response: the KIS envelope plus what the transport carried."""

from __future__ import annotations

from typing import Any

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


@attrs.define(kw_only=True)
class KisResponse:
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
