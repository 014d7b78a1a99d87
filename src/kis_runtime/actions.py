"""The I/O a flow asks its client for: the sans-I/O seam between the shared logic and the clients.

A flow (see flow.py, auth.py) is a generator that yields these actions and receives their
results; Client runs it with blocking calls, AsyncClient with awaits. Exceptions raised while
performing an action (httpx transport errors, KisErrors) are thrown back into the flow, so retry
and refresh decisions are made once, in shared code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeAlias, TypeVar

import httpx

T = TypeVar("T")
A = TypeVar("A")


# Plain slotted classes rather than attrs ones: they are built per request and their modules load
# with `kis.Client`, where attrs' per-class code generation is most of the import time.


class Send:
    """Send one request; return the httpx.Response. `limited`: wait for the rate limiter first."""

    __slots__ = ("limited", "request")

    def __init__(self, request: httpx.Request, limited: bool = True) -> None:
        self.request, self.limited = request, limited

    def __repr__(self) -> str:
        # Only method and path: a GET's query holds the account number.
        return f"Send(<{self.request.method} {self.request.url.path}>, limited={self.limited})"


class Sleep:
    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __repr__(self) -> str:
        return f"Sleep({self.seconds!r})"


class GetToken:
    """Return a usable access token; `stale` is a token the server refused (never return it)."""

    __slots__ = ("stale",)

    def __init__(self, stale: str | None = None) -> None:
        self.stale = stale

    def __repr__(self) -> str:
        return "GetToken(stale=***)" if self.stale else "GetToken()"


class Coordinate:
    """Run `op` on the shared store of a coordinator (e.g. Redis; see kis_runtime.coordination):
    `target.call(op, *args)` in a sync client, `await target.call_async(op, *args)` in an async
    one; return its reply."""

    __slots__ = ("args", "op", "target")

    def __init__(self, target: Any, op: str, args: tuple[Any, ...] = ()) -> None:
        self.target, self.op, self.args = target, op, args

    def __repr__(self) -> str:
        return f"Coordinate({self.op!r})"  # the args may hold a token


Action: TypeAlias = Send | Sleep | GetToken | Coordinate
Flow: TypeAlias = Generator[Action, Any, T]


def run(steps: Generator[A, Any, T], perform: Callable[[A], Any]) -> T:
    """Perform a flow's actions until it returns. An action's error is thrown back into the flow,
    which decides; what the flow raises leaves here."""
    value: Any = None
    error: Exception | None = None
    while True:
        try:
            action = steps.send(value) if error is None else steps.throw(error)
        except StopIteration as stop:
            result: T = stop.value
            return result
        value, error = None, None
        try:
            value = perform(action)
        except Exception as exc:  # noqa: BLE001 - handed to the flow, which decides
            error = exc


async def run_async(steps: Generator[A, Any, T], perform: Callable[[A], Awaitable[Any]]) -> T:
    """`run` for a client whose I/O is awaited."""
    value: Any = None
    error: Exception | None = None
    while True:
        try:
            action = steps.send(value) if error is None else steps.throw(error)
        except StopIteration as stop:
            result: T = stop.value
            return result
        value, error = None, None
        try:
            value = await perform(action)
        except Exception as exc:  # noqa: BLE001 - handed to the flow, which decides
            error = exc
