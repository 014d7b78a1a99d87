"""One TR call as a sans-I/O flow: token, hashkey, send, retry, refresh. Shared by both clients.

The flow yields actions (actions.py) and its client performs them; see retry.py for what is
resent and why.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from kis_runtime.actions import Flow, GetToken, Send, Sleep
from kis_runtime.errors import (
    HttpError,
    KisError,
    OutcomeUnknownError,
    RateLimitError,
    ResponseFormatError,
    SentOrder,
    TransportError,
)
from kis_runtime.hashkey import hashkey_request, parse_hashkey_reply
from kis_runtime.redact import Redactor, masked_fields
from kis_runtime.reply import decode_json, interpret
from kis_runtime.request import build_request
from kis_runtime.retry import REFUSED_LOCALLY, RetryPolicy, Verdict, describe, verdict
from kis_runtime.settings import Settings

if TYPE_CHECKING:
    # Type hints only: the TR metadata machinery loads with the first TR module.
    from kis_runtime.endpoint import Endpoint
    from kis_runtime.recording import Recorder

logger = logging.getLogger("kis")


@attrs.frozen
class CallContext:
    """What a flow needs of its client besides the I/O."""

    settings: Settings
    retry: RetryPolicy
    redactor: Redactor
    # Per-call options (Client.with_options): extra headers and a timeout for each request.
    headers: Mapping[str, str] = attrs.field(factory=dict)
    timeout: float | None = None
    recorder: Recorder | None = None  # the client's `record=`: every reply written, masked
    clock: Callable[[], float] = time.time  # epoch seconds: when an order was sent


def call(
    ctx: CallContext,
    endpoint: Endpoint[Any, Any],
    request: Any,
    *,
    tr_id: str,
    tr_cont: str = "",
    cursor: Mapping[str, str] | None = None,
) -> Flow[Any]:
    """The typed response of one TR request, or the typed KisError it amounts to."""
    values = endpoint.wire_params(request, cursor or {})
    # Scrubbed from every error the client raises (see Redactor.scrub_error in the clients).
    ctx.redactor.add(*(values.get(p.name, "") for p in endpoint.params if p.sensitive))
    return (yield from _call(ctx, endpoint, values, tr_id, tr_cont))


def _call(
    ctx: CallContext, endpoint: Endpoint[Any, Any], values: dict[str, Any], tr_id: str, tr_cont: str
) -> Flow[Any]:
    token: str = yield GetToken()
    extra: dict[str, str] = {}

    def build() -> httpx.Request:
        # The wire params are computed once per call, however often it is resent.
        request = build_request(
            ctx.settings,
            endpoint,
            values,
            tr_id=tr_id,
            token=token,
            tr_cont=tr_cont,
            extra_headers={**ctx.headers, **extra},
        )
        if ctx.timeout is not None:
            request.extensions["timeout"] = httpx.Timeout(ctx.timeout).as_dict()
        return request

    if endpoint.hashkey and endpoint.method == "POST":
        extra["hashkey"] = yield from _hashkey(ctx, build().content)
        ctx.redactor.add(extra["hashkey"])
    where = f"{endpoint.method} {endpoint.path} tr_id={tr_id}"
    refreshed, retries = False, 0
    sent_at = ctx.clock()  # before the first send: an order is never older than this
    while True:
        started = time.perf_counter()
        try:
            response: httpx.Response = yield Send(build())
            _log_response(where, response, started)
            if ctx.recorder is not None:
                ctx.recorder.reply(endpoint, tr_id, values, response, ctx.redactor)
            return interpret(endpoint, tr_id, response)
        except (httpx.RequestError, KisError) as exc:
            failure = exc
        # What to do is decided once, by the policy table in retry.py.
        reason = _reason(failure)
        logger.debug("%s failed: %s", where, reason)
        next_step = verdict(failure, endpoint.method)
        if next_step is Verdict.REFRESH and not refreshed:
            refreshed = True  # refused at the gateway (the envelope proves it): safe to resend
            token = yield GetToken(stale=token)
            continue
        if next_step is Verdict.UNKNOWN:
            order = SentOrder(endpoint, tr_id, values, sent_at)
            raise _outcome_unknown(order, reason) from None
        if next_step is Verdict.RESEND and retries + 1 < ctx.retry.attempts:
            retries += 1
            yield from _backoff(ctx, where, retries, reason)
            continue
        if isinstance(failure, httpx.RequestError):
            tries = f" (after {retries + 1} attempts)" if next_step is Verdict.RESEND else ""
            raise TransportError(f"{where}: {reason}{tries}") from None
        raise failure


def _reason(failure: Exception) -> str:
    if isinstance(failure, httpx.RequestError):
        return describe(failure)
    if isinstance(failure, RateLimitError):
        return failure.msg_cd
    if isinstance(failure, HttpError):
        return f"HTTP {failure.status}"
    if isinstance(failure, ResponseFormatError):
        return "an unreadable reply"
    return type(failure).__name__


def _hashkey(ctx: CallContext, body: bytes) -> Flow[str]:
    """The HASH of the order body; retried like a GET (it places nothing)."""
    for attempt in range(1, ctx.retry.attempts + 1):
        started = time.perf_counter()
        try:
            response: httpx.Response = yield Send(hashkey_request(ctx.settings, body))
        except httpx.RequestError as exc:
            refused = isinstance(exc, REFUSED_LOCALLY)
            if attempt == ctx.retry.attempts or refused:
                raise TransportError(f"POST /uapi/hashkey: {describe(exc)}") from None
            yield from _backoff(ctx, "POST /uapi/hashkey", attempt, describe(exc))
            continue
        _log_response("POST /uapi/hashkey", response, started)
        if response.status_code >= 500 and attempt < ctx.retry.attempts:
            yield from _backoff(ctx, "POST /uapi/hashkey", attempt, f"HTTP {response.status_code}")
            continue
        return parse_hashkey_reply(
            response.status_code, decode_json(response, "hashkey", quote=False)
        )
    raise AssertionError("unreachable")  # pragma: no cover


def _backoff(ctx: CallContext, where: str, retry: int, reason: str) -> Flow[None]:
    delay = ctx.retry.delay(retry)
    logger.debug(
        "%s: %s; retry %d/%d in %.3fs", where, reason, retry, ctx.retry.attempts - 1, delay
    )
    yield Sleep(delay)


def _outcome_unknown(order: SentOrder, failure: str) -> OutcomeUnknownError:
    endpoint, tr_id = order.endpoint, order.tr_id
    sent = {
        "method": endpoint.method,
        "path": endpoint.path,
        "tr_id": tr_id,
        "body": masked_fields(order.values, endpoint.sensitive_names),
    }
    return OutcomeUnknownError(
        f"{endpoint.method} {endpoint.path} ({tr_id}): {failure} after the request was sent; "
        "it may have been executed and is not resent: check the order book before retrying "
        "(client.reconcile(error) does)",
        sent,
        order,
    )


def _log_response(where: str, response: httpx.Response, started: float) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return
    msg_cd = ""
    try:
        body = response.json()
        msg_cd = str(body.get("msg_cd") or body.get("error_code") or "")
    except (ValueError, AttributeError):
        pass
    logger.debug(
        "%s status=%s msg_cd=%s %.1fms",
        where,
        response.status_code,
        msg_cd,
        (time.perf_counter() - started) * 1000,
    )
