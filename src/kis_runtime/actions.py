"""The I/O a flow asks its client for: the sans-I/O seam between the shared logic and the clients.

A flow (see flow.py, auth.py) is a generator that yields these actions and receives their
results; Client runs it with blocking calls, AsyncClient with awaits. Exceptions raised while
performing an action (httpx transport errors, KisErrors) are thrown back into the flow, so retry
and refresh decisions are made once, in shared code.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeAlias, TypeVar

import attrs
import httpx

T = TypeVar("T")


@attrs.frozen
class Send:
    """Send one request; return the httpx.Response. `limited`: wait for the rate limiter first."""

    # Only method and path: a GET's query holds the account number.
    request: httpx.Request = attrs.field(repr=lambda r: f"<{r.method} {r.url.path}>")
    limited: bool = True


@attrs.frozen
class Sleep:
    seconds: float


@attrs.frozen
class GetToken:
    """Return a usable access token; `stale` is a token the server refused (never return it)."""

    stale: str | None = None


@attrs.frozen
class Coordinate:
    """Run `op` on the shared store of a coordinator (e.g. Redis; see kis_runtime.coordination):
    `target.call(op, *args)` in a sync client, `await target.call_async(op, *args)` in an async
    one; return its reply."""

    target: Any
    op: str
    args: tuple[Any, ...] = ()


Action: TypeAlias = Send | Sleep | GetToken | Coordinate
Flow: TypeAlias = Generator[Action, Any, T]
