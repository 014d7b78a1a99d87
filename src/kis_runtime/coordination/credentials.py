"""One credential (access token, approval key) for every process and host using one app key.

Stored in Redis under a hashed key, as a hash {value, expires_at, issued_at} whose TTL ends when
the value stops being usable; nothing else. Issuance is guarded by a second key set atomically
(SET NX) for the issuance interval (KIS: one token a minute), in one of two states:

    issuing  someone is issuing now: wait for its value (the guard's TTL bounds the wait)
    done     someone issued within the interval: use its value, or, if that value is the one the
             server just refused, the interval rule applies (TokenRateLimitError with retry_after,
             or one wait when configured)

so however many processes need a value at once, one issues and the others read it; after
EGW00123 / EGW00121 the first to ask issues once, the others find the new value (any value but
the refused one). A failed issuance frees the guard for the next one to try, one at a time; a
refusal for the interval (EGW00133) keeps it for the retry_after KIS implies.

The protocol is a sans-I/O flow (`obtain`) yielding Coordinate and Sleep actions, so the sync
and async clients both run it; `obtain_sync` / `obtain_async` run it for callers with a plain
issuing function (the realtime client's approval key).
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from kis_runtime.actions import Coordinate, Flow, Sleep, run, run_async
from kis_runtime.coordination.errors import CoordinationError
from kis_runtime.coordination.store import RedisStore
from kis_runtime.errors import TokenRateLimitError

# How often a process waiting for another's issuance looks for the value.
POLL_INTERVAL = 0.05

# KEYS: value, guard. ARGV: holder, stale value ("" = none), interval ms.
BEGIN = """
local value = redis.call('HGET', KEYS[1], 'value')
if value and value ~= ARGV[2] then
  return {'value', value, redis.call('HGET', KEYS[1], 'expires_at'),
          redis.call('HGET', KEYS[1], 'issued_at')}
end
if redis.call('SET', KEYS[2], 'issuing:' .. ARGV[1], 'NX', 'PX', ARGV[3]) then
  return {'issue'}
end
local state = redis.call('GET', KEYS[2])
if not state then return {'wait', '0'} end
local pttl = redis.call('PTTL', KEYS[2])
if string.sub(state, 1, 8) == 'issuing:' then return {'wait', tostring(pttl)} end
return {'limited', tostring(pttl)}
"""

# KEYS: value, guard. ARGV: holder, value, expires_at, issued_at, ttl ms.
STORE = """
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'value', ARGV[2], 'expires_at', ARGV[3], 'issued_at', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if redis.call('GET', KEYS[2]) == 'issuing:' .. ARGV[1] then
  local pttl = redis.call('PTTL', KEYS[2])
  if pttl > 0 then redis.call('SET', KEYS[2], 'done', 'PX', pttl) end
end
return 1
"""

# KEYS: value, guard. ARGV: holder, ms to keep the guard (0 = free it now).
ABORT = """
if redis.call('GET', KEYS[2]) == 'issuing:' .. ARGV[1] then
  if tonumber(ARGV[2]) > 0 then
    redis.call('SET', KEYS[2], 'done', 'PX', ARGV[2])
  else
    redis.call('DEL', KEYS[2])
  end
end
return 1
"""

# KEYS: value. ARGV: the value to forget (only that one: a newer value stays).
FORGET = """
if redis.call('HGET', KEYS[1], 'value') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
"""

READ = """
return redis.call('HMGET', KEYS[1], 'value', 'expires_at', 'issued_at')
"""

_SCRIPTS = {"begin": BEGIN, "store": STORE, "abort": ABORT, "forget": FORGET, "read": READ}


@attrs.frozen
class Issued:
    """A credential and its lifetime (epoch seconds)."""

    value: str = attrs.field(repr=False)
    expires_at: float
    issued_at: float


class SharedCredential:
    """One credential kind of one app key on one server, in Redis. Its `call` / `call_async`
    perform the Coordinate actions of `obtain` (see actions.Coordinate)."""

    def __init__(
        self,
        store: RedisStore,
        value_key: str,
        guard_key: str,
        *,
        kind: str,
        interval: float,
        keep_until: float = 0.0,
    ) -> None:
        self.store, self.keys = store, (value_key, guard_key)
        self.kind = kind
        self.interval = interval  # seconds between two issuances (KIS: 60 for tokens)
        self.keep_until = keep_until  # stored until this long before expires_at (refresh margin)

    def __repr__(self) -> str:
        return f"SharedCredential({self.kind!r}, store={self.store!r})"

    def call(self, op: str, *args: Any) -> Any:
        return self.store.run(_SCRIPTS[op], self.keys, args)

    async def call_async(self, op: str, *args: Any) -> Any:
        return await self.store.run_async(_SCRIPTS[op], self.keys, args)

    def ttl_ms(self, issued: Issued, now: float) -> int:
        return int((issued.expires_at - self.keep_until - now) * 1000)


def holder_id() -> str:
    import uuid  # here, not at import: `import kis` stays light

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def read(shared: SharedCredential) -> Flow[Issued | None]:
    """The stored value, if any (it is usable: it expires from Redis before it is stale)."""
    reply = yield Coordinate(shared, "read")
    return _issued(reply) if reply and reply[0] is not None else None


def forget(shared: SharedCredential, value: str) -> Flow[None]:
    """Drop `value` (revoked) from the store; a newer value stays."""
    yield Coordinate(shared, "forget", (value,))


_EXPIRY_SLACK = 0.05  # seconds


def obtain(
    shared: SharedCredential,
    issue: Callable[[], Flow[Issued]],
    *,
    stale: str | None = None,
    wait_on_limit: bool = False,
    clock: Callable[[], float] = time.time,
) -> Flow[Issued]:
    """The shared value other than `stale`, issued by `issue` here only if no one else has."""
    holder = holder_id()
    while True:
        state = yield Coordinate(shared, "begin", (holder, stale or "", _ms(shared.interval)))
        if state[0] == "value":
            return _issued(state[1:])
        if state[0] == "issue":
            return (yield from _issue(shared, holder, issue, clock))
        if state[0] == "wait":  # another process is issuing
            yield Sleep(POLL_INTERVAL)
            continue
        retry_after = max(int(state[1]), 0) / 1000
        if not wait_on_limit:
            raise TokenRateLimitError(
                "EGW00133",
                f"the shared {shared.kind} was issued less than {shared.interval:.0f}s ago "
                "and is not usable here",
                retry_after=retry_after,
            )
        wait_on_limit = False  # wait once, like a single client does
        # A little past the guard's end: Redis expires keys to the millisecond, and waking just
        # before would find the guard still there (and raise, having waited).
        yield Sleep(retry_after + _EXPIRY_SLACK)


def _issue(
    shared: SharedCredential,
    holder: str,
    issue: Callable[[], Flow[Issued]],
    clock: Callable[[], float],
) -> Flow[Issued]:
    try:
        issued = yield from issue()
    except TokenRateLimitError as exc:  # KIS counts an issuance we did not see: keep the guard
        yield from _abort(shared, holder, _ms(exc.retry_after))
        raise
    except Exception:
        yield from _abort(shared, holder, 0)
        raise
    ttl = shared.ttl_ms(issued, clock())
    if ttl > 0:
        args = (holder, issued.value, repr(issued.expires_at), repr(issued.issued_at), ttl)
        yield Coordinate(shared, "store", args)
    else:  # already within the refresh margin: nothing worth sharing, but the guard is done
        yield Coordinate(shared, "abort", (holder, _ms(shared.interval)))
    return issued


def _abort(shared: SharedCredential, holder: str, keep_ms: int) -> Flow[None]:
    """Free (or keep) the guard after a failed issuance; if Redis fails too, the guard's own
    TTL frees it, and the issuance's error is the one worth raising."""
    with contextlib.suppress(CoordinationError):
        yield Coordinate(shared, "abort", (holder, keep_ms))


def _issued(reply: Any) -> Issued:
    value, expires_at, issued_at = reply[0], reply[1], reply[2]
    return Issued(str(value), float(expires_at), float(issued_at))


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


@attrs.frozen
class _Invoke:
    """Driver-internal: call the plain issuing function."""


def obtain_sync(
    shared: SharedCredential,
    issue: Callable[[], Issued],
    *,
    stale: str | None = None,
    wait_on_limit: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> Issued:
    """`obtain` for a caller with a blocking issuing function (e.g. the approval key)."""

    def perform(action: Any) -> Any:
        if isinstance(action, Coordinate):
            return shared.call(action.op, *action.args)
        if isinstance(action, Sleep):
            return sleep(action.seconds)
        return issue()

    return run(obtain(shared, _invoke, stale=stale, wait_on_limit=wait_on_limit), perform)


async def obtain_async(
    shared: SharedCredential,
    issue: Callable[[], Awaitable[Issued]],
    *,
    stale: str | None = None,
    wait_on_limit: bool = False,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> Issued:
    """`obtain` for a caller with an async issuing function."""
    import asyncio

    pause = sleep or asyncio.sleep

    async def perform(action: Any) -> Any:
        if isinstance(action, Coordinate):
            return await shared.call_async(action.op, *action.args)
        if isinstance(action, Sleep):
            return await pause(action.seconds)
        return await issue()

    return await run_async(
        obtain(shared, _invoke, stale=stale, wait_on_limit=wait_on_limit), perform
    )


def _invoke() -> Flow[Issued]:
    issued: Issued = yield _Invoke()  # type: ignore[misc]
    return issued
