"""A blocking facade over RealtimeClient for programs without asyncio.

    with BlockingRealtimeClient(app_key, app_secret) as rt:
        rt.subscribe(ccnl_krx, "005930")
        for record in rt:
            ...

The async client runs on an event loop in a background thread; subscribe, connect and close wait
for it there. Records do not: the loop thread puts them in thread-safe queues (ThreadChannel) and
get() / iteration take them straight from there, with the async client's bounds and overflow
policy, so a consumer thread keeps up with thousands of records a second.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

from kis_runtime.realtime import messages as m
from kis_runtime.realtime.client import RealtimeClient, TrLike
from kis_runtime.realtime.thread_channel import ThreadChannel

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
        self._main = _thread_channel(self.client._main)

    @classmethod
    def from_env(cls, **options: Any) -> BlockingRealtimeClient:
        from kis_runtime.settings import settings_from_env

        s = settings_from_env()
        return cls(
            s.app_key, s.app_secret, environment=s.environment, base_url=s.base_url, **options
        )

    def __repr__(self) -> str:
        return f"Blocking{self.client!r}"

    def _run(self, coro: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def _on_loop(self, function: Callable[..., _T], *args: Any) -> _T:
        """`function(*args)` called on the loop thread (the client's state is the loop's)."""
        return self._run(_call(function, *args))

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
        """The next record of any TR not read through `records(tr)`, in arrival order.

        TimeoutError after `timeout` seconds without one (the next record is not lost to it).
        When the stream ends, the records still queued come first, then the error that ended it
        (ConnectionLostError, AppKeyInUseError, …), or StopAsyncIteration after close()."""
        return self._main.take(timeout)

    def __iter__(self) -> Iterator[Any]:
        """Every record get() gives, until close(); raises what ended the stream otherwise."""
        return _Records(self._main, None)

    def records(self, tr: TrLike, timeout: float | None = None) -> Iterator[Any]:
        """One TR's records (see RealtimeClient.records): from this call on, they no longer go
        to get() / the main iterator. Each step waits at most `timeout` seconds (TimeoutError;
        the iterator stays usable)."""
        channel = self._on_loop(self.client._channel, tr)
        return _Records(_thread_channel(channel), timeout)

    def pending(self) -> int:
        """Records queued and not yet consumed (all queues): the consumer's lag."""
        return self.client.pending()

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


class _ThreadedClient(RealtimeClient):
    """A RealtimeClient whose queues a thread reads directly."""

    def _new_channel(self) -> ThreadChannel:
        return ThreadChannel(self._queue_size, self._overflow, self.stats)


class _Records:
    """An iterator over one queue, read from the consumer's thread."""

    def __init__(self, channel: ThreadChannel, timeout: float | None) -> None:
        self._channel, self._timeout = channel, timeout

    def __iter__(self) -> _Records:
        return self

    def __next__(self) -> Any:
        try:
            return self._channel.take(self._timeout)
        except StopAsyncIteration:
            raise StopIteration from None


def _thread_channel(channel: object) -> ThreadChannel:
    assert isinstance(channel, ThreadChannel), "made by _ThreadedClient"
    return channel


async def _make(app_key: str, app_secret: str, options: dict[str, Any]) -> RealtimeClient:
    return _ThreadedClient(app_key, app_secret, **options)


async def _call(function: Callable[..., _T], *args: Any) -> _T:
    return function(*args)
