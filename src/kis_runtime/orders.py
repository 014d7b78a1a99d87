"""Place an order once, and know what became of it: `kis.orders.place`.

    from kis.domestic_stock.trading import order_cash

    result = kis.orders.place(client, order_cash, request, variant="buy")
    match result:
        case kis.orders.Placed(order_number=number):  # the reply was lost; KIS has the order
            ...
        case kis.orders.NotPlaced():  # the reply was lost; KIS has no such order: safe to resend
            ...
        case kis.orders.Ambiguous(order_numbers=numbers):  # several identical orders: check them
            ...
        case reply:  # the order TR's own response: the send succeeded (reply.output.odno)
            ...

The order is sent once (never resent, as every order through the client). If its outcome is
unknown (OutcomeUnknownError: a timeout after sending, a 5xx, an unreadable reply), the account's
orders are looked up (client.reconcile) before returning; orders whose replies place() received
through the same client (client.placed_orders) are known, so never candidates. If the lookup
itself fails, the OutcomeUnknownError is raised with a note saying why: still unknown.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from kis_runtime.errors import InvalidParameterError, KisError, OutcomeUnknownError
from kis_runtime.reconcile import (
    Ambiguous,
    NotPlaced,
    Placed,
    ReconcileOptions,
    ReconcilePolicy,
    ReconcileVerdict,
    lookup_for,
)

if TYPE_CHECKING:
    from kis_runtime.client import AsyncClient, Client
    from kis_runtime.endpoint import Endpoint

RequestT = TypeVar("RequestT")
ResponseT = TypeVar("ResponseT")


def endpoint_of(module: types.ModuleType | Endpoint[Any, Any]) -> Endpoint[Any, Any]:
    """A TR module's ENDPOINT (or the Endpoint itself), checked to be a reconcilable order TR."""
    endpoint: Any = (
        getattr(module, "ENDPOINT", None) if isinstance(module, types.ModuleType) else module
    )
    if getattr(endpoint, "method", None) != "POST":
        name = getattr(endpoint, "name", repr(module))
        raise InvalidParameterError(name, "module", "place() sends order (POST) TRs only")
    result: Endpoint[Any, Any] = endpoint
    return result


def _checked(
    client: Client | AsyncClient, endpoint: Endpoint[Any, Any], variant: str | None
) -> None:
    """Refuse before sending what could not be reconciled (no inquiry counterpart)."""
    lookup_for(endpoint, endpoint.tr_id(client.environment, variant))


def place(
    client: Client,
    module: types.ModuleType | Endpoint[Any, Any],
    request: Any,
    *,
    variant: str | None = None,
    **options: Unpack[ReconcileOptions],
) -> Any | ReconcileVerdict:
    """Send the order once: its response, or, when the outcome is unknown, the reconcile
    verdict (Placed / NotPlaced / Ambiguous). `options` as client.reconcile. A TR without an
    inquiry counterpart is refused before sending (ReconcileError)."""
    endpoint = endpoint_of(module)
    _checked(client, endpoint, variant)
    try:
        return _known(client, client.call(endpoint, request, variant=variant))
    except OutcomeUnknownError as error:
        try:
            return client.reconcile(error, **_excluding(client, options))
        except KisError as failure:
            raise _still_unknown(error, failure) from None


async def place_async(
    client: AsyncClient,
    module: types.ModuleType | Endpoint[Any, Any],
    request: Any,
    *,
    variant: str | None = None,
    **options: Unpack[ReconcileOptions],
) -> Any | ReconcileVerdict:
    """As place(), with an AsyncClient."""
    endpoint = endpoint_of(module)
    _checked(client, endpoint, variant)
    try:
        return _known(client, await client.call(endpoint, request, variant=variant))
    except OutcomeUnknownError as error:
        try:
            return await client.reconcile(error, **_excluding(client, options))
        except KisError as failure:
            raise _still_unknown(error, failure) from None


def _known(client: Client | AsyncClient, response: Any) -> Any:
    """Remember the order number of a reply: that order is never another's candidate."""
    number = getattr(getattr(response, "output", None), "odno", None)
    if isinstance(number, str) and number.strip():
        client.placed_orders.append(number.strip())
    return response


def _excluding(client: Client | AsyncClient, options: ReconcileOptions) -> ReconcileOptions:
    known = [*options.get("exclude", ()), *client.placed_orders]
    return {**options, "exclude": known}


def _still_unknown(error: OutcomeUnknownError, failure: KisError) -> OutcomeUnknownError:
    error.add_note(f"reconciling failed ({type(failure).__name__}: {failure}): still unknown")
    return error


__all__ = [
    "Ambiguous",
    "NotPlaced",
    "Placed",
    "ReconcileOptions",
    "ReconcilePolicy",
    "ReconcileVerdict",
    "place",
    "place_async",
]
