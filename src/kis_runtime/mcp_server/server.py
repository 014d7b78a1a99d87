"""The MCP server: the tools of tools.py on the official `mcp` SDK (MCPServer), over stdio or
streamable HTTP on a loopback address.

Credentials come from the environment as for `kis.Client.from_env()`; no tool returns an app key,
secret, token or approval key (the tools return TR data and the runtime's masked messages only).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import anyio
import attrs
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from kis_runtime.catalog import load_catalog
from kis_runtime.environment import Environment
from kis_runtime.errors import ConfigError
from kis_runtime.mcp_server.failure import ToolFailure
from kis_runtime.mcp_server.orders import Limits, OrderDesk
from kis_runtime.mcp_server.tools import Tools, usage

INSTRUCTIONS = """\
KIS (한국투자증권) Open Trading API. find_trs finds a TR by words (Korean or English: 잔고,
현재가, 주문 ...); describe_tr gives its parameters as JSON Schema (codes and their meanings in the
descriptions) and its reply fields; call_tr calls a read-only TR. Amounts are exact decimal
strings. Orders, when enabled, take two steps: prepare_order returns a summary and a token;
show the summary to the user and call confirm_order only with their consent."""


@attrs.frozen
class ServerOptions:
    orders: bool = False  # the order tools exist only with this
    real_orders: bool = False  # and orders on a real account need this as well
    limits: Limits = attrs.field(factory=Limits)
    environ: Mapping[str, str] | None = None  # default os.environ


def check_orders(options: ServerOptions) -> None:
    """Refuse to start with orders on a real account unless both flags are given."""
    if not options.orders:
        if options.real_orders:
            raise ConfigError("--real-orders needs --orders")
        return
    env = os.environ if options.environ is None else options.environ
    try:
        environment = Environment.parse(env.get("KIS_ENVIRONMENT", "real"))
    except ValueError as exc:
        raise ConfigError(f"KIS_ENVIRONMENT: {exc}") from None
    if environment is Environment.REAL and not options.real_orders:
        raise ConfigError(
            "--orders on a real account (KIS_ENVIRONMENT is real) needs --real-orders too; "
            "for paper trading set KIS_ENVIRONMENT=paper"
        )


def build_tools(options: ServerOptions, client_factory: Callable[[], Any] | None = None) -> Tools:
    check_orders(options)

    def from_env() -> Any:
        from kis_runtime.client import AsyncClient

        return AsyncClient.from_env(options.environ)

    desk = OrderDesk(options.limits) if options.orders else None
    return Tools(load_catalog(), client_factory or from_env, desk, options.environ)


def build_server(tools: Tools) -> MCPServer[Any]:
    """The MCPServer with the tools; the order tools only when the Tools have an order desk."""

    @contextlib.asynccontextmanager
    async def lifespan(_: MCPServer[Any]) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await tools.aclose()

    server: MCPServer[Any] = MCPServer("kis", instructions=INSTRUCTIONS, lifespan=lifespan)
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=True)

    def session_of(ctx: Context) -> int:
        # The SDK's sessions are per request (the 2026 protocol is stateless), so a session here
        # is the server process: an agent host starts one stdio server per conversation.
        return 0

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False))
    def find_trs(words: list[str] | str, limit: int = 50) -> dict[str, Any]:
        """TRs whose TR ids, title, path or area contain every word (case-insensitive):
        ["잔고"], ["현재가", "해외"], "TTTC8434R"."""
        return tools.find(words.split() if isinstance(words, str) else words, limit)

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False))
    def describe_tr(tr_id: str) -> dict[str, Any]:
        """A TR's TR ids, paging, parameters (JSON Schema: required, length, pattern, codes and
        their meanings) and reply fields (name, Korean title, type)."""
        try:
            return tools.describe(tr_id)
        except ToolFailure as exc:
            raise ToolError(str(exc)) from None

    @server.tool(annotations=read_only)
    async def call_tr(
        tr_id: str,
        ctx: Context,
        params: dict[str, Any] | None = None,
        variant: str | None = None,
        max_pages: int = 1,
        max_rows: int = 100,
        titles: bool = False,
        continuation: str | None = None,
    ) -> dict[str, Any]:
        """Call a read-only TR. `params` by KIS name (see describe_tr), checked against the spec
        before anything is sent. Reads at most `max_pages` pages (up to 20) and `max_rows` rows
        (up to 1000); when more remain the answer has `continuation`: pass it (with the same
        tr_id) to read on. Decimals are exact strings; `titles` adds the fields' Korean titles."""
        try:
            return await tools.call(
                session_of(ctx),
                tr_id,
                params or {},
                variant=variant,
                max_pages=max_pages,
                max_rows=max_rows,
                titles=titles,
                continuation=continuation,
            )
        except ToolFailure as exc:
            raise ToolError(str(exc)) from None

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False))
    def search_symbols(query: str, limit: int = 10) -> dict[str, Any]:
        """Listings (domestic and overseas) by name, code or ISIN, from KIS's master files in
        the cache dir (`kis symbols update` downloads them): 삼성전자 -> 005930."""
        try:
            return tools.lookups.symbols(query, limit)
        except ToolFailure as exc:
            raise ToolError(str(exc)) from None

    @server.tool(annotations=read_only)
    async def trading_day(day: str) -> dict[str, Any]:
        """Whether KRX is open on a day (YYYY-MM-DD), and the previous and next trading days
        (국내휴장일조회, cached: KIS asks for one call a day; needs a real-environment key)."""
        try:
            return await anyio.to_thread.run_sync(tools.lookups.trading_day, day)
        except ToolFailure as exc:
            raise ToolError(str(exc)) from None

    if tools.desk is not None:
        desk = tools.desk

        @server.tool(annotations=ToolAnnotations(read_only_hint=True, open_world_hint=True))
        async def prepare_order(
            tr_id: str, params: dict[str, Any], ctx: Context, variant: str | None = None
        ) -> dict[str, Any]:
            """Check an order (an order TR's params, see describe_tr; `variant` buy / sell …)
            and return its summary and a confirmation token valid for a short time. Nothing is
            sent: show the summary to the user, then confirm_order(token)."""
            try:
                return await tools.prepare_order(session_of(ctx), tr_id, params, variant)
            except ToolFailure as exc:
                raise ToolError(str(exc)) from None

        @server.tool(
            annotations=ToolAnnotations(
                read_only_hint=False, destructive_hint=True, idempotent_hint=True
            )
        )
        async def confirm_order(token: str, ctx: Context) -> dict[str, Any]:
            """Send the order a token was prepared for, once: a repeated confirm returns the
            first answer (status placed / not_placed / ambiguous) and sends nothing."""
            try:
                return await tools.confirm_order(session_of(ctx), token)
            except ToolFailure as exc:
                raise ToolError(str(exc)) from None

        @server.tool(annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False))
        def order_usage(ctx: Context) -> dict[str, Any]:
            """Orders and notional this session has sent, and its limits."""
            return usage(desk, session_of(ctx))

    return server


# The SDK turns DNS-rebinding protection (Host and Origin checks) on for these hosts.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def loopback(host: str) -> str:
    """The host, if it is a loopback address; ConfigError otherwise (no server off this host)."""
    if host not in LOOPBACK_HOSTS:
        raise ConfigError(
            f"--host {host}: the MCP server listens on {', '.join(LOOPBACK_HOSTS)} only"
        )
    return host


def run(options: ServerOptions, *, http_port: int | None = None, host: str = "127.0.0.1") -> None:
    """Serve on stdio, or streamable HTTP at http://HOST:PORT/mcp (loopback only)."""
    if http_port is not None:
        host = loopback(host)
    server = build_server(build_tools(options))
    if http_port is None:
        server.run("stdio")
    else:
        server.run("streamable-http", host=host, port=http_port)


__all__ = ["ServerOptions", "build_server", "build_tools", "check_orders", "run"]
