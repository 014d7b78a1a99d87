"""A single-holder lease per app key (e.g. its one realtime session), kept in Redis.

acquire() takes the lease for `ttl` seconds or raises SessionHeldError naming the holder;
renew() extends it (call it well within ttl, e.g. every ttl/3) or raises LeaseLostError if it
lapsed and someone else took it; release() gives it up. The holder's identity (host:pid:id, or
a label given) is the only thing stored. A holder that dies without releasing blocks others for
at most ttl. Redis unreachable: CoordinationError from every call; a holder that cannot renew
must assume it loses the lease when its ttl runs out.
"""

from __future__ import annotations

from typing import Any

from kis_runtime.coordination.errors import LeaseLostError, SessionHeldError
from kis_runtime.coordination.store import RedisStore

DEFAULT_TTL = 30.0

# KEYS: lease. ARGV: holder, ttl ms. Returns {1} if held by holder now, else {0, holder, pttl}.
ACQUIRE = """
local current = redis.call('GET', KEYS[1])
if not current or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1}
end
return {0, current, redis.call('PTTL', KEYS[1])}
"""

RENEW = """
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1}
end
return {0, current or '', redis.call('PTTL', KEYS[1])}
"""

RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
"""


class SessionLease:
    """The lease `name` of one app key, held as `holder`. Sync and async methods alike."""

    def __init__(self, store: RedisStore, key: str, name: str, holder: str, ttl: float) -> None:
        if ttl <= 0:
            raise ValueError(f"lease ttl must be positive, got {ttl}")
        self.store, self.key, self.name, self.holder, self.ttl = store, key, name, holder, ttl
        self.held = False

    def __repr__(self) -> str:
        return f"SessionLease({self.name!r}, holder={self.holder!r}, held={self.held})"

    def _args(self) -> list[Any]:
        return [self.holder, max(1, int(self.ttl * 1000))]

    def _acquired(self, reply: Any) -> None:
        if int(reply[0]) != 1:
            raise SessionHeldError(self.name, str(reply[1]), int(reply[2]) / 1000)
        self.held = True

    def _renewed(self, reply: Any) -> None:
        if int(reply[0]) != 1:
            self.held = False
            now = f"held by {reply[1]!r}" if reply[1] else "free"
            raise LeaseLostError(f"the {self.name} lease of {self.holder!r} lapsed; it is {now}")

    def acquire(self) -> None:
        self._acquired(self.store.run(ACQUIRE, [self.key], self._args()))

    def renew(self) -> None:
        self._renewed(self.store.run(RENEW, [self.key], self._args()))

    def release(self) -> None:
        self.held = False
        self.store.run(RELEASE, [self.key], [self.holder])

    async def acquire_async(self) -> None:
        self._acquired(await self.store.run_async(ACQUIRE, [self.key], self._args()))

    async def renew_async(self) -> None:
        self._renewed(await self.store.run_async(RENEW, [self.key], self._args()))

    async def release_async(self) -> None:
        self.held = False
        await self.store.run_async(RELEASE, [self.key], [self.holder])

    def __enter__(self) -> SessionLease:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    async def __aenter__(self) -> SessionLease:
        await self.acquire_async()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.release_async()
