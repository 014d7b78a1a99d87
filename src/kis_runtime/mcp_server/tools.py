"""What the MCP server's tools do, without the MCP layer: find, describe and call TRs, and the
order steps. Listing, describing and the schemas read the generated catalog (no TR module is
imported); calling a TR imports that TR's module alone.

Every failure an agent can cause or meet is a `ToolFailure` with one readable message (the spec's
own for a bad parameter; KIS's msg_cd and msg1 for a refusal); messages are the runtime's,
which never hold a credential or an account number.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from kis_runtime.catalog import Catalog, TrInfo
from kis_runtime.cli.output import jsonable
from kis_runtime.cli.trs import search
from kis_runtime.errors import KisError
from kis_runtime.fields import FieldInfo
from kis_runtime.mcp_server import send
from kis_runtime.mcp_server.failure import ToolFailure
from kis_runtime.mcp_server.lookups import Lookups
from kis_runtime.mcp_server.orders import OrderDesk, OrderRefused, Prepared
from kis_runtime.reconcile import lookup_for
from kis_runtime.schema import ArgumentError, arguments, input_schema

MAX_PAGES = 20  # per call_tr; more pages come with its continuation
MAX_ROWS = 1000


@attrs.define
class Continuation:
    """Where an interrupted read stops: the next call_tr with its id reads on from there."""

    session: int
    tr: TrInfo
    endpoint: Any
    request: Any
    variant: str | None
    pager: Any


def _field(field: FieldInfo) -> dict[str, Any]:
    kind = field.type
    if field.digits is not None:
        kind += f"({field.digits}" + (f",{field.scale})" if field.scale is not None else ")")
    return {"name": field.name, "title": field.title, "type": kind}


def _tr_ids(tr: TrInfo) -> list[dict[str, Any]]:
    return [
        {"real": real, "paper": paper, "variant": variant, "label": tr.variants.get(variant or "")}
        for real, paper, variant in tr.entry.tr_ids
    ]


def _value(field: FieldInfo, value: Any) -> Any:
    if field.sensitive:
        return "***" if value not in (None, "") else value
    return jsonable(value)


class Tools:
    def __init__(
        self,
        catalog: Catalog,
        client_factory: Any,
        desk: OrderDesk | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.catalog = catalog
        self.lookups = Lookups(environ)
        self._client_factory = client_factory
        self._client: Any = None
        self.desk = desk
        self._continuations: dict[str, Continuation] = {}

    async def client(self) -> Any:
        """The server's AsyncClient, made on first use (listing needs no credentials)."""
        if self._client is None:
            try:
                self._client = self._client_factory()
            except KisError as exc:
                raise ToolFailure(f"cannot call KIS: {exc}") from None
        return self._client

    async def aclose(self) -> None:
        """Close the clients made for the tools (the server's shutdown)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        self.lookups.close()

    # -- finding and describing: the catalog alone ---------------------------------------------

    def find(self, words: Sequence[str], limit: int = 50) -> dict[str, Any]:
        found = search(self.catalog.registry, words)
        return {
            "count": len(found),
            "trs": [
                {
                    "tr_id": e.tr_ids[0][0],
                    "paper_tr_id": e.tr_ids[0][1],
                    "title": e.title,
                    "module": e.module,
                    "pageable": e.pageable,
                    "order": e.method == "POST",
                }
                for e in found[: max(1, limit)]
            ],
            "truncated": len(found) > limit,
        }

    def info(self, tr_id: str) -> TrInfo:
        try:
            return self.catalog.get(tr_id)
        except KeyError:
            raise ToolFailure(f"unknown TR id {tr_id!r}: find it with find_trs") from None

    def describe(self, tr_id: str) -> dict[str, Any]:
        tr = self.info(tr_id)
        entry = tr.entry
        body = [_field(f) for f in tr.body_fields if not any(f.name == p.cursor for p in tr.params)]
        return {
            "tr_id": tr.tr_id,
            "title": entry.title,
            "api_id": entry.api_id,
            "category": entry.category,
            "module": entry.module,
            "method": entry.method,
            "path": entry.path,
            "tr_ids": _tr_ids(tr),
            "pageable": entry.pageable,
            "order": entry.method == "POST",
            "how_to_call": "prepare_order, then confirm_order"
            if entry.method == "POST"
            else "call_tr",
            "input_schema": input_schema(tr.params),
            "reply": {
                "body": body,
                "blocks": [
                    {
                        "name": o.name,
                        "title": o.title,
                        "rows": o.array,
                        "fields": [_field(f) for f in o.fields],
                    }
                    for o in tr.outputs
                ],
            },
        }

    # -- calling a read-only TR ---------------------------------------------------------------

    def _request(self, tr: TrInfo, params: Mapping[str, Any], variant: str | None) -> Any:
        """(endpoint, the validated request): the spec's checks before anything is sent."""
        from kis_runtime.registry import load

        try:
            values = arguments(tr.params, params, tr.tr_id)
            endpoint = load(tr.entry)
            endpoint.variant(variant)
            return endpoint, endpoint.request_type(**values)
        except (ArgumentError, KisError) as exc:
            raise ToolFailure(str(exc)) from None

    async def call(
        self,
        session: int,
        tr_id: str,
        params: Mapping[str, Any],
        *,
        variant: str | None = None,
        max_pages: int = 1,
        max_rows: int = 100,
        titles: bool = False,
        continuation: str | None = None,
    ) -> dict[str, Any]:
        from kis_runtime.paging import Pager

        max_pages = min(max(1, max_pages), MAX_PAGES)
        max_rows = min(max(1, max_rows), MAX_ROWS)
        if continuation:
            state = self._continuations.pop(continuation, None)
            if state is None or state.session != session:
                raise ToolFailure(f"unknown continuation {continuation!r} (each is used once)")
            if tr_id and self.info(tr_id) is not state.tr:
                self._continuations[continuation] = state
                raise ToolFailure(f"continuation {continuation!r} belongs to {state.tr.tr_id}")
        else:
            tr = self.info(tr_id)
            if tr.entry.method != "GET":
                how = (
                    "prepare_order, then confirm_order"
                    if self.desk is not None
                    else "nothing here: this server was started without --orders"
                )
                raise ToolFailure(
                    f"{tr.tr_id} ({tr.entry.title}) places or changes an order: {how}"
                )
            endpoint, request = self._request(tr, params, variant)
            state = Continuation(session, tr, endpoint, request, variant, Pager(endpoint, 10**9))
        try:
            return await self._read(state, max_pages, max_rows, titles)
        except ToolFailure as exc:
            if not continuation:
                raise
            # Nothing of the failed page was taken: the same continuation reads on from there.
            self._continuations[continuation] = state
            raise ToolFailure(f"{exc} (continuation {continuation!r} is still valid)") from None

    async def _read(
        self, state: Continuation, max_pages: int, max_rows: int, titles: bool
    ) -> dict[str, Any]:
        from kis_runtime.blocks import blocks, rows

        client = await self.client()
        endpoint, pager = state.endpoint, state.pager
        chosen = blocks(endpoint)
        out: dict[str, Any] = {b.name: [] if b.array else None for b in chosen}
        count = omitted = pages = 0
        try:
            endpoint.tr_id(client.environment, state.variant)
            while not pager.done and pages < max_pages and count < max_rows:
                page = await client.call(
                    endpoint,
                    state.request,
                    variant=state.variant,
                    tr_cont=pager.tr_cont,
                    cursor=pager.cursor,
                )
                pager.accept(page)
                pages += 1
                for block in chosen:
                    found = [
                        {f.name: _value(f, getattr(r, f.py_name)) for f in block.fields}
                        for r in rows(block, page)
                    ]
                    if not block.array:
                        out[block.name] = found[0] if found else None
                        continue
                    room = max_rows - count
                    out[block.name].extend(found[:room])
                    count += min(len(found), room)
                    omitted += max(0, len(found) - room)
        except KisError as exc:
            raise ToolFailure(f"{type(exc).__name__}: {exc}") from None
        result: dict[str, Any] = {
            "tr_id": state.tr.tr_id,
            "title": state.tr.entry.title,
            "environment": client.environment.value,
            "pages": pages,
            "rows": count,
            "blocks": out,
            "more_pages": not pager.done,
        }
        if omitted:
            result["rows_omitted"] = omitted
            result["note"] = (
                f"{omitted} row(s) of the last page past max_rows={max_rows} are not returned "
                "(ask again with a larger max_rows)"
            )
        if not pager.done:
            token = secrets.token_urlsafe(8)
            self._continuations[token] = state
            result["continuation"] = token
        if titles:
            result["titles"] = {b.name: {f.name: f.title for f in b.fields} for b in chosen}
        return result

    # -- orders -------------------------------------------------------------------------------

    def _desk(self) -> OrderDesk:
        if self.desk is None:
            raise ToolFailure("orders are not enabled on this server (start it with --orders)")
        return self.desk

    async def prepare_order(
        self, session: int, tr_id: str, params: Mapping[str, Any], variant: str | None
    ) -> dict[str, Any]:
        desk = self._desk()
        tr = self.info(tr_id)
        if tr.entry.method != "POST":
            raise ToolFailure(f"{tr.tr_id} ({tr.entry.title}) is not an order: use call_tr")
        if tr.variants and variant is None:
            names = ", ".join(f"{v} ({label})" for v, label in tr.variants.items())
            raise ToolFailure(f"{tr.tr_id} needs a variant: {names}")
        endpoint, request = self._request(tr, params, variant)
        client = await self.client()
        try:
            # The reconciling path refuses an order TR it cannot look up: say so now.
            lookup_for(endpoint, endpoint.tr_id(client.environment, variant))
        except KisError as exc:
            raise ToolFailure(str(exc)) from None
        wire = endpoint.wire_params(request, {})
        try:
            prepared = desk.prepare(session, tr, variant, request, wire, client.environment.value)
        except OrderRefused as exc:
            raise ToolFailure(str(exc)) from None
        return {
            "summary": prepared.summary,
            "token": prepared.token,
            "expires_in_seconds": desk.limits.token_ttl,
            "notional": None if prepared.notional is None else str(prepared.notional),
            "currency": prepared.currency,
            "next": "show the summary to the user; confirm_order(token) sends it, once",
        }

    async def confirm_order(self, session: int, token: str) -> dict[str, Any]:
        desk = self._desk()
        try:
            taken = desk.take(session, token)
        except OrderRefused as exc:
            raise ToolFailure(str(exc)) from None
        if not isinstance(taken, Prepared):
            return taken  # a retried confirm: the first answer, nothing sent again
        client = await self.client()
        outcome = await send.place(client, taken.tr, taken.request, taken.variant)
        outcome["summary"] = taken.summary
        desk.record(token, outcome)
        return outcome


def usage(desk: OrderDesk, session: int) -> dict[str, Any]:
    used = desk.usage(session)
    return {
        "orders_sent": used.orders,
        "orders_limit": desk.limits.orders,
        "notional_sent": {k: str(v) for k, v in used.notional.items()},
        "notional_limit": str(desk.limits.notional),
    }


__all__ = ["ToolFailure", "Tools", "usage"]
