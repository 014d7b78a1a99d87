"""A bounded queue between the socket reader and a consumer, with a stated overflow policy.

When the consumer is slower than the feed and the queue is full:
- "drop_oldest" (default): the oldest queued record is dropped so the newest arrives, the drop is
  counted (`stats.dropped`) and logged (once per burst);
- "raise": the new record is dropped, counted, and the consumer's next read raises
  QueueOverflowError (with how many were dropped) before it gets anything else.
Nothing is ever dropped silently.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any, Literal

import attrs

from kis_runtime.realtime.errors import QueueOverflowError

Overflow = Literal["drop_oldest", "raise"]
logger = logging.getLogger("kis.realtime")


@attrs.define
class Stats:
    """Counters of one realtime client (all sessions, reconnects included)."""

    records: int = 0  # typed records received
    dropped: int = 0  # records dropped because a consumer queue was full
    malformed: int = 0  # messages that did not decode (logged, kept in client.problems)
    errors: int = 0  # KIS error messages not answering a pending subscription
    pings: int = 0  # PINGPONG messages answered
    reconnects: int = 0  # sessions re-established after a drop
    silences: int = 0  # sessions given up by the idle watchdog (nothing received for too long)


class Channel:
    def __init__(self, size: int, overflow: Overflow, stats: Stats) -> None:
        if size < 1:
            raise ValueError("queue_size must be at least 1")
        if overflow not in ("drop_oldest", "raise"):
            raise ValueError(f"overflow must be 'drop_oldest' or 'raise', got {overflow!r}")
        self.size, self.overflow, self.stats = size, overflow, stats
        self._items: deque[Any] = deque()
        self._ready = asyncio.Event()
        self._unreported = 0  # drops the consumer has not been told about ("raise")
        self._burst = False
        self._end: BaseException | None = None

    def __len__(self) -> int:
        return len(self._items)

    def push(self, item: Any) -> None:
        if len(self._items) >= self.size:
            self.stats.dropped += 1
            if not self._burst:
                logger.warning("realtime queue full (%d): consumer too slow, dropping", self.size)
                self._burst = True
            if self.overflow == "raise":
                self._unreported += 1
                self._ready.set()
                return
            self._items.popleft()
        else:
            self._burst = False
        self._items.append(item)
        self._ready.set()

    def close(self, error: BaseException | None = None) -> None:
        """No more items: readers get what is queued, then `error` or the end of iteration."""
        self._end = error or StopAsyncIteration()
        self._ready.set()

    def reopen(self) -> None:
        """Items flow again (a new session after the end)."""
        self._end = None

    def get_nowait(self) -> Any:
        if self._unreported:
            dropped, self._unreported = self._unreported, 0
            raise QueueOverflowError(dropped)
        return self._items.popleft()

    async def get(self) -> Any:
        while True:
            if self._unreported or self._items:
                return self.get_nowait()
            if self._end is not None:
                raise self._end
            self._ready.clear()
            await self._ready.wait()
