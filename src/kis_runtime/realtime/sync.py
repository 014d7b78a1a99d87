"""A blocking facade over RealtimeClient for programs without asyncio.

    with BlockingRealtimeClient(app_key, app_secret) as rt:
        rt.subscribe(ccnl_krx, "005930")
        for record in rt:
            ...

The async client runs on an event loop in a background thread; every call here waits for it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, TypeVar

from kis_runtime.realtime import messages as m
from kis_runtime.realtime.client import RealtimeClient, TrLike

_T = TypeVar("_T")


class BlockingRealtimeClient:
    def __init__(self, app_key: str, app_secret: str, **options: Any) -> None:
        """The options of RealtimeClient."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="kis-realtime", daemon=True
        )
        self._thread.start()
        self.client: RealtimeClient = self._run(_make(app_key, app_secret, options))

    @classmethod
    def from_env(cls, **options: Any) -> BlockingRealtimeClient:
        from kis_runtime.settings import settings_from_env

        s = settings_from_env()
        return cls(
            s.app_key, s.app_secret, environment=s.environment, base_url=s.base_url, **options
        )

    def __repr__(self) -> str:
        return f"Blocking{self.client!r}"

    def _run(self, coro: Coroutine[Any, Any, _T], timeout: float | None = None) -> _T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    @property
    def stats(self) -> Any:
        return self.client.stats

    @property
    def connected(self) -> bool:
        return self.client.connected

    def connect(self) -> None:
        """Open a session, or a new one after the stream ended (see RealtimeClient.connect)."""
        self._run(self.client.connect())

    def subscribe(self, tr: TrLike, key: str) -> m.Ack:
        return self._run(self.client.subscribe(tr, key))

    def unsubscribe(self, tr: TrLike, key: str) -> m.Ack | None:
        return self._run(self.client.unsubscribe(tr, key))

    def get(self, timeout: float | None = None) -> Any:
        """The next record (any TR); TimeoutError after `timeout` seconds without one."""
        return self._run(_next(self.client), timeout)

    def __iter__(self) -> Iterator[Any]:
        while True:
            try:
                yield self.get()
            except StopAsyncIteration:
                return

    def records(self, tr: TrLike, timeout: float | None = None) -> Iterator[Any]:
        """One TR's records (see RealtimeClient.records)."""
        iterator = self.client.records(tr)
        while True:
            try:
                yield self._run(_next(iterator), timeout)
            except StopAsyncIteration:
                return

    def close(self) -> None:
        """Within about the client's `close_timeout`, whatever the peer does."""
        if self._loop.is_closed():
            return
        self._run(self.client.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __enter__(self) -> BlockingRealtimeClient:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _make(app_key: str, app_secret: str, options: dict[str, Any]) -> RealtimeClient:
    return RealtimeClient(app_key, app_secret, **options)


async def _next(iterator: AsyncIterator[Any]) -> Any:
    return await iterator.__anext__()
