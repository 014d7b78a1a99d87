"""The hand-written runtime behind the generated `kis` package."""

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
