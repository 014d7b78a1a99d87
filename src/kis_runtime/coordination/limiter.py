"""A rate limiter shared by every process and host using one app key, kept in Redis.

    Invariant: at most `rate` requests are released in any window of `period` seconds, counted
    at release, that is immediately before each request is sent, across all processes.

One Lua script decides and records each release atomically with the server's clock (TIME), so
hosts whose clocks disagree still count in one time line: it drops send times older than the
window, and if fewer than `count` remain it records now and answers 0, else it answers how long
until the oldest leaves the window. The caller sleeps that long and asks again: a release is
recorded when it happens, never reserved ahead, so a caller that gives up holds no slot.

`margin` widens the window a little beyond `period`: the time between the release and the
request leaving this process (a thread switch, a GC pause) then cannot push one more send into
some window. The cost is a sustained rate of count / (period + margin). A release whose reply
took longer than the margin to come back (a slow network, a busy event loop: the send would
leave later than recorded) is given back and asked for again, at most MAX_LATE times. In one
process one caller at a time asks Redis (a lock per limiter, per event loop for asyncio); the
others queue locally instead of all waking for the same freed slot.

If Redis cannot be reached the limiter falls back to an in-process limiter at its share of the
rate: rate / N, N the number of limiters (processes) that sent in the last PEERS_WINDOW
seconds as Redis last reported; its first local release waits one window, so local sends never
share a window with the last Redis-counted ones. It logs a warning, retries Redis at most every
PROBE_INTERVAL seconds, and logs when it is back; its first Redis-counted send then waits
PROBE_INTERVAL + one window, by when every process's local sends have left the window. A
limiter that never reached Redis does not know its share: it raises CoordinationError rather
than send unlimited.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Generator
from typing import Any

from kis_runtime.actions import Sleep, run, run_async
from kis_runtime.coordination.errors import CoordinationError
from kis_runtime.coordination.store import RedisStore
from kis_runtime.errors import ConfigError
from kis_runtime.ratelimit import RateLimiter, _whole

logger = logging.getLogger("kis")

DEFAULT_MARGIN = 0.01
PEERS_WINDOW = 10.0
PROBE_INTERVAL = 1.0
MAX_LATE = 3

# KEYS: send log, peers. ARGV: count, window µs, member, limiter id, peers window µs.
# Returns {wait µs (0 = released now), peers}.
ACQUIRE = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local count, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local peers_window = tonumber(ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - peers_window)
redis.call('PEXPIRE', KEYS[2], math.ceil(peers_window / 1000))
local peers = redis.call('ZCARD', KEYS[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < count then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
  return {0, peers}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {math.max(1, tonumber(oldest[2]) + window - now), peers}
"""

# KEYS: send log. ARGV: member. A release given back (it came too late to count as the send).
CANCEL = """
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
"""


class RedisRateLimiter:
    """At most `rate` requests per `period` seconds for everyone sharing `log_key`.

    The same public shape as RateLimiter (acquire, acquire_async, rate), so clients take either.
    """

    def __init__(
        self,
        store: RedisStore,
        log_key: str,
        peers_key: str,
        rate: float,
        period: float = 1.0,
        *,
        margin: float = DEFAULT_MARGIN,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if rate <= 0 or period <= 0 or margin < 0:
            raise ConfigError(f"rate limit must be positive, got {rate} per {period}s")
        self.rate, self.period, self.margin = rate, period, margin
        self._count, window = _whole(rate, period)  # 2.5/s -> 5 per 2 s
        self._window_us = round((window + margin) * 1_000_000)
        self._store, self._keys = store, (log_key, peers_key)
        import uuid  # here, not at import: `import kis` stays light

        self._id = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self._seq = itertools.count()
        self._sleep, self._async_sleep = sleep, async_sleep
        self._peers = 0  # the most Redis reported lately; 0 = never reached it
        self._peers_at = 0.0
        self._fallback: RateLimiter | None = None
        self._probe_at = self._local_from = self._redis_from = 0.0
        self._lock = threading.Lock()
        self._turn = threading.Lock()
        self._async_turns: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()

    def __repr__(self) -> str:
        return f"RedisRateLimiter(rate={self.rate}, period={self.period}, store={self._store!r})"

    @property
    def fallback(self) -> RateLimiter | None:
        """The in-process limiter in use while Redis is unreachable, else None."""
        return self._fallback

    def _local(self) -> tuple[RateLimiter, float] | None:
        """(fallback limiter, seconds before its first release) while Redis is down and not yet
        due for a retry, else None."""
        with self._lock:
            if self._fallback is not None and time.monotonic() < self._probe_at:
                return self._fallback, self._local_from - time.monotonic()
            return None

    def _answer(self, reply: Any) -> float:
        wait_us, peers = int(reply[0]), int(reply[1])
        with self._lock:
            now = time.monotonic()
            if now - self._peers_at < PEERS_WINDOW:  # the most seen lately: conservative
                peers = max(peers, self._peers)
            self._peers, self._peers_at = peers, now
            if self._fallback is not None:
                self._fallback = None
                # Every process's local sends end within a probe interval of Redis's return:
                # the first Redis-counted send waits until they have all left the window.
                self._redis_from = now + PROBE_INTERVAL + self._window_us / 1_000_000
                logger.info("rate limiter: Redis at %s is back; sharing it again", self._store.name)
        return wait_us / 1_000_000

    def _failed(self, error: CoordinationError) -> None:
        """Switch to (or stay on) the local fallback limiter."""
        with self._lock:
            self._probe_at = time.monotonic() + PROBE_INTERVAL
            if self._fallback is not None:
                return
            if self._peers == 0:
                raise CoordinationError(
                    f"{error}; this process never reached it, so it does not know its share "
                    "of the app key's rate limit and sends nothing"
                ) from None
            share = self.rate / self._peers
            self._fallback = RateLimiter(share, self.period)
            # Local sends start one window after the last Redis-counted one could have left.
            self._local_from = time.monotonic() + self._window_us / 1_000_000
            logger.warning(
                "rate limiter: %s; limiting locally at %.3g/s (1/%d of %g/s: %d processes "
                "sent in the last %gs) until it is back",
                error,
                share,
                self._peers,
                self.rate,
                self._peers,
                PEERS_WINDOW,
            )

    def _grant(self, reply: Any, elapsed: float, late: int) -> tuple[float, bool]:
        """(seconds to wait before asking again, 0 = go; whether to give the release back).

        A release is given back when it came too late to be the send time (its reply took
        longer than the margin: a slow network, a busy event loop; at most MAX_LATE times, then
        it is taken), or while the pause after a fallback lasts."""
        wait = self._answer(reply)
        hold = self._redis_from - time.monotonic()
        if hold > 0:
            return max(hold, wait), wait <= 0
        if wait <= 0 and elapsed > self.margin and late < MAX_LATE:
            return 0.0, True
        return wait, False

    def _args(self, member: str) -> list[Any]:
        return [self._count, self._window_us, member, self._id, round(PEERS_WINDOW * 1e6)]

    def _member(self) -> str:
        return f"{self._id}:{next(self._seq)}"

    def _steps(self) -> Generator[Sleep | _Script | _Local, Any, None]:
        """One release, as a flow of actions (run by acquire / acquire_async)."""
        late = 0
        while True:
            local = self._local()
            if local is not None:
                limiter, delay = local
                if delay > 0:
                    yield Sleep(delay)
                yield _Local(limiter)
                return
            member, started = self._member(), time.monotonic()
            try:
                reply = yield _Script(ACQUIRE, self._args(member))
                wait, give_back = self._grant(reply, time.monotonic() - started, late)
                if give_back:
                    late += wait <= 0  # a late release, not the pause after a fallback
                    yield _Script(CANCEL, [member])
            except CoordinationError as exc:
                self._failed(exc)
                continue
            if wait > 0:
                yield Sleep(wait)
            elif not give_back:
                return

    def acquire(self) -> None:
        def perform(action: Sleep | _Script | _Local) -> Any:
            if isinstance(action, _Script):
                return self._store.run(action.lua, self._keys, action.args)
            if isinstance(action, Sleep):
                return self._sleep(action.seconds)
            return action.limiter.acquire()

        with self._turn:  # one caller per process asks Redis at a time; the others queue here
            run(self._steps(), perform)

    async def acquire_async(self) -> None:
        import asyncio  # only async users pay for importing asyncio

        pause = self._async_sleep or asyncio.sleep

        async def perform(action: Sleep | _Script | _Local) -> Any:
            if isinstance(action, _Script):
                return await self._store.run_async(action.lua, self._keys, action.args)
            if isinstance(action, Sleep):
                return await pause(action.seconds)
            return await action.limiter.acquire_async()

        loop = asyncio.get_running_loop()
        turn = self._async_turns.get(loop)
        if turn is None:
            turn = self._async_turns[loop] = asyncio.Lock()
        async with turn:
            await run_async(self._steps(), perform)


class _Script:
    """Run one of the limiter's Lua scripts on its keys; return the reply."""

    __slots__ = ("args", "lua")

    def __init__(self, lua: str, args: list[Any]) -> None:
        self.lua, self.args = lua, args


class _Local:
    """Wait for the in-process fallback limiter."""

    __slots__ = ("limiter",)

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
