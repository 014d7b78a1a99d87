"""Access tokens: POST /oauth2/tokenP (client_credentials), reused until shortly before expiry."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import attrs

from kis_runtime.errors import AuthError, HttpError, TokenRateLimitError
from kis_runtime.reply import kis_code
from kis_runtime.secret import secret

TOKEN_PATH = "/oauth2/tokenP"
REVOKE_PATH = "/oauth2/revokeP"
# Refresh this long before the server's expiry, so a request never leaves with a dying token.
EXPIRY_MARGIN = 300.0
ISSUE_LIMIT_CODE = "EGW00133"
# KIS issues at most one token per minute per app key.
ISSUE_INTERVAL = 60.0


@attrs.frozen
class Token:
    access_token: str = attrs.field(repr=False, converter=secret)
    expires_at: float  # epoch seconds
    issued_at: float = 0.0  # epoch seconds; the 1-per-minute issuance limit counts from here

    def fresh(self, now: float, margin: float = EXPIRY_MARGIN) -> bool:
        return now < self.expires_at - margin


def token_request_body(app_key: str, app_secret: str) -> dict[str, str]:
    return {"grant_type": "client_credentials", "appkey": app_key, "appsecret": app_secret}


def revoke_request_body(app_key: str, app_secret: str, token: str) -> dict[str, str]:
    return {"appkey": app_key, "appsecret": app_secret, "token": token}


def retry_after(now: float, last_issued_at: float | None) -> float:
    """Seconds until KIS accepts another issuance, counted from the last one we know of."""
    if last_issued_at is None or not 0 <= now - last_issued_at < ISSUE_INTERVAL:
        return ISSUE_INTERVAL
    return max(1.0, ISSUE_INTERVAL - (now - last_issued_at))


def raise_oauth_error(data: Any, status: int, now: float, last_issued_at: float | None) -> None:
    """Raise the typed error for KIS's oauth error shape ({error_code, error_description})."""
    if isinstance(data, dict) and "error_code" in data:
        code, description = str(data["error_code"]), str(data.get("error_description", ""))
        if code == ISSUE_LIMIT_CODE:
            raise TokenRateLimitError(
                code, description, status, retry_after=retry_after(now, last_issued_at)
            )
        raise AuthError(code, description, status)
    if isinstance(data, dict) and kis_code(data.get("rt_cd")) not in (None, "0"):
        raise AuthError(str(data.get("msg_cd", "")), str(data.get("msg1", "")).strip(), status)


def parse_token_reply(
    status: int,
    data: Any,
    now: Callable[[], float] = time.time,
    last_issued_at: float | None = None,
) -> Token:
    """A Token from a tokenP reply, or the typed error for either of KIS's error shapes."""
    issued_at = now()
    raise_oauth_error(data, status, issued_at, last_issued_at)
    if status >= 400:
        raise HttpError(status, "token endpoint refused the request")
    if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
        raise AuthError("invalid_reply", "tokenP reply has no access_token", status)
    try:
        lifetime = float(data.get("expires_in", 86400))
    except (TypeError, ValueError):
        raise AuthError(
            "invalid_reply", "tokenP reply has a non-numeric expires_in", status
        ) from None
    return Token(data["access_token"], issued_at + lifetime, issued_at)


def check_revoke_reply(status: int, data: Any) -> None:
    """revokeP answers {"code": 200, "message": ...}; errors use the oauth shape."""
    raise_oauth_error(data, status, 0.0, None)
    if status >= 400:
        raise HttpError(status, "revoke endpoint refused the request")
