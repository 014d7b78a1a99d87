"""A Channel that a thread other than the event loop's reads directly (BlockingRealtimeClient).

The reader on the loop thread pushes under a lock and wakes a waiting consumer; the consumer takes
records straight from the queue. Nothing crosses the event loop per record: a hand-off per record
(run_coroutine_threadsafe) costs the consumer a wait for the GIL and the loop a callback each
time, so at a few thousand records a second it fell ever further behind the feed. Bound, overflow
policy and end of stream are Channel's, unchanged.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from kis_runtime.realtime.channel import Channel, Overflow, Stats


class ThreadChannel(Channel):
    def __init__(self, size: int, overflow: Overflow, stats: Stats) -> None:
        super().__init__(size, overflow, stats)
        self._cond = threading.Condition(threading.Lock())
        self._waiting = 0  # consumer threads in take(), waiting for an item

    def push(self, item: Any) -> None:
        with self._cond:
            super().push(item)
            if self._waiting:
                self._cond.notify()

    def close(self, error: BaseException | None = None) -> None:
        with self._cond:
            super().close(error)
            self._cond.notify_all()

    def reopen(self) -> None:
        with self._cond:
            super().reopen()

    def get_nowait(self) -> Any:
        with self._cond:
            return super().get_nowait()

    def take(self, timeout: float | None = None) -> Any:
        """The next item, as the async get() gives it (QueueOverflowError first, if due); once the
        channel is closed and empty, the error it was closed with (StopAsyncIteration for a plain
        close). TimeoutError after `timeout` seconds without an item; no item is lost to it."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not (self._unreported or self._items):
                if self._end is not None:
                    raise self._end
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError(f"no realtime record within {timeout:g} s")
                self._waiting += 1
                try:
                    self._cond.wait(remaining)
                finally:
                    self._waiting -= 1
            return super().get_nowait()
