"""The hand-written runtime behind the generated `kis` package."""

from kis_runtime.client import AsyncClient, Client
from kis_runtime.core import CorporateHeaders
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
    "ResponseFormatError",
    "ResponseHeaders",
    "TokenExpiredError",
    "TokenRateLimitError",
    "TransportError",
    "UnsupportedEnvironmentError",
]
