"""Client-side rate limiting per (environment, app key), for threads and asyncio alike.

KIS counts requests per second per app key and refuses the excess with EGW00201. A token bucket
with capacity N refilling at N/s lets up to 2N requests through in some one-second window (a full
bucket plus a second's refill), which the gateway refuses; so this is a sliding-window log:

    Invariant: at most `rate` requests are released in any half-open window [t, t + period).

Each caller reserves the earliest slot that keeps the invariant, then sleeps until it. Reserving
is O(1) under a short threading lock (never held while sleeping), so one limiter can be shared by
sync and async clients and by any number of threads or tasks; the slots handed out are
non-decreasing, and any rate + 1 consecutive slots are at least `period` apart.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable

from kis_runtime.environment import Environment
from kis_runtime.errors import ConfigError
from kis_runtime.token_cache import key_digest


class RateLimiter:
    """At most `rate` requests per `period` seconds. Clock and sleeps are injectable for tests."""

    def __init__(
        self,
        rate: float,
        period: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if rate <= 0 or period <= 0:
            raise ConfigError(f"rate limit must be positive, got {rate} per {period}s")
        # A fractional rate (2.5/s) becomes a whole count over a longer window (5 per 2 s).
        count, window = _whole(rate, period)
        self.rate, self.period = rate, period
        self._count, self._window = count, window
        self._clock, self._sleep, self._async_sleep = clock, sleep, async_sleep
        self._slots: deque[float] = deque(maxlen=count)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate}, period={self.period})"

    def reserve(self) -> float:
        """Claim the next slot; return how long to wait for it (0 = go now)."""
        with self._lock:
            now = self._clock()
            slot = now
            if len(self._slots) == self._count:
                slot = max(now, self._slots[0] + self._window)
            if self._slots:
                slot = max(slot, self._slots[-1])
            self._slots.append(slot)  # maxlen drops the oldest
            return slot - now

    def acquire(self) -> None:
        delay = self.reserve()
        if delay > 0:
            self._sleep(delay)

    async def acquire_async(self) -> None:
        delay = self.reserve()
        if delay > 0:
            if self._async_sleep is None:
                import asyncio  # only async users pay for importing asyncio

                self._async_sleep = asyncio.sleep
            await self._async_sleep(delay)


def _whole(rate: float, period: float) -> tuple[int, float]:
    if float(rate).is_integer():
        return int(rate), period
    for scale in range(2, 101):
        if float(rate * scale).is_integer():
            return int(rate * scale), period * scale
    # Round the count down (never faster than asked), but to at least one request per window.
    count = max(1, int(rate))
    return count, period * count / rate


_shared: dict[tuple[str, str, float], RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(
    environment: Environment, app_key: str, rate: float | None = None
) -> RateLimiter:
    """The process-wide limiter for this app key, so several clients share one budget."""
    rate = environment.default_rate if rate is None else rate
    key = (environment.value, key_digest(app_key), rate)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = RateLimiter(rate)
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
