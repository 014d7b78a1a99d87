"""Sharing one app key's limits between processes and hosts (optional, Redis; see README).

`import kis` loads only the coordinator's class and the errors; the limiter, credential and lease
modules load when a coordinator first makes one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kis_runtime.coordination.coordinator import REDIS_URL_ENV, RedisCoordinator
from kis_runtime.coordination.errors import CoordinationError, LeaseLostError, SessionHeldError

if TYPE_CHECKING:
    from kis_runtime.coordination.credentials import Issued, SharedCredential
    from kis_runtime.coordination.lease import SessionLease
    from kis_runtime.coordination.limiter import RedisRateLimiter

_LAZY = {
    "Issued": "credentials",
    "SharedCredential": "credentials",
    "SessionLease": "lease",
    "RedisRateLimiter": "limiter",
}

__all__ = [
    "REDIS_URL_ENV",
    "CoordinationError",
    "Issued",
    "LeaseLostError",
    "RedisCoordinator",
    "RedisRateLimiter",
    "SessionHeldError",
    "SessionLease",
    "SharedCredential",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
