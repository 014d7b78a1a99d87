"""The simulator's behaviour, free of sockets: one HTTP request in, one KIS-shaped reply out.

Nothing here is per-TR: every TR is served from its Endpoint (the spec as data), so a new spec
file is a new simulated TR.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from kis_runtime.auth import REVOKE_PATH, TOKEN_PATH
from kis_runtime.endpoint import Endpoint, FieldInfo, OutputInfo
from kis_runtime.environment import Environment
from kis_runtime.redact import SECRET_HEADERS, scrub_account
from kis_sim import derive, masters
from kis_sim import messages as m
from kis_sim.clock import Clock
from kis_sim.config import SimConfig
from kis_sim.datagen import DataSource, main_array, request_key, rng_for, wire_keys
from kis_sim.faults import FAULT_HEADER, ORDER_FAULTS, Fault, FaultKind, FaultSchedule, RateWindow
from kis_sim.orderbook import ORDER_PATHS, VIEWS, OrderBook, OrderRefused, fills, rows
from kis_sim.paging import BadContinuation, Paging, is_continuation_field
from kis_sim.realtime import approval_reply
from kis_sim.routes import Routes
from kis_sim.tokens import TokenState, TokenStore

HASHKEY_PATH = "/uapi/hashkey"
BALANCE_PATH = "/uapi/domestic-stock/v1/trading/inquire-balance"  # holdings change with fills
APPROVAL_PATH = "/oauth2/Approval"
CONTENT_TYPE = "application/json; charset=utf-8"
logger = logging.getLogger("kis_sim")


@attrs.frozen
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = attrs.field(factory=dict)
    delay: float = 0.0  # seconds to wait before sending (the SLOW fault)
    drop: bool = False  # close the connection instead of answering (order faults)

    @classmethod
    def json(cls, status: int, data: Any, **headers: str) -> Reply:
        body = json.dumps(data, ensure_ascii=False).encode()
        return cls(status, body, {"content-type": CONTENT_TYPE, **headers})


@attrs.frozen
class Record:
    """One request the simulator answered (for tests; params may hold an account number)."""

    method: str
    path: str
    tr_id: str
    tr_cont: str
    params: dict[str, str] = attrs.field(repr=False)
    status: int
    msg_cd: str


class _Refused(Exception):
    """A request check failed; carries the reply to send."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


class SimApp:
    def __init__(
        self,
        config: SimConfig,
        clock: Clock,
        endpoints: Iterable[Endpoint[Any, Any]] | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.routes = Routes.from_registry() if endpoints is None else Routes(endpoints)
        self.tokens = TokenStore(clock, config.token_lifetime, config.token_issue_interval)
        self.faults = FaultSchedule()
        self.data = DataSource(config.seed, config.rows, config.fixtures)
        self.paging = Paging(config.seed, config.page_size)
        self._rate = RateWindow(config.rate_limit) if config.rate_limit else None
        self._lock = threading.Lock()
        self.records: list[Record] = []
        self.book = OrderBook(clock, self.quote)
        # Realtime: approval key -> app key (POST /oauth2/Approval); callbacks told of every
        # accepted order (the realtime server sends its 체결통보 from them).
        self.approvals: dict[str, str] = {}
        self.order_hooks: list[Callable[[str, str, str, dict[str, str], dict[str, Any]], None]] = []

    # -- dispatch ---------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Reply:
        """`headers` with lower-case names."""
        tr_id, params = headers.get("tr_id", ""), dict(query)
        if method == "GET" and path.startswith(masters.PREFIX):  # KIS's master-file downloads
            archive = masters.archive(path)
            return Reply(200, archive) if archive is not None else Reply(404, b"not found")
        try:
            if method == "POST" and path == TOKEN_PATH:
                reply = self._token(body)
            elif method == "POST" and path == REVOKE_PATH:
                reply = self._revoke(body)
            elif method == "POST" and path == APPROVAL_PATH:
                status, data = approval_reply(self, _json_object(body))
                reply = Reply.json(status, data)
            elif method == "POST" and path == HASHKEY_PATH:
                self._check_app(headers)
                reply = Reply.json(200, {"JsonBody": _json_object(body), "HASH": _hash(body)})
            else:
                endpoint = self._route(method, path)
                if endpoint.method == "POST":
                    params = _json_params(body)
                reply = self._tr(endpoint, params, headers, body)
        except _Refused as refused:
            reply = refused.reply
        self._record(method, path, tr_id, headers, params, reply)
        return reply

    def _route(self, method: str, path: str) -> Endpoint[Any, Any]:
        methods = self.routes.methods(path)
        if not methods:
            raise _Refused(_error(m.NO_SUCH_PATH))
        endpoint = self.routes.lookup(method, path)
        if endpoint is None:
            raise _Refused(_error(m.WRONG_METHOD))
        return endpoint

    # -- oauth ------------------------------------------------------------------------------

    def _token(self, body: bytes) -> Reply:
        data = _json_object(body)
        if data.get("grant_type") != "client_credentials":
            return Reply.json(403, m.oauth_error(m.TOKEN_BAD_GRANT))
        refused = self._oauth_credentials(data)
        if refused is not None:
            return refused
        key = str(data.get("appkey", ""))
        issued = self.tokens.issue(key)
        if issued is None:
            return Reply.json(403, m.oauth_error(m.TOKEN_ISSUE_LIMIT))
        return Reply.json(200, issued.reply(self.tokens.lifetime))

    def _revoke(self, body: bytes) -> Reply:
        data = _json_object(body)
        refused = self._oauth_credentials(data)
        if refused is not None:
            return refused
        key = str(data.get("appkey", ""))
        if not self.tokens.revoke(str(data.get("token", "")), key):
            return Reply.json(403, m.oauth_error(m.TOKEN_REVOKE_UNKNOWN))
        return Reply.json(200, {"code": 200, "message": "접근토큰 폐기에 성공하였습니다"})

    def _oauth_credentials(self, data: Mapping[str, Any]) -> Reply | None:
        """The oauth refusal for an unknown app key or a wrong secret (each its own code)."""
        key, secret = str(data.get("appkey", "")), str(data.get("appsecret", ""))
        if key not in self.config.credentials:
            return Reply.json(403, m.oauth_error(m.TOKEN_BAD_APPKEY))
        if self.config.credentials[key] != secret or not secret:
            return Reply.json(403, m.oauth_error(m.TOKEN_BAD_APPSECRET))
        return None

    def _check_app(self, headers: Mapping[str, str]) -> str:
        key = headers.get("appkey", "")
        if key not in self.config.credentials:
            raise _Refused(_error(m.BAD_APPKEY))
        if self.config.credentials[key] != headers.get("appsecret", ""):
            raise _Refused(_error(m.BAD_APPSECRET))
        return key

    def _check_token(self, headers: Mapping[str, str], app_key: str) -> None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        state = self.tokens.state(token.strip(), app_key)
        if scheme != "Bearer" or state is TokenState.UNKNOWN:
            raise _Refused(_error(m.TOKEN_INVALID))
        if state is TokenState.EXPIRED:
            raise _Refused(_error(m.TOKEN_EXPIRED))

    # -- TRs --------------------------------------------------------------------------------

    def _tr(
        self,
        endpoint: Endpoint[Any, Any],
        params: dict[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Reply:
        order = endpoint.method == "POST"
        faults = self._faults_for(headers, order)
        delay = sum(f.delay for f in faults if f.kind is FaultKind.SLOW)
        app_key = self._check_app(headers)
        self._check_token(headers, app_key)
        if self._rate is not None and not self._rate.admit(app_key, self.clock()):
            raise _Refused(_error(m.RATE_LIMITED))
        fault = next(
            (
                f
                for f in faults
                if f.kind is not FaultKind.SLOW and (order or f.kind not in ORDER_FAULTS)
            ),
            None,
        )
        if fault is not None and fault.kind is FaultKind.DROP_BEFORE_ACCEPT:
            return Reply(0, b"", drop=True)
        if fault is not None and fault.kind is not FaultKind.ACCEPT_THEN_DROP:
            return attrs.evolve(_fault_reply(fault), delay=delay)
        tr_id = self._check_tr_id(endpoint, headers.get("tr_id", ""))
        if "hashkey" in headers and headers["hashkey"] != _hash(body):
            raise _Refused(_error(m.BAD_HASHKEY))
        spec_params = _check_params(endpoint, params)
        if endpoint.path in ORDER_PATHS:
            reply = self._order_reply(endpoint, tr_id, spec_params)
        else:
            reply = self._data_reply(endpoint, tr_id, spec_params, headers)
        if fault is not None:  # accept_then_drop: placed, and the reply is lost
            reply = attrs.evolve(reply, drop=True)
        if order and self.order_hooks:
            for hook in self.order_hooks:
                hook(app_key, endpoint.path, tr_id, spec_params, json.loads(reply.body))
        return attrs.evolve(reply, delay=delay)

    def _faults_for(self, headers: Mapping[str, str], order: bool) -> list[Fault]:
        faults = [Fault.parse(headers[FAULT_HEADER])] if FAULT_HEADER in headers else []
        scheduled = self.faults.take(order)
        return [*faults, *([scheduled] if scheduled else []), *self.config.faults]

    def _check_tr_id(self, endpoint: Endpoint[Any, Any], tr_id: str) -> str:
        for ids in endpoint.tr_ids:
            if self.config.environment is Environment.REAL and tr_id == ids.real:
                return tr_id
            if self.config.environment is Environment.PAPER:
                if tr_id == ids.paper:
                    return tr_id
                if tr_id == ids.real and ids.paper is None:
                    raise _Refused(_error(m.PAPER_UNSUPPORTED))
        raise _Refused(_error(m.UNKNOWN_TR))

    def _data_reply(
        self,
        endpoint: Endpoint[Any, Any],
        tr_id: str,
        params: dict[str, str],
        headers: Mapping[str, str],
    ) -> Reply:
        key = request_key(endpoint, params)
        client = headers.get("appkey", "")
        blocks = self.data.blocks(endpoint, tr_id, params)
        main = main_array(endpoint)
        view = VIEWS.get(endpoint.path)
        if (
            view is not None
            and main is not None
            and main.name not in self.config.fixtures.get(tr_id, {})
        ):
            booked = rows(self.book, view, params)
            where = (tr_id, "book")
            blocks[main.name] = [
                wire_keys(main, _overwrite(self.data.row(main, (*where, i), {}), values))
                for i, values in enumerate(booked)
            ]
        if endpoint.path == BALANCE_PATH and main is not None:
            self._held(endpoint, tr_id, params, blocks, main)
        total = len(blocks[main.name]) if main is not None else 0
        try:
            offset = self.paging.start(
                endpoint, tr_id, params, key, headers.get("tr_cont", ""), client
            )
            if offset > total:
                raise BadContinuation("tr_cont")
        except BadContinuation as bad:
            raise _Refused(_error(m.BAD_CONTINUATION, field=bad.field)) from None
        page = self.paging.page(endpoint, tr_id, params, key, offset, total, client)
        data: dict[str, Any] = {}
        for field in endpoint.body_fields:
            if is_continuation_field(field, endpoint):
                data[field.name] = page.keys.get(field.name, "")
            else:
                data[field.name] = self.data.value(field, tr_id, params)
        for name, block in blocks.items():
            data[name] = block[page.start : page.stop] if main and name == main.name else block
        ok = m.OK_ORDER if endpoint.method == "POST" else m.OK
        data.update(ok.body())
        return Reply.json(200, data, tr_id=tr_id, tr_cont=page.tr_cont, gt_uid=uuid.uuid4().hex)

    def _order_reply(
        self, endpoint: Endpoint[Any, Any], tr_id: str, params: dict[str, str]
    ) -> Reply:
        """An order TR: the order book records it and the reply carries its number."""
        variant = next(
            (ids.variant or "" for ids in endpoint.tr_ids if tr_id in (ids.real, ids.paper)), ""
        )
        try:
            order = self.book.place(endpoint.path, variant, params)
        except OrderRefused as refused:
            raise _Refused(_error(refused.message)) from None
        data: dict[str, Any] = {**m.OK_ORDER.body()}
        generated = self.data.blocks(endpoint, tr_id, params)  # what the book does not keep
        for block in endpoint.outputs:
            known = self.book.output(order, tuple(f.name for f in block.fields))
            data[block.name] = {**generated[block.name], **known}
        return Reply.json(200, data, tr_id=tr_id, tr_cont="D", gt_uid=uuid.uuid4().hex)

    def _held(
        self,
        endpoint: Endpoint[Any, Any],
        tr_id: str,
        params: Mapping[str, str],
        blocks: dict[str, Any],
        main: OutputInfo,
    ) -> None:
        """Today's fills in the order book added to the generated holdings (a new row for a
        product not held), the rows' amounts and the summary recomputed."""
        account = (params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
        held = fills(self.book, account, "domestic_stock")
        fixture = self.config.fixtures.get(tr_id, {})
        if not held or main.name in fixture or not isinstance(blocks.get(main.name), list):
            return
        table, rows_ = derive.Block(main.fields), blocks[main.name]
        rng = rng_for(self.config.seed, "held", tr_id)
        for i, (code, done) in enumerate(sorted(held.items())):
            row = next((r for r in rows_ if r.get("pdno") == code), None)
            if row is None:
                if done.bought <= done.sold:
                    continue
                row = self.data.row(main, (tr_id, "held", i), {}, derive.BY_CODE.get(code))
                row.update(pdno=code, hldg_qty="0", ord_psbl_qty="0", pchs_avg_pric="0")
                row.update(thdt_buyqty="0", thdt_sll_qty="0")
                rows_.append(row)
            before, avg = int(row["hldg_qty"]), Decimal(row["pchs_avg_pric"])
            after = max(before + done.bought - done.sold, 0)
            if done.bought:
                avg = (avg * before + done.buy_price * done.bought) / (before + done.bought)
            row["hldg_qty"] = str(after)
            row["ord_psbl_qty"] = str(max(int(row["ord_psbl_qty"]) + done.bought - done.sold, 0))
            row["thdt_buyqty"] = str(int(row["thdt_buyqty"]) + done.bought)
            row["thdt_sll_qty"] = str(int(row["thdt_sll_qty"]) + done.sold)
            row["pchs_avg_pric"] = (
                derive.fmt(avg, table.fields["pchs_avg_pric"]) or row["pchs_avg_pric"]
            )
            row["prpr"] = (
                derive.fmt(self.quote("domestic_stock", code), table.fields["prpr"]) or row["prpr"]
            )
            derive.apply(_AMOUNTS, table, row, rng)
        generated = frozenset(b.name for b in endpoint.outputs if b.name not in fixture)
        derive.summarise(endpoint.outputs, blocks, main, generated, rng)

    def quote(self, market: str, code: str) -> Decimal:
        """The simulator's price for `code`: the REST quote for a domestic stock (realtime ticks
        start there too), a seeded level for other markets."""
        if market == "domestic_stock":
            from kis_sim.realtime_data import quote_price

            return quote_price(self, code)
        rng = rng_for(self.config.seed, "quote", market, code)
        cents = (
            rng.randint(1_000, 50_000)
            if market == "overseas_stock"
            else rng.randint(30_000, 40_000)
        )
        return Decimal(cents) / 100

    # -- bookkeeping ------------------------------------------------------------------------

    def _record(
        self,
        method: str,
        path: str,
        tr_id: str,
        headers: Mapping[str, str],
        params: dict[str, str],
        reply: Reply,
    ) -> None:
        try:
            data = json.loads(reply.body)
            msg_cd = str(data.get("msg_cd") or data.get("error_code") or "")
        except (ValueError, AttributeError):  # a fault's malformed or non-JSON body
            msg_cd = ""
        record = Record(
            method, path, tr_id, headers.get("tr_cont", ""), params, reply.status, msg_cd
        )
        with self._lock:
            self.records.append(record)
        if logger.isEnabledFor(logging.DEBUG):
            shown = {k: "***" if k in SECRET_HEADERS else v for k, v in headers.items()}
            logger.debug(
                "%s %s headers=%s params=%s -> %s %s",
                method,
                path,
                shown,
                scrub_account(str(params)),
                reply.status,
                msg_cd,
            )


def _error(message: m.Message, **detail: str) -> Reply:
    return Reply.json(message.status, message.body(**detail))


def _fault_reply(fault: Fault) -> Reply:
    if fault.kind is FaultKind.RATE_LIMIT:
        return _error(m.RATE_LIMITED)
    if fault.kind is FaultKind.TOKEN_EXPIRED:
        return _error(m.TOKEN_EXPIRED)
    if fault.kind is FaultKind.DATA_CHANGED:
        return _error(m.DATA_CHANGED)
    if fault.kind is FaultKind.MALFORMED_JSON:
        return Reply(
            200,
            b'{"rt_cd": "0", "msg_cd": "KIOK0510", "output1": [{"pdno": "0',
            {"content-type": CONTENT_TYPE},
        )
    html = f"<html><body><h1>{fault.status} Bad Gateway</h1></body></html>".encode()
    return Reply(fault.status, html, {"content-type": "text/html"})


def _check_params(endpoint: Endpoint[Any, Any], params: Mapping[str, str]) -> dict[str, str]:
    """The spec's params from the request, or the KIS input error for the first bad one."""
    result: dict[str, str] = {}
    for field in endpoint.params:
        if field.name not in params:
            if field.required:
                raise _Refused(_error(m.MISSING_FIELD, field=field.name))
            continue
        value = params[field.name]
        problem = _param_problem(field, value)
        if problem is not None:
            raise _Refused(_error(problem, field=field.name))
        result[field.name] = value
    return result


def _param_problem(field: FieldInfo, value: str) -> m.Message | None:
    if not value.strip():
        # Continuation keys are blank on a first request; other required params are not.
        return m.MISSING_FIELD if field.required and not field.cursor else None
    limit = field.digits + (2 if field.scale else 0) if field.digits else None
    if limit is not None and len(value.encode(m.ENCODING, errors="replace")) > limit:
        return m.FIELD_SIZE
    if field.values and value not in field.values:
        return m.INVALID_FIELD
    if field.pattern and not re.fullmatch(field.pattern, value):
        return m.INVALID_FIELD
    return None


# The amounts a holding's quantity and prices determine (derive's row rules, minus the draws).
_AMOUNTS = tuple(r for r in derive.ROW_RULES if r.target in ("pchs", "evlu", "pfls", "rate"))


def _overwrite(row: dict[str, str], values: Mapping[str, str]) -> dict[str, str]:
    """A generated row (plausible values for what the order book does not keep) with the
    book's values written over the fields the block has."""
    row.update({name: value for name, value in values.items() if name in row})
    return row


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise _Refused(_error(m.BAD_JSON)) from None
    if not isinstance(data, dict):
        raise _Refused(_error(m.BAD_JSON))
    return data


def _json_params(body: bytes) -> dict[str, str]:
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in _json_object(body).items()}


def _hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
