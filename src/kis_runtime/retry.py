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
