"""RedisCoordinator: what processes and hosts using one app key share through Redis."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kis_runtime import auth
from kis_runtime.coordination import keys
from kis_runtime.coordination.store import DEFAULT_TIMEOUT, RedisStore
from kis_runtime.environment import Environment

if TYPE_CHECKING:  # loaded when first used: `import kis` stays light
    from kis_runtime.coordination.credentials import SharedCredential
    from kis_runtime.coordination.lease import SessionLease
    from kis_runtime.coordination.limiter import RedisRateLimiter

REDIS_URL_ENV = "KIS_REDIS_URL"


class RedisCoordinator:
    """Share, per (environment, app key), the rate limit, the access token, the approval key and
    single-holder leases (the realtime session) through one Redis or Valkey server (standalone).

        coordinator = kis.RedisCoordinator("redis://localhost:6379/0")
        client = kis.Client(key, secret, coordinator=coordinator)

    Pass one coordinator to every client of the process (or use `Client.from_env()` with
    KIS_REDIS_URL set, which does). Nothing is stored but send times, limiter ids, the token and
    approval key (under hashed keys, expiring with them), issuance guards and lease holders.
    `timeout`: seconds to connect and to wait for Redis before it counts as unreachable.
    `margin`: see RedisRateLimiter [0.01 s]. `prefix`: of every key.
    """

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "kis",
        timeout: float = DEFAULT_TIMEOUT,
        margin: float | None = None,
    ) -> None:
        self.store = RedisStore(url, timeout=timeout)
        self.prefix, self.margin = prefix, margin
        self._limiters: dict[tuple[str, float, float], RedisRateLimiter] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RedisCoordinator({self.store.name!r})"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RedisCoordinator | None:
        """The process's coordinator for $KIS_REDIS_URL (one per URL), or None if it is unset."""
        env = os.environ if environ is None else environ
        url = env.get(REDIS_URL_ENV)
        if not url:
            return None
        with _shared_lock:
            if url not in _shared:
                _shared[url] = cls(url)
            return _shared[url]

    def limiter(
        self, environment: Environment, app_key: str, rate: float | None = None
    ) -> RedisRateLimiter:
        """The app key's shared limiter at `rate` per second (default: the environment's)."""
        from kis_runtime.coordination.limiter import DEFAULT_MARGIN, RedisRateLimiter

        count, period = environment.default_limit if rate is None else (rate, 1.0)
        log = keys.rate_log(self.prefix, environment, app_key)
        with self._lock:
            key = (log, count, period)
            if key not in self._limiters:
                peers = keys.rate_peers(self.prefix, environment, app_key)
                self._limiters[key] = RedisRateLimiter(
                    self.store,
                    log,
                    peers,
                    count,
                    period,
                    margin=DEFAULT_MARGIN if self.margin is None else self.margin,
                )
            return self._limiters[key]

    def credential(
        self,
        environment: Environment,
        app_key: str,
        base_url: str,
        kind: str = "token",
        *,
        interval: float = auth.ISSUE_INTERVAL,
    ) -> SharedCredential:
        """A shared credential: "token" (access token, stored until 5 minutes before expiry like
        the in-process cache) or "approval" (realtime approval key, stored until it expires),
        at most one issuance per `interval` seconds for everyone [60, KIS's token rule]. Run
        `credentials.obtain` / `obtain_sync` / `obtain_async` on it."""
        from kis_runtime.coordination.credentials import SharedCredential

        value_key, guard_key = keys.credential(
            self.prefix, environment, app_key, kind, base_url or environment.base_url
        )
        return SharedCredential(
            self.store,
            value_key,
            guard_key,
            kind=kind,
            interval=interval,
            keep_until=auth.EXPIRY_MARGIN if kind == "token" else 0.0,
        )

    def session_lease(
        self,
        environment: Environment,
        app_key: str,
        name: str = "realtime session",
        *,
        holder: str | None = None,
        ttl: float = 30.0,
    ) -> SessionLease:
        """The single-holder lease `name` of the app key; `holder` names you to the others
        (default host:pid:random); `ttl`: seconds it lasts unless renewed."""
        from kis_runtime.coordination.credentials import holder_id
        from kis_runtime.coordination.lease import SessionLease

        key = keys.lease(self.prefix, environment, app_key, name.replace(" ", "-"))
        return SessionLease(self.store, key, name, holder or holder_id(), ttl)

    def close(self) -> None:
        """Close the sync connections (they reopen if used again)."""
        self.store.close()

    async def aclose(self) -> None:
        """Close this event loop's connections; call it before the loop ends (asyncio.run)."""
        await self.store.aclose()


_shared: dict[str, RedisCoordinator] = {}
_shared_lock = threading.Lock()
