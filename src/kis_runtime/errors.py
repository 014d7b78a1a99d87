"""Every error the binding raises derives from KisError.

Messages name the TR, the field and what was wrong, but never a secret or an account number:
values of sensitive fields are masked before they reach a message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kis_runtime.endpoint import Endpoint


class KisError(Exception):
    """Base of all kis errors. `pages` holds the pages received before a paging call failed."""

    pages: tuple[Any, ...] = ()


# The most of a value's repr an error message quotes: a 100,000-character argument is not repeated.
BRIEF_LIMIT = 80


def brief(value: Any) -> str:
    """repr(value), cut to BRIEF_LIMIT characters with the full length said."""
    text = repr(value)
    if len(text) <= BRIEF_LIMIT:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str) else ""
    return f"{text[:BRIEF_LIMIT]}…{size}"


class InvalidParameterError(KisError, ValueError):
    """A call argument broke the spec (required, length, pattern, values); nothing was sent."""

    def __init__(self, tr_id: str, field: str, reason: str) -> None:
        super().__init__(f"{tr_id}: invalid {field}: {reason}")
        self.tr_id, self.field, self.reason = tr_id, field, reason


class UnsupportedEnvironmentError(KisError):
    """The TR has no TR id for this environment (KIS: 모의투자 미지원); nothing was sent."""

    def __init__(self, tr_name: str, environment: str) -> None:
        super().__init__(
            f"{tr_name} is not supported in the {environment} environment (모의투자 미지원)"
        )
        self.tr_name, self.environment = tr_name, environment


class TransportError(KisError):
    """The request could not be completed (connection refused, timeout) and got no reply."""


class SentOrder:
    """What an order request sent, for reconciling it (`client.reconcile(error)`): the TR, its
    TR id, the wire values (unmasked: never shown, the repr names the TR only) and when it was
    sent (epoch seconds, the client's clock)."""

    __slots__ = ("endpoint", "sent_at", "tr_id", "values")

    def __init__(
        self, endpoint: Endpoint[Any, Any], tr_id: str, values: Mapping[str, str], sent_at: float
    ) -> None:
        self.endpoint, self.tr_id, self.sent_at = endpoint, tr_id, sent_at
        self.values = dict(values)

    def __repr__(self) -> str:
        return f"SentOrder({self.endpoint.name}, tr_id={self.tr_id!r}, sent_at={self.sent_at})"


class OutcomeUnknownError(TransportError):
    """An order-like (POST) request was sent but its outcome is unknown; it is never resent.

    `sent` describes what was sent (method, path, TR id, body with sensitive fields masked):
    check the order book before acting again, or let `client.reconcile(error)` do it. `order`
    holds what reconciling needs (None when the error was built by hand).
    """

    def __init__(self, message: str, sent: dict[str, Any], order: SentOrder | None = None) -> None:
        super().__init__(message)
        self.sent = sent
        self.order = order


class ReconcileError(KisError):
    """An unknown outcome that cannot be reconciled: the TR has no inquiry counterpart (named),
    or the error carries no order. Nothing was sent."""


class HttpError(KisError):
    """A reply that is neither a KIS envelope nor an oauth error (e.g. a proxy's 502 page)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


class ResponseFormatError(KisError):
    """A reply that does not match the spec: names the TR, the field and the offending value.

    `accepted` is True when KIS answered rt_cd "0" (the request succeeded — for an order, it was
    placed) and only the reply's content is off-spec; `raw` then holds the whole reply body.
    """

    def __init__(self, tr_id: str, field: str, value: Any, reason: str, *, raw: Any = None) -> None:
        accepted = raw is not None
        note = "; KIS accepted the request (rt_cd 0): the reply is in .raw" if accepted else ""
        super().__init__(f"{tr_id}: bad value for {field}: {value!r} ({reason}){note}")
        self.tr_id, self.field, self.value, self.reason = tr_id, field, value, reason
        self.raw, self.accepted = raw, accepted


class AuthError(KisError):
    """Token endpoint refused (the oauth shape: error_code / error_description)."""

    def __init__(self, error_code: str, error_description: str, status: int | None = None) -> None:
        super().__init__(f"{error_code}: {error_description}".strip(": "))
        self.error_code, self.error_description, self.status = error_code, error_description, status


class TokenRateLimitError(AuthError):
    """EGW00133: token issuance is limited to one per minute. `retry_after` is in seconds."""

    def __init__(
        self,
        error_code: str,
        error_description: str,
        status: int | None = None,
        retry_after: float = 60.0,
    ) -> None:
        super().__init__(error_code, error_description, status)
        self.retry_after = retry_after
        limit = f"token issuance is limited to 1 per minute: retry after {retry_after:.0f}s"
        self.args = (f"{self.args[0]} ({limit})",)


class ApiError(KisError):
    """A KIS reply with rt_cd != "0"."""

    def __init__(self, tr_id: str, rt_cd: str, msg_cd: str, msg1: str, status: int = 200) -> None:
        super().__init__(f"{tr_id}: [{msg_cd}] {msg1.strip()} (rt_cd={rt_cd}, HTTP {status})")
        self.tr_id, self.rt_cd, self.msg_cd, self.msg1, self.status = (
            tr_id,
            rt_cd,
            msg_cd,
            msg1.strip(),
            status,
        )


class RateLimitError(ApiError):
    """EGW00201 / EGW00215: too many requests per second (refused at the gateway: resendable)."""


class TokenExpiredError(ApiError):
    """EGW00123 (expired) / EGW00121 (invalid) token."""


class DataChangedError(ApiError):
    """SYDB0050: the data changed while paging; `pages` keeps what was received before."""


class PagingError(KisError):
    """Paging stopped: the cursor did not advance, or the page cap was reached with more to come."""


_API_ERRORS: dict[str, type[ApiError]] = {
    "EGW00201": RateLimitError,
    "EGW00215": RateLimitError,
    "EGW00123": TokenExpiredError,
    "EGW00121": TokenExpiredError,
    "SYDB0050": DataChangedError,
}


def api_error(tr_id: str, rt_cd: str, msg_cd: str, msg1: str, status: int = 200) -> ApiError:
    """The ApiError subclass for msg_cd."""
    return _API_ERRORS.get(msg_cd, ApiError)(tr_id, rt_cd, msg_cd, msg1, status)


def attach_pages(error: KisError, pages: Sequence[Any]) -> KisError:
    error.pages = tuple(pages)
    return error


class ConfigError(KisError, ValueError):
    """The client was configured wrongly (missing credentials, unknown environment)."""
