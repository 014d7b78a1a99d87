"""The hand-written runtime behind the generated `kis` package.

Its public names load on first use (PEP 562), so `import kis` stays as light as its dependencies
and a tool that only lists TRs (`kis trs`) never loads the client.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kis_runtime.client import AsyncClient, Client, ClientOptions
    from kis_runtime.coordination import (
        CoordinationError,
        LeaseLostError,
        RedisCoordinator,
        SessionHeldError,
    )
    from kis_runtime.environment import Environment
    from kis_runtime.errors import (
        ApiError,
        AuthError,
        ConfigError,
        DataChangedError,
        HttpError,
        InvalidParameterError,
        KisError,
        OutcomeUnknownError,
        PagingError,
        RateLimitError,
        ReconcileError,
        ResponseFormatError,
        TokenExpiredError,
        TokenRateLimitError,
        TransportError,
        UnsupportedEnvironmentError,
    )
    from kis_runtime.fields import UnlistedCode
    from kis_runtime.model import KisResponse, ResponseHeaders
    from kis_runtime.ratelimit import RateLimiter
    from kis_runtime.retry import RetryPolicy
    from kis_runtime.secret import Secret
    from kis_runtime.settings import CorporateHeaders

# Public name -> the module that defines it.
_WHERE = {
    "ApiError": "kis_runtime.errors",
    "AsyncClient": "kis_runtime.client",
    "AuthError": "kis_runtime.errors",
    "Client": "kis_runtime.client",
    "ClientOptions": "kis_runtime.client",
    "ConfigError": "kis_runtime.errors",
    "CoordinationError": "kis_runtime.coordination",
    "CorporateHeaders": "kis_runtime.settings",
    "DataChangedError": "kis_runtime.errors",
    "Environment": "kis_runtime.environment",
    "HttpError": "kis_runtime.errors",
    "InvalidParameterError": "kis_runtime.errors",
    "KisError": "kis_runtime.errors",
    "KisResponse": "kis_runtime.model",
    "LeaseLostError": "kis_runtime.coordination",
    "OutcomeUnknownError": "kis_runtime.errors",
    "PagingError": "kis_runtime.errors",
    "RateLimitError": "kis_runtime.errors",
    "RateLimiter": "kis_runtime.ratelimit",
    "ReconcileError": "kis_runtime.errors",
    "RedisCoordinator": "kis_runtime.coordination",
    "ResponseFormatError": "kis_runtime.errors",
    "ResponseHeaders": "kis_runtime.model",
    "RetryPolicy": "kis_runtime.retry",
    "Secret": "kis_runtime.secret",
    "SessionHeldError": "kis_runtime.coordination",
    "TokenExpiredError": "kis_runtime.errors",
    "TokenRateLimitError": "kis_runtime.errors",
    "TransportError": "kis_runtime.errors",
    "UnlistedCode": "kis_runtime.fields",
    "UnsupportedEnvironmentError": "kis_runtime.errors",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "ApiError",
    "AsyncClient",
    "AuthError",
    "Client",
    "ClientOptions",
    "ConfigError",
    "CoordinationError",
    "CorporateHeaders",
    "DataChangedError",
    "Environment",
    "HttpError",
    "InvalidParameterError",
    "KisError",
    "KisResponse",
    "LeaseLostError",
    "OutcomeUnknownError",
    "PagingError",
    "RateLimitError",
    "RateLimiter",
    "ReconcileError",
    "RedisCoordinator",
    "ResponseFormatError",
    "ResponseHeaders",
    "RetryPolicy",
    "Secret",
    "SessionHeldError",
    "TokenExpiredError",
    "TokenRateLimitError",
    "TransportError",
    "UnlistedCode",
    "UnsupportedEnvironmentError",
]
