"""Where a client's token comes from: memory, then the disk cache, then one issuance.

The clients wrap `usable` and `issue` in their locks (a thread or asyncio lock, then the file
lock) as: usable() or [lock; usable() or issue()], so processes starting together issue once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from kis_runtime import auth
from kis_runtime.actions import Flow, Send, Sleep
from kis_runtime.errors import TokenRateLimitError, TransportError
from kis_runtime.reply import decode_json
from kis_runtime.retry import describe
from kis_runtime.settings import Settings
from kis_runtime.token_cache import TokenCache

if TYPE_CHECKING:
    from kis_runtime.coordination.credentials import Issued, SharedCredential


class TokenSource:
    def __init__(
        self,
        settings: Settings,
        cache: TokenCache | None,
        *,
        wait_on_issue_limit: bool = False,
        clock: Callable[[], float] = time.time,
        shared: SharedCredential | None = None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.shared = shared  # a coordinator's shared token (then cache is None)
        self.wait_on_issue_limit = wait_on_issue_limit
        self.clock = clock
        self._memory: auth.Token | None = None
        self._last_issued_at: float | None = None

    def __repr__(self) -> str:
        return f"TokenSource(cache={self.cache!r})"

    def usable(self, stale: str | None = None) -> str | None:
        """A fresh token other than `stale` from memory or disk, or None (then issue one)."""
        now = self.clock()
        memory = self._memory
        if memory is not None and memory.access_token != stale and memory.fresh(now):
            return memory.access_token  # the hot path: no file read on every request
        stored = self.cache.load() if self.cache is not None else None
        for token in (memory, stored):
            if token is None:
                continue
            self._last_issued_at = max(self._last_issued_at or 0.0, token.issued_at)
            if token.access_token != stale and token.fresh(now):
                self._memory = token
                return token.access_token
        return None

    def issue(self) -> Flow[str]:
        """POST tokenP once; on EGW00133 raise TokenRateLimitError, or wait once if configured."""
        s = self.settings
        body = auth.token_request_body(s.app_key, s.app_secret)
        for attempt in range(2):
            request = httpx.Request("POST", s.base_url + auth.TOKEN_PATH, json=body)
            response = yield from _send(request)
            try:
                token = auth.parse_token_reply(
                    response.status_code,
                    decode_json(response, "tokenP", quote=False),
                    self.clock,
                    self._last_issued_at,
                )
            except TokenRateLimitError as exc:
                if not self.wait_on_issue_limit or attempt:
                    raise
                yield Sleep(exc.retry_after)
                continue
            self._memory, self._last_issued_at = token, token.issued_at
            if self.cache is not None:
                self.cache.save(token)
            return token.access_token
        raise AssertionError("unreachable")  # pragma: no cover

    # -- coordinator hook: one token for every process sharing the store (coordination/) --

    def obtain_shared(self, stale: str | None = None) -> Flow[str]:
        """The shared token other than `stale`; issued here only if no process has one."""
        from kis_runtime.coordination import credentials

        assert self.shared is not None
        issued = yield from credentials.obtain(
            self.shared,
            self._issue_shared,
            stale=stale,
            wait_on_limit=self.wait_on_issue_limit,
            clock=self.clock,
        )
        token = auth.Token(issued.value, issued.expires_at, issued.issued_at)
        self._memory = token
        self._last_issued_at = max(self._last_issued_at or 0.0, token.issued_at)
        return token.access_token

    def _issue_shared(self) -> Flow[Issued]:
        from kis_runtime.coordination.credentials import Issued

        yield from self.issue()
        token = self._memory
        assert token is not None
        return Issued(token.access_token, token.expires_at, token.issued_at)

    def revoke(self) -> Flow[None]:
        """POST revokeP for the token in use (memory, disk or the coordinator's store), then
        forget it everywhere."""
        token = self._memory or (self.cache.load() if self.cache is not None else None)
        if token is None and self.shared is not None:
            from kis_runtime.coordination import credentials

            stored = yield from credentials.read(self.shared)
            if stored is not None:
                token = auth.Token(stored.value, stored.expires_at, stored.issued_at)
        if token is None:
            return
        s = self.settings
        body = auth.revoke_request_body(s.app_key, s.app_secret, token.access_token)
        request = httpx.Request("POST", s.base_url + auth.REVOKE_PATH, json=body)
        response = yield from _send(request)
        data = decode_json(response, "revokeP", quote=False)
        auth.check_revoke_reply(response.status_code, data)
        self._memory = None
        if self.cache is not None:
            self.cache.remove()
        if self.shared is not None:
            from kis_runtime.coordination import credentials

            yield from credentials.forget(self.shared, token.access_token)


def _send(request: httpx.Request) -> Flow[httpx.Response]:
    """oauth requests are not rate limited (they have their own limit, see EGW00133)."""
    try:
        response: httpx.Response = yield Send(request, limited=False)
    except httpx.RequestError as exc:
        raise TransportError(f"POST {request.url.path}: {describe(exc)}") from None
    return response
