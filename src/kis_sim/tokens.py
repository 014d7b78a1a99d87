"""Access tokens the simulator issued: who owns each, when it expires, the per-minute limit."""

from __future__ import annotations

import datetime as dt
import enum
import secrets
import threading

import attrs

from kis_sim.clock import Clock

KST = dt.timezone(dt.timedelta(hours=9))


class TokenState(enum.Enum):
    VALID = "valid"
    UNKNOWN = "unknown"  # EGW00121
    EXPIRED = "expired"  # EGW00123


@attrs.frozen
class Issued:
    access_token: str = attrs.field(repr=False)
    app_key: str = attrs.field(repr=False)
    expires_at: float

    def reply(self, lifetime: float) -> dict[str, object]:
        """The tokenP reply: expiry as KST 'YYYY-MM-DD HH:MM:SS', expires_in a JSON number."""
        expiry = dt.datetime.fromtimestamp(self.expires_at, KST)
        return {
            "access_token": self.access_token,
            "access_token_token_expired": expiry.strftime("%Y-%m-%d %H:%M:%S"),
            "token_type": "Bearer",
            "expires_in": int(lifetime),
        }


class TokenStore:
    def __init__(self, clock: Clock, lifetime: float, issue_interval: float) -> None:
        self._clock = clock
        self.lifetime = lifetime
        self.issue_interval = issue_interval
        self._lock = threading.Lock()
        self._tokens: dict[str, Issued] = {}
        self._last_issue: dict[str, float] = {}

    def issue(self, app_key: str) -> Issued | None:
        """A new token, or None while the app key is inside its issuance window (EGW00133)."""
        with self._lock:
            now = self._clock()
            last = self._last_issue.get(app_key)
            if last is not None and now - last < self.issue_interval:
                return None
            self._last_issue[app_key] = now
            token = Issued(secrets.token_urlsafe(32), app_key, now + self.lifetime)
            self._tokens[token.access_token] = token
            return token

    def state(self, access_token: str, app_key: str) -> TokenState:
        with self._lock:
            token = self._tokens.get(access_token)
        if token is None or token.app_key != app_key:
            return TokenState.UNKNOWN
        return TokenState.VALID if self._clock() < token.expires_at else TokenState.EXPIRED

    def expire_all(self) -> None:
        """Make every issued token expired now (tests: the next TR request gets EGW00123)."""
        with self._lock:
            now = self._clock()
            self._tokens = {k: attrs.evolve(t, expires_at=now) for k, t in self._tokens.items()}

    def revoke(self, access_token: str, app_key: str) -> bool:
        with self._lock:
            token = self._tokens.get(access_token)
            if token is None or token.app_key != app_key:
                return False
            del self._tokens[access_token]
            return True
