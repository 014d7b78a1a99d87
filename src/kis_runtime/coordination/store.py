"""The Redis connection behind a coordinator: sync and asyncio clients, Lua scripts, errors.

Every operation is one Lua script, so each is atomic on the server; redis-py's Script objects
send them by SHA and reload them after a server restart. Any Redis failure leaves this module
as CoordinationError naming the server (URL without password) and the failure.
"""

from __future__ import annotations

import threading
import urllib.parse
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kis_runtime.coordination.errors import CoordinationError

if TYPE_CHECKING:
    import asyncio

    import redis
    import redis.asyncio
    from redis.commands.core import AsyncScript, Script

# Seconds to connect and to wait for a reply: a dead store is noticed quickly, never a hang.
DEFAULT_TIMEOUT = 2.0


def redacted_url(url: str) -> str:
    """The URL without user name or password, for reprs, logs and errors."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class RedisStore:
    """Lazily connected clients (one sync; one asyncio per event loop) and their scripts."""

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        try:
            import redis  # noqa: F401 - the optional dependency: fail here, clearly
        except ImportError:
            raise CoordinationError(
                'the Redis coordinator needs redis-py: pip install "kis-binding[redis]"'
            ) from None
        self.url = url
        self.name = redacted_url(url)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._sync: redis.Redis | None = None
        self._sync_scripts: dict[str, Script] = {}
        self._async: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[redis.asyncio.Redis, dict[str, AsyncScript]]
        ] = weakref.WeakKeyDictionary()

    def __repr__(self) -> str:
        return f"RedisStore({self.name!r})"

    def _options(self) -> dict[str, Any]:
        return {
            "socket_timeout": self.timeout,
            "socket_connect_timeout": self.timeout,
            "decode_responses": True,
        }

    def _script(self, lua: str) -> Script:
        with self._lock:
            if self._sync is None:
                import redis

                self._sync = redis.Redis.from_url(self.url, **self._options())
            script = self._sync_scripts.get(lua)
            if script is None:
                script = self._sync_scripts[lua] = self._sync.register_script(lua)
            return script

    def _async_script(self, lua: str) -> AsyncScript:
        import asyncio

        import redis.asyncio

        loop = asyncio.get_running_loop()  # an asyncio client belongs to one loop
        entry = self._async.get(loop)
        if entry is None:
            entry = self._async[loop] = (
                redis.asyncio.Redis.from_url(self.url, **self._options()),
                {},
            )
        client, scripts = entry
        script = scripts.get(lua)
        if script is None:
            script = scripts[lua] = client.register_script(lua)
        return script

    def run(self, lua: str, keys: Sequence[str], args: Sequence[Any]) -> Any:
        import redis

        try:
            return self._script(lua)(keys=list(keys), args=list(args))
        except redis.RedisError as exc:
            raise self.error(exc) from None

    async def run_async(self, lua: str, keys: Sequence[str], args: Sequence[Any]) -> Any:
        import redis

        try:
            return await self._async_script(lua)(keys=list(keys), args=list(args))
        except redis.RedisError as exc:
            raise self.error(exc) from None

    def error(self, exc: BaseException) -> CoordinationError:
        detail = str(exc).replace(self.url, self.name)
        return CoordinationError(f"Redis at {self.name}: {type(exc).__name__}: {detail}")

    async def aclose(self) -> None:
        """Close the asyncio client of the running loop (others close with their loop)."""
        import asyncio

        entry = self._async.pop(asyncio.get_running_loop(), None)
        if entry is not None:
            await entry[0].aclose()

    def close(self) -> None:
        with self._lock:
            if self._sync is not None:
                self._sync.close()
            self._sync, self._sync_scripts = None, {}
