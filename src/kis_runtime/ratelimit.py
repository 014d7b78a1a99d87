"""Client-side rate limiting per (environment, app key), for threads and asyncio alike.

KIS counts requests per second per app key and refuses the excess with EGW00201. Two rules:

    Spacing: callers are given slots `(period + margin) / rate` apart, so requests leave evenly
    spread, never as a burst. KIS counts arrivals, and the network (or a loaded machine) moves
    arrivals by some milliseconds: a burst of `rate` requests sent at the end of one second and
    the next burst at the start of the next would land in one of KIS's seconds, while evenly
    spaced requests need to be shifted by a whole gap to collide (at the real default of 18/s,
    any 21 requests span 20 gaps of 57 ms: 1.14 s, so jitter of up to 140 ms is absorbed).

    Invariant: at most `rate` requests are released in any window of `period + margin`
    seconds, timed when each caller is released (after its sleep), not when it was promised a
    slot. A caller woken late (a busy event loop, the GIL) checks the log of real release times
    again under the lock and waits again if leaving now would overfill a window.

Reserving a slot is O(1) under a short threading lock (never held while sleeping), so one limiter
can be shared by sync and async clients and by any number of threads or tasks. `margin` covers the
time between the release and the request's bytes leaving (the clients wait in httpx's request
hook, the last step before the transport).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable

from kis_runtime.environment import Environment
from kis_runtime.errors import ConfigError
from kis_runtime.token_cache import key_digest

# Seconds between a release and the request leaving the process that the limiter absorbs.
DEFAULT_MARGIN = 0.03


class RateLimiter:
    """At most `rate` requests per `period` seconds, evenly spaced, counted at release; clock and
    sleeps are injectable for tests.

    A whole `rate` is a count per `period`. A fractional one is never exceeded in any `period`:
    rates above 1 round down to a whole count (2.5/s -> 2/s); below 1, one request per
    `period / rate` (0.5/s -> one every 2 s).
    """

    def __init__(
        self,
        rate: float,
        period: float = 1.0,
        *,
        margin: float = DEFAULT_MARGIN,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if not rate > 0 or not period > 0 or not margin >= 0 or math.isinf(rate):
            raise ConfigError(f"rate limit must be positive, got {rate} per {period}s")
        count, window = _whole(rate, period)
        self.rate, self.period, self.margin = rate, period, margin
        self._count, self._window = count, window + margin
        self._clock, self._sleep, self._async_sleep = clock, sleep, async_sleep
        self._interval = self._window / count
        self._next_slot = -math.inf
        self._released: deque[float] = deque(maxlen=count)  # real release times
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate}, period={self.period}, margin={self.margin})"

    def reserve(self) -> float:
        """Claim the next slot; return how long to wait for it (0 = go now)."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
            return slot - now

    def release(self) -> float:
        """Record a release now if the real log allows it (0), else how long to wait first."""
        with self._lock:
            now = self._clock()
            if len(self._released) == self._count:
                wait = self._released[0] + self._window - now
                if wait > 0:
                    return wait
            self._released.append(now)
            return 0.0

    def acquire(self) -> None:
        delay = self.reserve()
        while True:
            if delay > 0:
                self._sleep(delay)
            delay = self.release()
            if delay <= 0:
                return

    async def acquire_async(self) -> None:
        if self._async_sleep is None:
            import asyncio  # only async users pay for importing asyncio

            self._async_sleep = asyncio.sleep
        delay = self.reserve()
        while True:
            if delay > 0:
                await self._async_sleep(delay)
            delay = self.release()
            if delay <= 0:
                return


def _whole(rate: float, period: float) -> tuple[int, float]:
    """(count, window) such that no `period` ever holds more than `rate` requests."""
    if rate >= 1:
        return int(rate), period
    return 1, period / rate


_shared: dict[tuple[str, str, float, float], RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(
    environment: Environment, app_key: str, rate: float | None = None
) -> RateLimiter:
    """The process-wide limiter for this app key, so several clients share one budget.

    Without `rate`, the environment's default (Environment.default_limit): under KIS's own limit
    by a margin.
    """
    count, period = environment.default_limit if rate is None else (rate, 1.0)
    key = (environment.value, key_digest(app_key), count, period)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = RateLimiter(count, period)
        return _shared[key]


def limiter_for(
    environment: Environment, app_key: str, rate_limit: float | RateLimiter | None
) -> RateLimiter | None:
    """A client's limiter: None -> shared at the default rate, a number -> shared at that rate,
    a RateLimiter -> that one, 0 -> no limiting."""
    if isinstance(rate_limit, RateLimiter):
        return rate_limit
    if rate_limit == 0:
        return None
    return shared_limiter(environment, app_key, rate_limit)
