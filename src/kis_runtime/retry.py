"""Which failures may be retried, and how long to wait: capped exponential backoff, full jitter.

Resending is safe only when the request certainly had no effect:
- EGW00201 / EGW00215 (RateLimitError): refused at the gateway, for any method;
- connect errors and pool timeouts: nothing left this process, for any method;
- read / write timeouts, dropped connections, 5xx without a KIS envelope: only for GET.
  A POST (an order) in that state may have been executed, so it becomes OutcomeUnknownError.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import attrs
import httpx

from kis_runtime.errors import ConfigError

# The request never reached the server: safe to resend whatever it was.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """`attempts` counts every try, the first included (1 = never retry)."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    random: Callable[[], float] = attrs.field(default=random.random, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.attempts < 1 or self.base_delay < 0 or self.max_delay < 0:
            raise ConfigError("retry attempts must be >= 1 and delays >= 0")

    def delay(self, retry: int) -> float:
        """Wait before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))].

        Full jitter spreads clients that were refused together, so they do not collide again.
        """
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))
        return ceiling * float(self.random())


def never_sent(exc: httpx.RequestError) -> bool:
    return isinstance(exc, NOT_SENT)


def describe(exc: httpx.RequestError) -> str:
    """What went wrong and where, for a TransportError: the error type, the host and port, and
    the OS's reason (`ConnectError to openapi.koreainvestment.com:9443: [Errno 111] Connection
    refused`). Never the headers, the body or the query: a protocol error's text may quote them.
    """
    try:
        url = exc.request.url
        port = url.port or {"https": 443, "http": 80}.get(url.scheme)
        where = f" to {url.host}:{port}" if port else f" to {url.host}"
    except RuntimeError:  # an error raised without its request
        where = ""
    reason = "" if isinstance(exc, httpx.ProtocolError) else _reason(exc)
    return f"{type(exc).__name__}{where}" + (f": {reason}" if reason else "")


def _reason(exc: BaseException) -> str:
    """The innermost OSError's errno and text, else the exception's own first 200 characters."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, OSError) and seen.strerror:
            return f"[Errno {seen.errno}] {seen.strerror}"
        seen = seen.__cause__ or seen.__context__
    return str(exc)[:200]
