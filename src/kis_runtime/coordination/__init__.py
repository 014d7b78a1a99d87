"""Sharing one app key's limits between processes and hosts (optional, Redis; see README)."""

from kis_runtime.coordination.coordinator import REDIS_URL_ENV, RedisCoordinator
from kis_runtime.coordination.credentials import Issued, SharedCredential
from kis_runtime.coordination.errors import CoordinationError, LeaseLostError, SessionHeldError
from kis_runtime.coordination.lease import SessionLease
from kis_runtime.coordination.limiter import RedisRateLimiter

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
