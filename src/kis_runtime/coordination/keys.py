"""Key names in the shared store: per (environment, app key), the app key only as a hash.

All keys of one app key share one Redis hash tag ({...}), so a script may touch several of them
(and they would land on one node of a cluster).
"""

from __future__ import annotations

from kis_runtime.environment import Environment
from kis_runtime.token_cache import key_digest


def app_prefix(prefix: str, environment: Environment, app_key: str) -> str:
    return f"{prefix}:{{{environment.value}:{key_digest(app_key)}}}"


def rate_log(prefix: str, environment: Environment, app_key: str) -> str:
    """Sorted set of send times (µs, the server's clock) of the last window."""
    return app_prefix(prefix, environment, app_key) + ":sent"


def rate_peers(prefix: str, environment: Environment, app_key: str) -> str:
    """Sorted set of the limiters (one per process) that sent recently: the fallback share."""
    return app_prefix(prefix, environment, app_key) + ":peers"


def credential(
    prefix: str, environment: Environment, app_key: str, kind: str, base_url: str
) -> tuple[str, str]:
    """(value key, issuance guard key) of a credential ("token", "approval") for one server."""
    base = f"{app_prefix(prefix, environment, app_key)}:{kind}:{key_digest(app_key, base_url)}"
    return base, base + ":guard"


def lease(prefix: str, environment: Environment, app_key: str, name: str) -> str:
    return f"{app_prefix(prefix, environment, app_key)}:lease:{name}"
