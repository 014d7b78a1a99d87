"""The WebSocket approval key (POST /oauth2/Approval): issued once, shared like the access token.

Valid 24 h and needed only when a session connects. Kept in memory for every realtime client of the
process with the same (environment, app key, REST server), and on disk beside the access token
(same cache dir, mode 0600, atomic writes, a file lock so processes starting together issue once).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from kis_runtime.auth import Token, raise_oauth_error
from kis_runtime.errors import AuthError, TransportError
from kis_runtime.reply import decode_json
from kis_runtime.retry import describe
from kis_runtime.settings import Settings
from kis_runtime.token_cache import TokenCache, key_digest

if TYPE_CHECKING:
    from kis_runtime.coordination.credentials import SharedCredential

APPROVAL_PATH = "/oauth2/Approval"
LIFETIME = 86400.0  # KIS: an approval key is valid 24 hours
MARGIN = 600.0  # re-issue 10 minutes before expiry: a reconnect must not use a dying key


class ApprovalCache(TokenCache):
    """The approval key file: TokenCache's format and guarantees, another file name."""

    def __init__(self, directory: Path, settings: Settings) -> None:
        super().__init__(directory, settings.environment, settings.app_key, settings.base_url)
        digest = key_digest(settings.app_key, settings.base_url)
        stem = f"approval-{settings.environment.value}-{digest}"
        self.path = directory / f"{stem}.json"
        self.lock_path = directory / f"{stem}.lock"


# (environment, key digest) -> key: shared by every realtime client of this process.
_MEMORY: dict[tuple[str, str], Token] = {}


class ApprovalSource:
    def __init__(
        self,
        settings: Settings,
        cache: ApprovalCache | None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        shared: SharedCredential | None = None,
    ) -> None:
        """`shared`: the key shared through a Redis coordinator (one issuance for every process
        and host of the app key), instead of the disk cache."""
        self.settings = settings
        self.cache = cache
        self.shared = shared
        self.transport = transport
        self.clock = clock
        self._slot = (settings.environment.value, key_digest(settings.app_key, settings.base_url))
        self._lock = asyncio.Lock()
        self.issued = 0  # issuances by this source (tests, logs)

    def __repr__(self) -> str:
        return f"ApprovalSource(cache={self.cache!r})"

    def _usable(self, stale: str | None) -> str | None:
        now = self.clock()
        for token in (_MEMORY.get(self._slot), self.cache.load() if self.cache else None):
            if token is not None and token.access_token != stale and token.fresh(now, MARGIN):
                _MEMORY[self._slot] = token
                return token.access_token
        return None

    async def get(self, stale: str | None = None) -> str:
        """A valid approval key other than `stale` (one KIS refused): memory, disk, else issue."""
        found = self._usable(stale)
        if found is not None:
            return found
        async with self._lock:
            found = self._usable(stale)
            if found is not None:
                return found
            if self.shared is not None:
                return await self._shared(stale)
            if self.cache is None:
                return await self._issue()
            async with self.cache.async_lock():
                return self._usable(stale) or await self._issue()

    async def _shared(self, stale: str | None) -> str:
        from kis_runtime.coordination.credentials import Issued, obtain_async

        async def issue() -> Issued:
            key = await self._issue()
            now = self.clock()
            return Issued(key, now + LIFETIME, now)

        assert self.shared is not None
        issued = await obtain_async(self.shared, issue, stale=stale)
        _MEMORY[self._slot] = Token(issued.value, issued.expires_at, issued.issued_at)
        return issued.value

    async def _issue(self) -> str:
        s = self.settings
        body = {"grant_type": "client_credentials", "appkey": s.app_key, "secretkey": s.app_secret}
        try:
            async with httpx.AsyncClient(transport=self.transport, timeout=s.timeout) as http:
                response = await http.post(s.base_url + APPROVAL_PATH, json=body)
        except httpx.RequestError as exc:
            raise TransportError(f"POST {APPROVAL_PATH}: {describe(exc)}") from None
        # The token endpoint's error shapes (EGW00133 as TokenRateLimitError); never quoting a
        # body that may hold the key.
        data = decode_json(response, "approval", quote=False)
        raise_oauth_error(data, response.status_code, self.clock(), None)
        key = data.get("approval_key") if isinstance(data, dict) else None
        if response.status_code != 200 or not isinstance(key, str) or not key:
            raise AuthError(
                f"HTTP {response.status_code}",
                "no approval_key in the reply of /oauth2/Approval",
                response.status_code,
            )
        now = self.clock()
        token = Token(key, now + LIFETIME, now)
        _MEMORY[self._slot] = token
        if self.cache is not None:
            self.cache.save(token)
        self.issued += 1
        return key
