"""An order whose outcome is unknown, looked up in KIS's own inquiry TRs: placed, not placed, or
ambiguous. A sans-I/O flow (actions.py) shared by Client.reconcile and AsyncClient.reconcile;
it sends inquiries (GET) only, never the order again.

What is matched, per order TR, is in LOOKUPS: the product, side, quantity, price, order division
and exchange the order sent, on the account it sent, among orders KIS timestamps no earlier than
`tolerance` seconds before the send (ORD_TMD against the client's clock, both read in KST).
README: "When an order's outcome is unknown".
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypedDict

import attrs

from kis_runtime import flow
from kis_runtime.actions import Flow, Sleep
from kis_runtime.environment import Environment
from kis_runtime.errors import OutcomeUnknownError, ReconcileError, SentOrder
from kis_runtime.paging import Pager

if TYPE_CHECKING:
    from kis_runtime.endpoint import Endpoint

logger = logging.getLogger("kis")
KST = dt.timezone(dt.timedelta(hours=9))


# -- the verdicts ---------------------------------------------------------------------------------


@attrs.frozen
class Placed:
    """KIS has the order: `order_number` (ODNO), and `recorded`, what KIS recorded of the fields
    that were matched (inquiry field name -> typed value; nothing sensitive). `row` is the whole
    inquiry row (typed; its repr masks sensitive fields); `inquiry` the TR id that found it."""

    order_number: str
    recorded: Mapping[str, Any]
    inquiry: str
    row: Any = attrs.field(repr=False, eq=False)

    def __str__(self) -> str:
        seen = ", ".join(f"{k}={v}" for k, v in self.recorded.items())
        return f"placed: order number {self.order_number} ({self.inquiry}: {seen})"


@attrs.frozen
class NotPlaced:
    """Nothing matching appeared in `polls` inquiries over `waited` seconds: safe to send again."""

    inquiry: str
    polls: int
    waited: float

    def __str__(self) -> str:
        return (
            f"not placed: no matching order in {self.polls} {self.inquiry} inquiries over "
            f"{self.waited:g}s; safe to send again"
        )


@attrs.frozen
class Ambiguous:
    """More than one order matches what was sent and nothing tells them apart: their numbers,
    none chosen. Check them (e.g. cancel what should not be live) before acting again."""

    order_numbers: tuple[str, ...]
    inquiry: str

    def __str__(self) -> str:
        numbers = ", ".join(self.order_numbers)
        return f"ambiguous: {len(self.order_numbers)} matching orders ({numbers}); none chosen"


ReconcileVerdict = Placed | NotPlaced | Ambiguous


# -- the policy -----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReconcilePolicy:
    """How long to look, and how much earlier than the send an order's KIS time may be.

    The first inquiry is immediate; then `first_delay`, doubling up to `max_delay`, until the
    delays add up to `window` seconds. Each inquiry reads every page (up to the client's
    max_pages). `tolerance`: an order KIS timestamps more than this many seconds before the
    client's clock said the request left is not a candidate (clock skew; KIS keeps whole seconds).
    """

    window: float = 20.0
    first_delay: float = 0.5
    max_delay: float = 4.0
    tolerance: float = 60.0

    def __attrs_post_init__(self) -> None:
        if self.window < 0 or self.first_delay <= 0 or self.max_delay <= 0 or self.tolerance < 0:
            raise ReconcileError(
                "reconcile window and tolerance must be >= 0, delays > 0 "
                f"(window={self.window}, first_delay={self.first_delay}, "
                f"max_delay={self.max_delay}, tolerance={self.tolerance})"
            )

    def delays(self) -> tuple[float, ...]:
        out: list[float] = []
        total, step = 0.0, self.first_delay
        while total < self.window:
            wait = min(step, self.max_delay, self.window - total)
            out.append(wait)
            total += wait
            step *= 2
        return tuple(out)


class ReconcileOptions(TypedDict, total=False):
    """Keyword options of reconcile() and orders.place(): `policy` (a ReconcilePolicy), or its
    `window` / `tolerance` alone; `exclude`: order numbers already known to be other orders
    (e.g. earlier identical orders whose replies arrived), never candidates."""

    policy: ReconcilePolicy
    window: float
    tolerance: float
    exclude: Collection[str]


def policy_of(options: ReconcileOptions) -> ReconcilePolicy:
    policy = options.get("policy") or ReconcilePolicy()
    changes = {k: options[k] for k in ("window", "tolerance") if k in options}
    return attrs.evolve(policy, **changes) if changes else policy


# -- what is looked up, per order TR ------------------------------------------------------------


@attrs.frozen
class Match:
    """One sent value against one inquiry field: `kind` "text" (exact, blanks stripped), "number"
    (numerically equal), "odno" (equal ignoring leading zeros); `value` turns the sent values
    into the expected one (None: not compared for this order)."""

    field: str
    value: Callable[[Mapping[str, str]], str | None]
    kind: str = "text"


@attrs.frozen
class Lookup:
    """How one order TR is found again: the inquiry TR (module under kis, variant), its
    request (py name -> value) for the sent values and a KST date range, and the matches."""

    inquiry: str
    variant: str | None
    request: Callable[[Mapping[str, str], str, str, bool], dict[str, Any]]
    matches: tuple[Match, ...]
    day: str = "ord_dt"  # the row's KST order date and time
    time: str = "ord_tmd"
    # The inquiry's dates are the market's local dates (overseas): start a day earlier in KST.
    local_dates: bool = False


def _sent(name: str, default: str = "") -> Callable[[Mapping[str, str]], str | None]:
    return lambda values: values.get(name, "").strip() or default


def _unless(flag: str, name: str) -> Callable[[Mapping[str, str]], str | None]:
    """The sent `name`, unless `flag` is Y (an order for all that remains: any quantity)."""
    return lambda values: None if values.get(flag) == "Y" else values.get(name, "")


def _if_modify(name: str) -> Callable[[Mapping[str, str]], str | None]:
    """Compared for a 정정 (01) only: a 취소 carries the original's price, or none."""
    return lambda values: values.get(name, "") if values.get("RVSE_CNCL_DVSN_CD") == "01" else None


def _side_of(values: Mapping[str, str]) -> str | None:
    return values.get("__side__") or None


# Futures: the order division the inquiry shows as 호가유형코드 (nmpr_type_cd).
_FUTURES_NMPR = {"01": "01", "02": "02", "03": "03", "04": "04", "10": "01", "11": "01"}
_FUTURES_NMPR.update({"12": "02", "13": "02", "14": "04", "15": "04"})


def _futures_nmpr(values: Mapping[str, str]) -> str | None:
    return values.get("NMPR_TYPE_CD", "").strip() or _FUTURES_NMPR.get(
        values.get("ORD_DVSN_CD", "")
    )


def _exchange(values: Mapping[str, str]) -> str | None:
    """Domestic: blank means KRX; a SOR order is recorded on the exchange it was routed to."""
    sent = values.get("EXCG_ID_DVSN_CD", "").strip() or "KRX"
    return None if sent == "SOR" else sent


def _domestic_request(new: bool) -> Callable[[Mapping[str, str], str, str, bool], dict[str, Any]]:
    def build(values: Mapping[str, str], start: str, end: str, paper: bool) -> dict[str, Any]:
        return {
            "cano": values["CANO"],
            "acnt_prdt_cd": values["ACNT_PRDT_CD"],
            "inqr_strt_dt": start,
            "inqr_end_dt": end,
            "sll_buy_dvsn_cd": values.get("__side__", "00") if new else "00",
            "pdno": values.get("PDNO", "") if new else "",
            "ccld_dvsn": "00",
            "inqr_dvsn": "00",
            "inqr_dvsn_3": "00",
            "excg_id_dvsn_cd": "KRX" if paper else "ALL",  # 모의투자는 KRX만 제공
        }

    return build


def _overseas_request(
    values: Mapping[str, str], start: str, end: str, paper: bool
) -> dict[str, Any]:
    new = "ORGN_ODNO" not in values
    return {
        "cano": values["CANO"],
        "acnt_prdt_cd": values["ACNT_PRDT_CD"],
        "pdno": values.get("PDNO", ""),
        "ord_strt_dt": start,
        "ord_end_dt": end,
        "sll_buy_dvsn": values.get("__side__", "00") if new else "00",
        "ccld_nccs_dvsn": "00",
        "ovrs_excg_cd": values.get("OVRS_EXCG_CD", ""),
        "sort_sqn": "DS",
    }


def _futures_request(new: bool) -> Callable[[Mapping[str, str], str, str, bool], dict[str, Any]]:
    def build(values: Mapping[str, str], start: str, end: str, paper: bool) -> dict[str, Any]:
        return {
            "cano": values["CANO"],
            "acnt_prdt_cd": values["ACNT_PRDT_CD"],
            "strt_ord_dt": start,
            "end_ord_dt": end,
            "sll_buy_dvsn_cd": values.get("SLL_BUY_DVSN_CD", "00") if new else "00",
            "ccld_nccs_dvsn": "00",
            "sort_sqn": "DS",
            "pdno": values.get("SHTN_PDNO", "") if new else "",
        }

    return build


_DOMESTIC_INQUIRY = "domestic_stock.trading.inquire_daily_ccld"
_DOMESTIC_NEW = (
    Match("pdno", _sent("PDNO")),
    Match("sll_buy_dvsn_cd", _side_of),
    Match("ord_qty", _sent("ORD_QTY"), "number"),
    Match("ord_unpr", _sent("ORD_UNPR", "0"), "number"),
    Match("ord_dvsn_cd", _sent("ORD_DVSN")),
    Match("excg_id_dvsn_cd", _exchange),
)
_DOMESTIC_CHANGE = (
    Match("orgn_odno", _sent("ORGN_ODNO"), "odno"),
    Match("ord_qty", _unless("QTY_ALL_ORD_YN", "ORD_QTY"), "number"),
    Match("ord_unpr", _if_modify("ORD_UNPR"), "number"),
)
_OVERSEAS_INQUIRY = "overseas_stock.trading.inquire_ccnl"
_OVERSEAS_COMMON = (
    Match("pdno", _sent("PDNO")),
    Match("ovrs_excg_cd", _sent("OVRS_EXCG_CD")),
    Match("ft_ord_qty", _sent("ORD_QTY"), "number"),
)
_FUTURES_INQUIRY = "domestic_futureoption.trading.inquire_ccnl"

# Order TR module (under kis) -> how it is looked up. A TR not here has no inquiry counterpart.
LOOKUPS: Mapping[str, Lookup] = {
    "domestic_stock.trading.order_cash": Lookup(
        _DOMESTIC_INQUIRY, "recent", _domestic_request(True), _DOMESTIC_NEW
    ),
    "domestic_stock.trading.order_credit": Lookup(
        _DOMESTIC_INQUIRY, "recent", _domestic_request(True), _DOMESTIC_NEW
    ),
    "domestic_stock.trading.order_rvsecncl": Lookup(
        _DOMESTIC_INQUIRY, "recent", _domestic_request(False), _DOMESTIC_CHANGE
    ),
    "overseas_stock.trading.order": Lookup(
        _OVERSEAS_INQUIRY,
        None,
        _overseas_request,
        (
            *_OVERSEAS_COMMON,
            Match("sll_buy_dvsn_cd", _side_of),
            Match("ft_ord_unpr3", _sent("OVRS_ORD_UNPR", "0"), "number"),
        ),
        day="dmst_ord_dt",
        time="thco_ord_tmd",
        local_dates=True,
    ),
    "overseas_stock.trading.order_rvsecncl": Lookup(
        _OVERSEAS_INQUIRY,
        None,
        _overseas_request,
        (
            *_OVERSEAS_COMMON,
            Match("orgn_odno", _sent("ORGN_ODNO"), "odno"),
            Match("rvse_cncl_dvsn", _sent("RVSE_CNCL_DVSN_CD")),
            Match("ft_ord_unpr3", _if_modify("OVRS_ORD_UNPR"), "number"),
        ),
        day="dmst_ord_dt",
        time="thco_ord_tmd",
        local_dates=True,
    ),
    "domestic_futureoption.trading.order": Lookup(
        _FUTURES_INQUIRY,
        None,
        _futures_request(True),
        (
            Match("pdno", _sent("SHTN_PDNO")),
            Match("sll_buy_dvsn_cd", _sent("SLL_BUY_DVSN_CD")),
            Match("ord_qty", _sent("ORD_QTY"), "number"),
            Match("ord_idx", _sent("UNIT_PRICE", "0"), "number"),
            Match("nmpr_type_cd", _futures_nmpr),
        ),
    ),
    "domestic_futureoption.trading.order_rvsecncl": Lookup(
        _FUTURES_INQUIRY,
        None,
        _futures_request(False),
        (
            Match("orgn_odno", _sent("ORGN_ODNO"), "odno"),
            Match("ord_qty", _unless("RMN_QTY_YN", "ORD_QTY"), "number"),
            Match("ord_idx", _if_modify("UNIT_PRICE"), "number"),
        ),
    ),
}
# TR ids whose orders the inquiry above does not list (주간/야간 futures sessions differ).
_NOT_LISTED = frozenset({"JTCE1001U", "STTN1101U", "JTCE1002U", "STTN1103U"})


def lookup_for(endpoint: Endpoint[Any, Any], tr_id: str) -> Lookup:
    """The lookup of an order TR; ReconcileError naming the TR when it has none."""
    lookup = LOOKUPS.get(endpoint.name)
    if lookup is None or tr_id in _NOT_LISTED:
        raise ReconcileError(
            f"{endpoint.title} ({tr_id}) has no inquiry counterpart the binding reconciles "
            "against: check the account's orders yourself before sending it again"
        )
    return lookup


def _side(endpoint: Endpoint[Any, Any], tr_id: str, values: Mapping[str, str]) -> str:
    """ "01" sell / "02" buy: the TR id's variant says it (sell, us_sell, ...) or the body does."""
    if values.get("SLL_BUY_DVSN_CD"):
        return values["SLL_BUY_DVSN_CD"]
    variant = next(
        (ids.variant or "" for ids in endpoint.tr_ids if tr_id in (ids.real, ids.paper)), ""
    )
    return "01" if variant.endswith("sell") else "02"


# -- matching (pure) ----------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip()) if value is not None and str(value).strip() else None
    except InvalidOperation:
        return None


def _same(kind: str, expected: str, actual: Any) -> bool:
    if kind == "number":
        want, got = _number(expected), _number(actual)
        return want is not None and want == got
    text = "" if actual is None else str(actual).strip()
    if kind == "odno":
        return bool(text) and text.lstrip("0") == expected.strip().lstrip("0")
    return text == expected.strip()


def kis_time(row: Any, lookup: Lookup) -> dt.datetime | None:
    day, time = getattr(row, lookup.day, None), getattr(row, lookup.time, None)
    if not isinstance(day, dt.date) or not isinstance(time, dt.time):
        return None
    return dt.datetime.combine(day, time, KST)


def candidates(
    rows: list[Any],
    lookup: Lookup,
    values: Mapping[str, str],
    since: dt.datetime,
    exclude: Collection[str] = (),
) -> dict[str, Any]:
    """Order number -> its row, for every row matching the sent values placed at or after
    `since` (KST), but the excluded numbers. Rows without a readable time are not candidates."""
    skip = {n.strip().lstrip("0") for n in exclude}
    expected = [(m, m.value(values)) for m in lookup.matches]
    found: dict[str, Any] = {}
    for row in rows:
        number = str(getattr(row, "odno", "") or "").strip()
        if not number or number.lstrip("0") in skip:
            continue
        when = kis_time(row, lookup)
        if when is None or when < since:
            continue
        if all(
            want is None or _same(m.kind, want, getattr(row, m.field, None)) for m, want in expected
        ):
            found.setdefault(number, row)
    return found


def recorded(row: Any, lookup: Lookup) -> dict[str, Any]:
    fields = [m.field for m in lookup.matches] + [lookup.day, lookup.time]
    return {name: getattr(row, name, None) for name in dict.fromkeys(fields)}


# -- the flow -------------------------------------------------------------------------------------


def reconcile(
    ctx: flow.CallContext,
    environment: Environment,
    error: OutcomeUnknownError,
    options: ReconcileOptions,
    max_pages: int,
) -> Flow[ReconcileVerdict]:
    """Poll the order's inquiry TR until it shows the order (Placed), shows more than one
    indistinguishable candidate (Ambiguous), or the window passes (NotPlaced)."""
    order = error.order
    if not isinstance(order, SentOrder):
        raise ReconcileError(
            "this OutcomeUnknownError carries no order to reconcile (built outside the client)"
        )
    policy = policy_of(options)
    lookup = lookup_for(order.endpoint, order.tr_id)
    inquiry: Endpoint[Any, Any] = importlib.import_module(f"kis.{lookup.inquiry}").ENDPOINT
    tr_id = inquiry.tr_id(environment, lookup.variant)
    values = {**order.values, "__side__": _side(order.endpoint, order.tr_id, order.values)}
    since = dt.datetime.fromtimestamp(order.sent_at - policy.tolerance, KST)
    where = f"reconcile {order.endpoint.path} ({order.tr_id}) via {tr_id}"
    polls, waited = 0, 0.0
    for delay in (0.0, *policy.delays()):
        if delay:
            yield Sleep(delay)
            waited += delay
        today = dt.datetime.fromtimestamp(ctx.clock(), KST).strftime("%Y%m%d")
        start = since - dt.timedelta(days=1) if lookup.local_dates else since
        paper = environment is Environment.PAPER
        request = inquiry.request_type(
            **lookup.request(values, start.strftime("%Y%m%d"), today, paper)
        )
        rows = yield from _rows(ctx, inquiry, request, tr_id, max_pages)
        polls += 1
        found = candidates(rows, lookup, values, since, options.get("exclude", ()))
        logger.debug("%s: poll %d, %d row(s), %d candidate(s)", where, polls, len(rows), len(found))
        verdict: ReconcileVerdict | None = None
        if len(found) == 1:
            ((number, row),) = found.items()
            verdict = Placed(number, recorded(row, lookup), tr_id, row)
        elif len(found) > 1:
            verdict = Ambiguous(tuple(sorted(found)), tr_id)
        if verdict is not None:
            logger.info("%s: %s", where, verdict)
            return verdict
    verdict = NotPlaced(tr_id, polls, waited)
    logger.info("%s: %s", where, verdict)
    return verdict


def _rows(
    ctx: flow.CallContext, endpoint: Endpoint[Any, Any], request: Any, tr_id: str, max_pages: int
) -> Flow[list[Any]]:
    """Every row of the inquiry's main block, all pages (GET: resent on failure by the policy)."""
    assert endpoint.method == "GET", "reconciling never sends an order"
    pager = Pager(endpoint, max_pages)
    block = next(o.py_name for o in endpoint.outputs if o.array)
    rows: list[Any] = []
    while not pager.done:
        page = yield from flow.call(
            ctx, endpoint, request, tr_id=tr_id, tr_cont=pager.tr_cont, cursor=pager.cursor
        )
        pager.accept(page)
        rows.extend(getattr(page, block) or ())
    return rows


__all__ = [
    "Ambiguous",
    "Lookup",
    "Match",
    "NotPlaced",
    "Placed",
    "ReconcileOptions",
    "ReconcilePolicy",
    "ReconcileVerdict",
    "candidates",
    "lookup_for",
    "reconcile",
]
