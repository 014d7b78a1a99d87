"""What a failed call does next (`verdict`), and how long to wait: capped backoff, full jitter.

The whole policy, in one table (GET: an inquiry; POST: an order, a change, a cancellation).
Resending is allowed only when the request certainly had no effect:

| failure | GET | POST |
|---|---|---|
| httpx refused it before sending (bad URL scheme, a header h11 rejects) | fail | fail |
| connect error, connect / pool timeout: nothing left this process | resend | resend |
| other transport errors (read / write timeout, dropped connection) | resend | unknown |
| EGW00123 / EGW00121: token refused at the gateway | refresh, resend once | refresh, resend once |
| EGW00201 / EGW00215: rate limit, refused at the gateway | resend | resend |
| HTTP 5xx without a KIS envelope | resend | unknown |
| a reply without a readable rt_cd | fail | unknown |
| rt_cd "0" but a reply off the spec (`ResponseFormatError.accepted`) | fail | fail |
| any other KIS error (rt_cd not "0"), HTTP 4xx | fail | fail |

resend: after a backoff, while `RetryPolicy.attempts` lasts (then the error is raised); unknown:
`OutcomeUnknownError`, never resent (the order may have been executed); fail: the error as is.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable

import attrs
import httpx

from kis_runtime.errors import (
    ConfigError,
    HttpError,
    RateLimitError,
    ResponseFormatError,
    TokenExpiredError,
)

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


# httpx refused the request before any byte left, and would refuse it again.
REFUSED_LOCALLY = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)


class Verdict(enum.Enum):
    RESEND = "resend"
    REFRESH = "refresh the token, resend once"
    UNKNOWN = "outcome unknown"
    FAIL = "fail"


def verdict(failure: Exception, method: str) -> Verdict:
    """The table above, for one failure of a `method` request."""
    order = method != "GET"
    if isinstance(failure, httpx.RequestError):
        if isinstance(failure, REFUSED_LOCALLY):
            return Verdict.FAIL
        if isinstance(failure, NOT_SENT) or not order:
            return Verdict.RESEND
        return Verdict.UNKNOWN
    if isinstance(failure, TokenExpiredError):
        return Verdict.REFRESH
    if isinstance(failure, RateLimitError):
        return Verdict.RESEND
    if isinstance(failure, HttpError) and failure.status >= 500:
        return Verdict.UNKNOWN if order else Verdict.RESEND
    if isinstance(failure, ResponseFormatError) and order and not failure.accepted:
        return Verdict.UNKNOWN
    return Verdict.FAIL


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
