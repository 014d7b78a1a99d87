"""The simulator's order book: orders placed, modified and cancelled through its REST order TRs,
per account, as its inquiry TRs and 체결통보 notices report them.

An order fills in full when it is marketable at the simulator's quote (a market order always; a
limit buy at or above the quote, a limit sell at or below it), at the quote; otherwise it rests
until cancelled. Order numbers are 10 digits, counted per simulator run; order times are the
simulator clock's, in KST (as KIS's ORD_TMD). Nothing here is per TR beyond the tables below:
which paths place orders, which inquiries read the book and under which reply names.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

import attrs

from kis_sim import messages as m

KST = dt.timezone(dt.timedelta(hours=9))

DOMESTIC, OVERSEAS, FUTURES = "domestic_stock", "overseas_stock", "domestic_futureoption"

# Order TR paths -> (market, new order or 정정/취소).
ORDER_PATHS: Mapping[str, tuple[str, bool]] = {
    "/uapi/domestic-stock/v1/trading/order-cash": (DOMESTIC, False),
    "/uapi/domestic-stock/v1/trading/order-credit": (DOMESTIC, False),
    "/uapi/domestic-stock/v1/trading/order-rvsecncl": (DOMESTIC, True),
    "/uapi/overseas-stock/v1/trading/order": (OVERSEAS, False),
    "/uapi/overseas-stock/v1/trading/order-rvsecncl": (OVERSEAS, True),
    "/uapi/domestic-futureoption/v1/trading/order": (FUTURES, False),
    "/uapi/domestic-futureoption/v1/trading/order-rvsecncl": (FUTURES, True),
}
# Refusals of a 정정/취소 (the simulator's wording; KIS-shaped).
NO_ORIGINAL = m.Message("1", "APBK0918", "원주문번호가 존재하지 않습니다.")
NOTHING_LEFT = m.Message("1", "APBK0919", "정정/취소할 수량이 없습니다.")
# Market-order codes (domestic ORD_DVSN, futures ORD_DVSN_CD).
_MARKET = {DOMESTIC: {"01", "13", "14"}, OVERSEAS: set(), FUTURES: {"02", "12", "13"}}


class OrderRefused(Exception):
    def __init__(self, message: m.Message) -> None:
        super().__init__(message.msg_cd)
        self.message = message


@attrs.define
class Order:
    """One order as KIS records it (an original, a 정정 or a 취소)."""

    odno: str
    account: tuple[str, str]  # (CANO, ACNT_PRDT_CD)
    market: str
    code: str
    side: str  # "01" sell, "02" buy
    qty: int
    price: Decimal
    dvsn: str  # the order division as sent (ORD_DVSN / ORD_DVSN_CD)
    exchange: str  # EXCG_ID_DVSN_CD (domestic: KRX when blank) / OVRS_EXCG_CD
    at: dt.datetime  # KST
    branch: str = "91252"
    orgn_odno: str = ""
    change: str = ""  # "" new, "01" 정정, "02" 취소
    filled: int = 0
    fill_price: Decimal = Decimal(0)
    cancelled: int = 0  # quantity taken off by later 정정/취소

    @property
    def remaining(self) -> int:
        return 0 if self.change == "02" else self.qty - self.filled - self.cancelled


def _side(market: str, tr_variant: str, params: Mapping[str, str]) -> str:
    if market == FUTURES:
        return params.get("SLL_BUY_DVSN_CD", "02")
    return "01" if tr_variant.endswith("sell") else "02"


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.strip() or "0")
    except InvalidOperation:
        return Decimal(0)


def _int(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0


class OrderBook:
    """Every account's orders (thread-safe). `quote(market, code)` is the simulator's price."""

    def __init__(self, clock: Callable[[], float], quote: Callable[[str, str], Decimal]) -> None:
        self._clock, self._quote = clock, quote
        self._lock = threading.Lock()
        self._orders: list[Order] = []
        self._next = 1

    def orders(self, account: tuple[str, str], market: str) -> list[Order]:
        with self._lock:
            return [o for o in self._orders if o.account == account and o.market == market]

    def find(self, odno: str) -> Order | None:
        with self._lock:
            return next((o for o in self._orders if o.odno == odno), None)

    def place(self, path: str, variant: str, params: Mapping[str, str]) -> Order:
        """Record the order a request of `path` places; OrderRefused for a bad 정정/취소."""
        market, change = ORDER_PATHS[path]
        account = (params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
        price = _decimal(
            params.get("ORD_UNPR") or params.get("OVRS_ORD_UNPR") or params.get("UNIT_PRICE") or ""
        )
        dvsn = params.get("ORD_DVSN") or params.get("ORD_DVSN_CD") or ""
        exchange = params.get("OVRS_EXCG_CD") or params.get("EXCG_ID_DVSN_CD") or ""
        if market == DOMESTIC and not exchange:
            exchange = "KRX"
        at = dt.datetime.fromtimestamp(self._clock(), KST).replace(microsecond=0)
        with self._lock:
            odno = f"{self._next:010d}"
            if not change:
                order = Order(
                    odno,
                    account,
                    market,
                    params.get("PDNO") or params.get("SHTN_PDNO") or "",
                    _side(market, variant, params),
                    _int(params.get("ORD_QTY", "")),
                    price,
                    dvsn,
                    exchange,
                    at,
                )
            else:
                order = self._change(odno, account, market, params, price, dvsn, exchange, at)
            self._next += 1
            self._orders.append(order)
            if order.change != "02":
                self._fill(order)
            return order

    def _change(
        self,
        odno: str,
        account: tuple[str, str],
        market: str,
        params: Mapping[str, str],
        price: Decimal,
        dvsn: str,
        exchange: str,
        at: dt.datetime,
    ) -> Order:
        orgn = params.get("ORGN_ODNO", "").strip()
        original = next(
            (o for o in self._orders if o.odno.lstrip("0") == orgn.lstrip("0") and orgn), None
        )
        if original is None or original.account != account or original.market != market:
            raise OrderRefused(NO_ORIGINAL)
        left = original.remaining
        whole = params.get("QTY_ALL_ORD_YN") == "Y" or params.get("RMN_QTY_YN") == "Y"
        qty = left if whole else min(_int(params.get("ORD_QTY", "")), left)
        if left == 0 or qty == 0:
            raise OrderRefused(NOTHING_LEFT)
        original.cancelled += qty
        kind = params.get("RVSE_CNCL_DVSN_CD", "02")
        return Order(
            odno,
            account,
            market,
            original.code,
            original.side,
            qty,
            original.price if kind == "02" else price,
            dvsn or original.dvsn,
            exchange or original.exchange,
            at,
            orgn_odno=original.odno,
            change=kind,
        )

    def _fill(self, order: Order) -> None:
        quote = self._quote(order.market, order.code)
        market = order.dvsn in _MARKET[order.market] or order.price == 0
        buy = order.side == "02"
        if market or (buy and order.price >= quote) or (not buy and order.price <= quote):
            order.filled, order.fill_price = order.qty, quote

    def output(self, order: Order, names: tuple[str, ...]) -> dict[str, str]:
        """An order TR's `output` as KIS answers it: the fields of `names` this book knows."""
        known = {
            "KRX_FWDG_ORD_ORGNO": order.branch,
            "ORD_GNO_BRNO": order.branch,
            "ODNO": order.odno,
            "ORGN_ODNO": order.orgn_odno,
            "ORD_TMD": order.at.strftime("%H%M%S"),
        }
        return {name: known[name] for name in names if name in known}


# -- inquiries -----------------------------------------------------------------------------------


@attrs.frozen
class View:
    """How an inquiry TR reads the book: its market, the request params that filter it (""
    when the inquiry has none) and its row fields."""

    market: str
    date_from: str
    date_to: str
    side: str
    code: str
    status: str  # 00 all / 01 filled / 02 open; "" when the inquiry has no such filter
    order: str  # the param whose value asks for ascending order ("01" or "AS"), "" none
    ascending: str
    row: Callable[[Order], dict[str, str]]  # the book's values, by the inquiry's field names
    open_only: bool = False  # only orders with something left (정정취소가능, 미체결)


def _qty(value: int) -> str:
    return str(value)


def _money(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def _domestic_row(o: Order) -> dict[str, str]:
    side_name = {"01": "매도", "02": "매수"}[o.side]
    change_name = {"": "", "01": "정정", "02": "취소"}[o.change]
    return {
        "ord_dt": o.at.strftime("%Y%m%d"),
        "ord_gno_brno": o.branch,
        "odno": o.odno,
        "orgn_odno": o.orgn_odno,
        "ord_dvsn_name": "시장가" if o.price == 0 else "지정가",
        "sll_buy_dvsn_cd": o.side,
        "sll_buy_dvsn_cd_name": f"{side_name}{change_name}",
        "pdno": o.code,
        "ord_qty": _qty(o.qty),
        "ord_unpr": _money(o.price),
        "ord_tmd": o.at.strftime("%H%M%S"),
        "tot_ccld_qty": _qty(o.filled),
        "avg_prvs": _money(o.fill_price),
        "cncl_yn": "Y" if o.change == "02" else "N",
        "tot_ccld_amt": _money(o.fill_price * o.filled),
        "ord_dvsn_cd": o.dvsn,
        "cnc_cfrm_qty": _qty(o.qty if o.change == "02" else 0),
        "rmn_qty": _qty(o.remaining),
        "rjct_qty": "0",
        "psbl_qty": _qty(o.remaining),
        "rvse_cncl_dvsn_name": change_name,
        "excg_id_dvsn_cd": o.exchange,
    }


def _overseas_row(o: Order) -> dict[str, str]:
    return {
        "ord_dt": o.at.strftime("%Y%m%d"),
        "dmst_ord_dt": o.at.strftime("%Y%m%d"),
        "ord_gno_brno": o.branch,
        "odno": o.odno,
        "orgn_odno": o.orgn_odno,
        "sll_buy_dvsn_cd": o.side,
        "rvse_cncl_dvsn": o.change or "00",
        "rvse_cncl_dvsn_cd": o.change or "00",
        "pdno": o.code,
        "ft_ord_qty": _qty(o.qty),
        "ft_ord_unpr3": _money(o.price),
        "ft_ccld_qty": _qty(o.filled),
        "ft_ccld_unpr3": _money(o.fill_price),
        "ft_ccld_amt3": _money(o.fill_price * o.filled),
        "nccs_qty": _qty(o.remaining),
        "ord_tmd": o.at.strftime("%H%M%S"),
        "thco_ord_tmd": o.at.strftime("%H%M%S"),
        "ovrs_excg_cd": o.exchange,
        "prcs_stat_name": "완료" if o.filled or o.change else "",
    }


_NMPR = {"01": "01", "02": "02", "03": "03", "04": "04", "10": "01", "11": "01", "12": "02"}


def _futures_row(o: Order) -> dict[str, str]:
    return {
        "ord_gno_brno": o.branch,
        "cano": o.account[0],
        "acnt_prdt_cd": o.account[1],
        "ord_dt": o.at.strftime("%Y%m%d"),
        "odno": o.odno,
        "orgn_odno": o.orgn_odno,
        "sll_buy_dvsn_cd": o.side,
        "nmpr_type_cd": _NMPR.get(o.dvsn, o.dvsn),
        "pdno": o.code,
        "ord_qty": _qty(o.qty),
        "ord_idx": _money(o.price),
        "qty": _qty(o.remaining),
        "ord_tmd": o.at.strftime("%H%M%S"),
        "tot_ccld_qty": _qty(o.filled),
        "avg_idx": _money(o.fill_price),
        "tot_ccld_amt": _money(o.fill_price * o.filled),
        "rjct_qty": "0",
    }


# Inquiry TR paths -> how they read the book.
VIEWS: Mapping[str, View] = {
    "/uapi/domestic-stock/v1/trading/inquire-daily-ccld": View(
        DOMESTIC,
        "INQR_STRT_DT",
        "INQR_END_DT",
        "SLL_BUY_DVSN_CD",
        "PDNO",
        "CCLD_DVSN",
        "INQR_DVSN",
        "01",
        row=_domestic_row,
    ),
    "/uapi/domestic-stock/v1/trading/inquire-psbl-rvsecncl": View(
        DOMESTIC, "", "", "", "", "", "", "", open_only=True, row=_domestic_row
    ),
    "/uapi/overseas-stock/v1/trading/inquire-ccnl": View(
        OVERSEAS,
        "ORD_STRT_DT",
        "ORD_END_DT",
        "SLL_BUY_DVSN",
        "PDNO",
        "CCLD_NCCS_DVSN",
        "SORT_SQN",
        "AS",
        row=_overseas_row,
    ),
    "/uapi/overseas-stock/v1/trading/inquire-nccs": View(
        OVERSEAS, "", "", "", "", "", "SORT_SQN", "AS", open_only=True, row=_overseas_row
    ),
    "/uapi/domestic-futureoption/v1/trading/inquire-ccnl": View(
        FUTURES,
        "STRT_ORD_DT",
        "END_ORD_DT",
        "SLL_BUY_DVSN_CD",
        "PDNO",
        "CCLD_NCCS_DVSN",
        "SORT_SQN",
        "AS",
        row=_futures_row,
    ),
}


def rows(book: OrderBook, view: View, params: Mapping[str, str]) -> list[dict[str, str]]:
    """The inquiry's rows (its wire values by field name), filtered and ordered as asked."""
    account = (params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
    found = []
    for order in book.orders(account, view.market):
        day = order.at.strftime("%Y%m%d")
        if view.date_from and not params.get(view.date_from, "") <= day:
            continue
        if view.date_to and not day <= params.get(view.date_to, "99999999"):
            continue
        side = params.get(view.side, "00") if view.side else "00"
        if side not in ("", "00") and side != order.side:
            continue
        code = params.get(view.code, "").strip() if view.code else ""
        if code not in ("", "%") and code != order.code:
            continue
        status = params.get(view.status, "00") if view.status else "00"
        if (status == "01" and not order.filled) or (status == "02" and not order.remaining):
            continue
        if view.open_only and not order.remaining:
            continue
        found.append(order)
    ascending = bool(view.order) and params.get(view.order, "") == view.ascending
    found.sort(key=lambda o: o.odno, reverse=not ascending)
    return [view.row(o) for o in found]


@attrs.frozen
class Fills:
    """One product's fills today on one account: bought, sold, and the average buy price."""

    bought: int
    sold: int
    buy_price: Decimal


def fills(book: OrderBook, account: tuple[str, str], market: str) -> dict[str, Fills]:
    """Product code -> its fills, from the book's filled orders (balances change by these)."""
    out: dict[str, Fills] = {}
    for order in book.orders(account, market):
        if not order.filled:
            continue
        was = out.get(order.code, Fills(0, 0, Decimal(0)))
        if order.side == "02":
            bought = was.bought + order.filled
            cost = was.buy_price * was.bought + order.fill_price * order.filled
            out[order.code] = Fills(bought, was.sold, cost / bought)
        else:
            out[order.code] = attrs.evolve(was, sold=was.sold + order.filled)
    return out
