"""The hand-written runtime behind the generated `kis` package."""

from kis_runtime.client import AsyncClient, Client
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
    "ConfigError",
    "CorporateHeaders",
    "DataChangedError",
    "Environment",
    "HttpError",
    "InvalidParameterError",
    "KisError",
    "KisResponse",
    "OutcomeUnknownError",
    "PagingError",
    "RateLimitError",
    "RateLimiter",
    "ResponseFormatError",
    "ResponseHeaders",
    "RetryPolicy",
    "Secret",
    "TokenExpiredError",
    "TokenRateLimitError",
    "TransportError",
    "UnsupportedEnvironmentError",
]
