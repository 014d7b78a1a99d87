"""Orders for an agent, in two steps: `prepare` checks an order and returns a summary and a
short-lived confirmation token; only `confirm` with that token sends it, once.

A token is single-use: confirming takes it out of the desk before anything is sent, so an agent
that retries `confirm` (a lost answer, a time-out) gets the first outcome again, never a second
order; the send itself goes through the reconciling order path (`send.place`), which never resends
an order whose outcome is unknown. Per-session limits count every order sent (placed or of
unknown outcome) and its notional (quantity x price, per currency).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from kis_runtime.catalog import TrInfo
from kis_runtime.fields import FieldInfo

# The order quantity and unit price of each order TR, by KIS name (every POST TR in spec/).
QUANTITY_NAMES = ("ORD_QTY", "ORD_QTY2", "FT_ORD_QTY", "FM_ORD_QTY")
PRICE_NAMES = (
    "ORD_UNPR",
    "BOND_ORD_UNPR",
    "OVRS_ORD_UNPR",
    "FT_ORD_UNPR3",
    "UNIT_PRICE",
    "FM_LIMIT_ORD_PRIC",
)
# Overseas exchange codes (OVRS_EXCG_CD) -> the currency their prices are in.
EXCHANGE_CURRENCY = {
    **dict.fromkeys(("NASD", "NYSE", "AMEX", "NAS", "NYS", "AMS"), "USD"),
    **dict.fromkeys(("SEHK", "HKS"), "HKD"),
    **dict.fromkeys(("TKSE", "TSE"), "JPY"),
    **dict.fromkeys(("SHAA", "SZAA", "SHS", "SZS"), "CNY"),
    **dict.fromkeys(("HASE", "VNSE", "HNX", "HSX"), "VND"),
}


class OrderRefused(Exception):
    """An order the desk will not prepare or send (limits, an unknown / used / expired token)."""


@attrs.frozen
class Limits:
    """Per MCP session: at most `orders` orders sent, `notional` per currency in total."""

    orders: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    notional: Decimal = attrs.field(
        default=Decimal(10_000_000), validator=attrs.validators.ge(Decimal(0))
    )
    token_ttl: float = attrs.field(default=120.0, validator=attrs.validators.ge(0))  # seconds


@attrs.define
class Prepared:
    token: str
    session: int
    tr: TrInfo
    variant: str | None
    request: Any
    summary: str
    currency: str
    notional: Decimal | None
    expires: float


@attrs.define
class Usage:
    orders: int = 0
    notional: dict[str, Decimal] = attrs.field(factory=dict)


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _first(values: Mapping[str, Any], names: tuple[str, ...]) -> Decimal | None:
    for name in names:
        if name in values and str(values[name]).strip():
            return _number(values[name])
    return None


def currency(tr: TrInfo, wire: Mapping[str, str]) -> str:
    if "/domestic-" in tr.entry.path:
        return "KRW"
    code = wire.get("OVRS_EXCG_CD", "").strip().upper()
    return EXCHANGE_CURRENCY.get(code, f"foreign ({code or tr.entry.area})")


def _shown(field: FieldInfo, value: str) -> str:
    if field.sensitive:
        return "***"
    meaning = field.meanings.get(value)
    return f"{value} ({meaning})" if meaning else value


def summarize(
    tr: TrInfo, variant: str | None, wire: Mapping[str, str], environment: str
) -> tuple[str, Decimal | None, str]:
    """(human-readable summary, notional or None when unknown, currency) of an order."""
    label = tr.variants.get(variant or "", "") or (variant or "")
    money = currency(tr, wire)
    quantity, price = _first(wire, QUANTITY_NAMES), _first(wire, PRICE_NAMES)
    notional = quantity * price if quantity is not None and price else None
    head = f"{tr.entry.title} {label}".strip() + f" [{tr.tr_id}, {environment}]"
    lines = [head]
    for field in tr.settable:
        value = wire.get(field.name, "")
        if value.strip():
            lines.append(f"  {field.title} ({field.name}): {_shown(field, value)}")
    if notional is not None:
        lines.append(f"  notional: {notional:,} {money} (quantity x unit price)")
    else:
        lines.append(f"  notional: unknown (no unit price: a market order or a change) {money}")
    return "\n".join(lines), notional, money


class OrderDesk:
    """Prepared orders and per-session usage of one MCP server."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._prepared: dict[str, Prepared] = {}
        self._outcomes: dict[str, dict[str, Any]] = {}  # used token -> the answer it got
        self._usage: dict[int, Usage] = {}

    def usage(self, session: int) -> Usage:
        return self._usage.setdefault(session, Usage())

    def _check_limits(self, session: int, money: str, notional: Decimal | None) -> None:
        used = self.usage(session)
        if used.orders >= self.limits.orders:
            raise OrderRefused(
                f"this session has sent {used.orders} order(s), the limit (--max-orders "
                f"{self.limits.orders}); no more orders in this session"
            )
        if notional is None:
            return
        total = used.notional.get(money, Decimal(0)) + notional
        if total > self.limits.notional:
            raise OrderRefused(
                f"notional {notional:,} {money} would bring this session's total to {total:,} "
                f"{money}, over the limit of {self.limits.notional:,} (--max-notional)"
            )

    def prepare(
        self,
        session: int,
        tr: TrInfo,
        variant: str | None,
        request: Any,
        wire: Mapping[str, str],
        environment: str,
    ) -> Prepared:
        summary, notional, money = summarize(tr, variant, wire, environment)
        self._check_limits(session, money, notional)
        self._expire()
        token = secrets.token_urlsafe(16)
        prepared = Prepared(
            token=token,
            session=session,
            tr=tr,
            variant=variant,
            request=request,
            summary=summary,
            currency=money,
            notional=notional,
            expires=self._clock() + self.limits.token_ttl,
        )
        self._prepared[token] = prepared
        return prepared

    def take(self, session: int, token: str) -> Prepared | dict[str, Any]:
        """The prepared order of a token, removed so it can be sent once; or the answer a used
        token got before (a retried confirm). OrderRefused for an unknown or expired token."""
        if token in self._outcomes:
            return {**self._outcomes[token], "repeated": True}
        prepared = self._prepared.get(token)
        if prepared is None or prepared.session != session:
            raise OrderRefused("unknown confirmation token: prepare the order first")
        del self._prepared[token]
        if self._clock() > prepared.expires:
            raise OrderRefused(
                f"the confirmation token expired ({self.limits.token_ttl:g} s): nothing was "
                "sent; prepare the order again"
            )
        self._check_limits(session, prepared.currency, prepared.notional)
        # Counted before sending: an order whose outcome turns out unknown counts too. A confirm
        # retried while this one is still sending gets this answer.
        self._outcomes[token] = {"status": "sending", "summary": prepared.summary}
        used = self.usage(session)
        used.orders += 1
        if prepared.notional is not None:
            used.notional[prepared.currency] = (
                used.notional.get(prepared.currency, Decimal(0)) + prepared.notional
            )
        return prepared

    def record(self, token: str, outcome: dict[str, Any]) -> None:
        self._outcomes[token] = outcome

    def _expire(self) -> None:
        now = self._clock()
        for token in [t for t, p in self._prepared.items() if now > p.expires]:
            del self._prepared[token]
