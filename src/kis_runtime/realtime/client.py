"""The realtime (WebSocket) client, asyncio first: subscribe, receive typed records, stay connected.

    async with RealtimeClient(app_key, app_secret) as rt:
        await rt.subscribe(ccnl_krx, "005930")
        async for record in rt:            # every TR's records, in arrival order
            ...

One session per app key (KIS refuses a second: AppKeyInUseError); at most 41 registrations per
session (refused client-side with SubscriptionLimitError). The approval key is issued once and
shared (see approval.py). PINGPONG is echoed.

A session ends when it drops (close 1006, a reset), when nothing arrives for `idle_timeout` seconds
(a half-open connection: KIS sends PINGPONG to a live session periodically), or when KIS answers a
re-registration with ALREADY IN USE appkey (it still holds the dropped session). The reader then
reconnects with capped, jittered back-off and re-registers every (TR, key), one at a time and paced.
The back-off step counts sessions that did not work and resets only after one that did (it
delivered records or an acknowledgement, or stayed up `Reconnect.stable` seconds), so a server that
accepts the handshake and drops at once is not hit every `initial` seconds. Calls for one (TR, key)
run one at a time, so every acknowledgement answers the call that is waiting for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
from collections import deque
from collections.abc import AsyncIterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from kis_runtime.environment import Environment
from kis_runtime.errors import TransportError
from kis_runtime.realtime import messages as m
from kis_runtime.realtime.approval import ApprovalCache, ApprovalSource
from kis_runtime.realtime.channel import Channel, Overflow, Stats
from kis_runtime.realtime.decode import decode, registry_lookup
from kis_runtime.realtime.errors import (
    AppKeyInUseError,
    ConnectionLostError,
    RealtimeError,
    RealtimeFormatError,
    ReconnectingError,
    SubscriptionError,
    SubscriptionLimitError,
)
from kis_runtime.realtime.keyguard import KeyGuard
from kis_runtime.realtime.logs import frame_logger, preview
from kis_runtime.realtime.record import RealtimeTr
from kis_runtime.recording import Recorder, recorder_for
from kis_runtime.settings import Settings, settings_from_env
from kis_runtime.token_cache import cache_dir as resolve_cache_dir

if TYPE_CHECKING:
    from kis_runtime.coordination import RedisCoordinator

logger = logging.getLogger("kis.realtime")


# The logger handed to websockets for our connections (its default shows frame contents).
wire_logger = frame_logger("kis.realtime.wire")
WS_URLS = {
    Environment.REAL: "ws://ops.koreainvestment.com:21000",
    Environment.PAPER: "ws://ops.koreainvestment.com:31000",
}
MAX_REGISTRATIONS = 41  # per session, across all TRs (KIS: MAX SUBSCRIBE OVER past it)
# No message at all (no data, no PINGPONG) for this long: the connection is taken as half-open.
# Other KIS clients reconnect after 60-90 s of silence; the longer end avoids needless reconnects,
# which KIS counts against an app key.
IDLE_TIMEOUT = 90.0
CLOSE_TIMEOUT = 2.0  # close(): seconds to wait for the peer's closing handshake, then abort
TrLike = RealtimeTr | ModuleType | str


@attrs.frozen
class Reconnect:
    """Back-off between reconnection attempts: initial * factor**n, capped, with jitter."""

    initial: float = 0.5
    maximum: float = 30.0
    factor: float = 2.0
    jitter: float = 0.1  # +- this fraction, so many clients do not reconnect in step
    # Reconnect attempts in a row whose session did not work (below) before the stream ends with
    # ConnectionLostError; None: never give up.
    attempts: int | None = None
    # A session "worked" (the back-off starts again from `initial`) once it delivered records or
    # an acknowledgement, or stayed up this long; a handshake alone is no success.
    stable: float = 30.0
    # Seconds between two re-registrations after a reconnect: KIS may block an app key or IP
    # that subscribes in bursts (41 registrations take ~4 s).
    pace: float = 0.1

    def delay(self, attempt: int) -> float:
        # (the exponent is bounded: attempts=None may count thousands, and 2.0**1100 overflows)
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 64))
        return max(0.0, base * (1 + random.uniform(-self.jitter, self.jitter)))  # noqa: S311


def resolve(tr: TrLike) -> RealtimeTr:
    """A generated realtime module, its TR, or a TR id -> the TR."""
    if isinstance(tr, RealtimeTr):
        return tr
    if isinstance(tr, ModuleType):
        found = getattr(tr, "TR", None)
        if not isinstance(found, RealtimeTr):
            raise TypeError(f"{tr.__name__} is not a realtime TR module")
        return found
    return registry_lookup(tr)


@attrs.frozen
class Subscription:
    tr: RealtimeTr
    tr_id: str  # as sent (the paper TR id on a paper client)
    key: str = attrs.field(repr=False)


Ident = tuple[str, str]  # (TR id as sent, tr_key)


@attrs.frozen
class _Pending:
    """A registration ("1") or release ("2") waiting for KIS's answer."""

    tr_type: str
    future: asyncio.Future[m.Ack]


class RealtimeClient:
    def __init__(
        self,
        app_key: str,
        app_secret: str,
        *,
        environment: str | Environment = Environment.REAL,
        base_url: str = "",
        url: str | None = None,
        custtype: str = "P",
        token_cache: bool = True,
        cache_dir: str | os.PathLike[str] | None = None,
        queue_size: int = 10_000,
        overflow: Overflow = "drop_oldest",
        reconnect: Reconnect = Reconnect(),
        max_registrations: int = MAX_REGISTRATIONS,
        ack_timeout: float = 10.0,
        idle_timeout: float | None = IDLE_TIMEOUT,
        close_timeout: float = CLOSE_TIMEOUT,
        approval_transport: httpx.AsyncBaseTransport | None = None,
        coordinator: RedisCoordinator | None = None,
        lease_ttl: float = 30.0,
        record: str | os.PathLike[str] | Recorder | None = None,
    ) -> None:
        """A client for one session. `url`: the WebSocket server (default: KIS's, by environment);
        `base_url`: the REST server the approval key comes from. `queue_size` / `overflow`: see
        channel.py. `reconnect`: back-off policy (Reconnect(attempts=0) never reconnects).
        `idle_timeout`: seconds without any message before the session is taken as dead and
        replaced (None: wait for ever). `close_timeout`: the longest close() waits for the peer.
        `coordinator`: share the approval key through Redis and hold the app key's one realtime
        session as a lease (`lease_ttl` seconds, renewed while connected): a second holder, in
        any process or host, gets SessionHeldError naming the holder before it connects.
        `record`: write every data frame, decrypted and masked, into this directory (see
        kis_runtime.recording)."""
        env = Environment.parse(environment)
        self.settings = Settings(
            app_key=app_key,
            app_secret=app_secret,
            environment=env,
            base_url=base_url,
            custtype=custtype,
        )
        self.url = url or WS_URLS[env]
        self.coordinator = coordinator
        cache = None
        if token_cache and coordinator is None:
            cache = ApprovalCache(resolve_cache_dir(cache_dir), self.settings)
        shared = (
            coordinator.credential(env, self.settings.app_key, self.settings.base_url, "approval")
            if coordinator is not None
            else None
        )
        self.approval = ApprovalSource(
            self.settings, cache, transport=approval_transport, shared=shared
        )
        self._lease = (
            coordinator.session_lease(env, self.settings.app_key, ttl=lease_ttl)
            if coordinator is not None
            else None
        )
        self._renewer: asyncio.Task[None] | None = None
        self.reconnect = reconnect
        self.max_registrations = max_registrations
        self.ack_timeout = ack_timeout
        self.idle_timeout = idle_timeout
        self.close_timeout = close_timeout
        self.stats = Stats()
        self.problems: deque[BaseException | m.ServerError] = deque(maxlen=100)
        self._guard = KeyGuard(self.stats, self.problems)  # records keyed as registered only
        self._queue_size, self._overflow = queue_size, overflow
        self._main = self._new_channel()
        self._channels: dict[str, Channel] = {}  # TR id -> its own consumer's channel
        self._subs: dict[Ident, Subscription] = {}  # what the user holds, across sessions
        self._live: set[Ident] = set()  # acknowledged on the current session
        self._keys: dict[str, m.AesKey] = {}
        self._pending: dict[Ident, _Pending] = {}
        self._calls: dict[Ident, asyncio.Lock] = {}  # one call per (TR, key) at a time
        self._ws: Any = None  # the current session; None while there is none
        self._reader: asyncio.Task[None] | None = None  # runs from connect() until the end
        self._closing = False
        self._send_lock = asyncio.Lock()
        self._connect_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._failures = 0  # sessions in a row that did not work: the back-off step
        self._worked = False  # the current session delivered records or an acknowledgement
        self._opened_at = 0.0
        self._reconnected = False  # the current session was opened by the reader, not connect()
        # Set when KIS refuses the session itself on connect() (ALREADY IN USE appkey: another
        # holder) or the session lease is lost: the stream ends, no reconnect.
        self._fatal: BaseException | None = None
        self._lost: BaseException | None = None  # why the stream ended; connect() clears it
        self.recorder = recorder_for(record)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> RealtimeClient:
        """The REST client's variables, and KIS_REDIS_URL for a coordinator (session lease)."""
        s = settings_from_env(environ)
        if "coordinator" not in options:
            from kis_runtime.coordination import RedisCoordinator

            options["coordinator"] = RedisCoordinator.from_env(environ)
        return cls(
            s.app_key, s.app_secret, environment=s.environment, base_url=s.base_url, **options
        )

    @classmethod
    def from_client(cls, client: Any, **options: Any) -> RealtimeClient:
        """The credentials, environment, REST server and customer type of a kis.Client or
        kis.AsyncClient (the approval key is cached beside that client's token)."""
        s: Settings = client.settings
        if getattr(client, "coordinator", None) is not None:
            options.setdefault("coordinator", client.coordinator)
        token_cache = getattr(getattr(client, "_tokens", None), "cache", None)
        if token_cache is not None:
            options.setdefault("cache_dir", token_cache.directory)
        else:
            options.setdefault("token_cache", False)
        return cls(
            s.app_key,
            s.app_secret,
            environment=s.environment,
            base_url=s.base_url,
            custtype=s.custtype,
            **options,
        )

    def __repr__(self) -> str:
        return (
            f"RealtimeClient(url={self.url!r}, environment={self.settings.environment.value!r}, "
            f"registrations={len(self._subs)})"
        )

    @property
    def paper(self) -> bool:
        return self.settings.environment is Environment.PAPER

    @property
    def registrations(self) -> list[tuple[str, str]]:
        """(TR id, key) of every registration, keys of HTS-ID TRs masked."""
        return [(s.tr_id, s.key if s.tr.tr_key == "code" else "***") for s in self._subs.values()]

    @property
    def connected(self) -> bool:
        """A session is open now (False while reconnecting, after the end, before connect)."""
        return self._ws is not None

    # -- session ----------------------------------------------------------------------------

    async def connect(self) -> None:
        """Open a session; after the stream ended (reconnect attempts ran out, ALREADY IN USE),
        open a new one, register the client's registrations again and resume the iterators."""
        async with self._connect_lock:  # two first subscribes at once open one session
            if self._reader is not None and not self._reader.done():
                return  # connected, or the reader is reconnecting
            await self._start()

    async def _start(self) -> None:
        self._closing, self._fatal, self._lost = False, None, None
        self._failures, self._reconnected = 0, False
        for channel in (self._main, *self._channels.values()):
            channel.reopen()
        if self._lease is not None:
            await self._lease.acquire_async()  # SessionHeldError, naming the holder
            self._renewer = asyncio.get_running_loop().create_task(self._renew_lease())
        try:
            await self._open()
        except BaseException:
            await self._drop_lease()
            raise
        ws = self._ws
        self._reader = asyncio.get_running_loop().create_task(self._read_forever())
        self._reader.add_done_callback(self._reader_done)
        if self._subs:  # a new session after the end: what the client held, as on a reconnect
            await self._resubscribe_safely(ws, in_use_raises=True)

    async def _renew_lease(self) -> None:
        assert self._lease is not None
        while True:
            await asyncio.sleep(self._lease.ttl / 3)
            try:
                await self._lease.renew_async()
            except Exception as exc:  # noqa: BLE001 - lost or unreachable: the stream ends
                self.problems.append(exc)
                self._fatal = exc
                self._abort(self._ws)
                return

    async def _drop_lease(self) -> None:
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._renewer
            self._renewer = None
        if self._lease is not None:
            with contextlib.suppress(Exception):  # it expires by itself if Redis is away
                await self._lease.release_async()

    async def _open(self) -> None:
        import websockets

        # KIS keeps the session alive with its own PINGPONG messages, not protocol pings.
        try:
            self._ws = await websockets.connect(
                self.url,
                ping_interval=None,
                max_size=2**22,
                close_timeout=self.close_timeout,
                logger=wire_logger,
            )
        except (TimeoutError, OSError, websockets.WebSocketException) as exc:
            raise TransportError(f"realtime connection to {self.url}: {exc}") from None
        self._worked, self._opened_at = False, asyncio.get_running_loop().time()
        self._live.clear()

    async def close(self) -> None:
        """End the session; returns within about `close_timeout` seconds even if the peer never
        answers the closing handshake (the connection is then aborted)."""
        self._closing = True
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
        for task in list(self._tasks):
            task.cancel()
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self.close_timeout):
                    await ws.close()
            self._abort(ws)
        self._fail_pending("the client was closed")
        await self._drop_lease()
        self._end(None)

    async def __aenter__(self) -> RealtimeClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- subscriptions ----------------------------------------------------------------------

    async def subscribe(self, tr: TrLike, key: str) -> m.Ack:
        """Register (TR, key); returns KIS's acknowledgement or raises SubscriptionError.

        While the session is being re-established: ReconnectingError; after the stream ended:
        the error that ended it (ConnectionLostError, AppKeyInUseError) until connect()."""
        spec = resolve(tr)
        tr_id = spec.tr_id_for(self.paper)
        ident = (tr_id, key)
        self._check_session()
        if ident not in self._subs and len(self._subs) >= self.max_registrations:
            raise self._limit_error(tr_id)  # before connecting
        if self._reader is None:
            await self.connect()
        async with self._call(ident):
            if ident in self._subs:
                aes = self._keys.get(tr_id)
                return m.Ack(tr_id, key, "", m.ALREADY_SUBSCRIBED, spec.encrypted, aes)
            if len(self._subs) >= self.max_registrations:
                raise self._limit_error(tr_id)
            sub = Subscription(spec, tr_id, key)
            self._subs[ident] = sub
            try:
                return await self._register(sub, "1")
            except BaseException:
                if self._subs.get(ident) is sub:
                    del self._subs[ident]
                raise

    async def unsubscribe(self, tr: TrLike, key: str) -> m.Ack | None:
        """Release (TR, key); None if no session holds it (not registered, or no session now:
        it is forgotten and not registered again on the next one)."""
        spec = resolve(tr)
        tr_id = spec.tr_id_for(self.paper)
        ident = (tr_id, key)
        async with self._call(ident):
            sub = self._subs.pop(ident, None)
            if sub is None or ident not in self._live or self._ws is None:
                return None
            try:
                return await self._register(sub, "2")
            except ConnectionLostError:
                return None  # the session went away with it

    def _limit_error(self, tr_id: str) -> SubscriptionLimitError:
        return SubscriptionLimitError(
            f"{tr_id}: {len(self._subs)} registrations already; KIS allows "
            f"{self.max_registrations} per session (unsubscribe one first)"
        )

    def _check_session(self) -> None:
        if self._lost is not None:
            if isinstance(self._lost, RealtimeError):
                raise self._lost
            raise ConnectionLostError(f"realtime stream ended: {self._lost}") from None
        if self._reader is not None and self._ws is None:
            raise ReconnectingError(
                f"realtime session down; reconnecting (attempt {self._failures}); "
                "retry when client.connected"
            )

    def _call(self, ident: Ident) -> asyncio.Lock:
        lock = self._calls.get(ident)
        if lock is None:
            lock = self._calls[ident] = asyncio.Lock()
        return lock

    async def _register(self, sub: Subscription, tr_type: str) -> m.Ack:
        approval_key = await self.approval.get()
        try:
            return await self._send_registration(sub, tr_type, approval_key)
        except SubscriptionError as exc:
            if m.INVALID_APPROVAL not in exc.msg1.lower():
                raise
        # KIS no longer knows the key (expired, revoked, another server): one new key, once.
        approval_key = await self.approval.get(stale=approval_key)
        return await self._send_registration(sub, tr_type, approval_key)

    async def _send_registration(self, sub: Subscription, tr_type: str, approval_key: str) -> m.Ack:
        import websockets

        ident = (sub.tr_id, sub.key)
        ws = self._ws
        if ws is None:
            self._check_session()
            raise ConnectionLostError(f"{sub.tr_id}: no realtime session")
        message = {
            "header": {
                "approval_key": approval_key,
                "custtype": self.settings.custtype,
                "tr_type": tr_type,
                "content-type": "utf-8",
            },
            "body": {"input": {"tr_id": sub.tr_id, "tr_key": sub.key}},
        }
        future: asyncio.Future[m.Ack] = asyncio.get_running_loop().create_future()
        pending = _Pending(tr_type, future)
        self._pending[ident] = pending
        try:
            async with self._send_lock:
                await ws.send(json.dumps(message))
            ack = await asyncio.wait_for(future, self.ack_timeout)
        except TimeoutError:
            raise SubscriptionError(
                sub.tr_id, "", "", f"no acknowledgement within {self.ack_timeout:g} s"
            ) from None
        except websockets.ConnectionClosed:
            raise ConnectionLostError(f"{sub.tr_id}: session dropped before the answer") from None
        finally:
            if self._pending.get(ident) is pending:
                del self._pending[ident]
        if ack.aes is not None:
            self._keys[sub.tr_id] = ack.aes
        if tr_type == "1":
            self._live.add(ident)
        else:
            self._live.discard(ident)
        logger.debug(
            "%s %s: %s", sub.tr_id, "registered" if tr_type == "1" else "released", ack.msg1
        )
        return ack

    # -- consuming --------------------------------------------------------------------------

    def __aiter__(self) -> AsyncIterator[Any]:
        return self

    async def __anext__(self) -> Any:
        """The next record of any TR not consumed through `records(tr)`, in arrival order."""
        return await self._main.get()

    def records(self, tr: TrLike) -> AsyncIterator[Any]:
        """An async iterator over one TR's records (they no longer go to the main iterator)."""
        return _ChannelIterator(self._channel(tr))

    def pending(self) -> int:
        """Records queued and not yet consumed (all channels): the consumer's lag."""
        channels = [self._main, *self._channels.values()]  # one step: records() may add one
        return sum(len(c) for c in channels)

    def _new_channel(self) -> Channel:
        return Channel(self._queue_size, self._overflow, self.stats)

    def _channel(self, tr: TrLike) -> Channel:
        """One TR's own channel, made on first use (from then on its records go there only)."""
        tr_id = resolve(tr).tr_id_for(self.paper)
        channel = self._channels.get(tr_id)
        if channel is None:
            channel = self._channels[tr_id] = self._new_channel()
        return channel

    # -- the reader: one session after another, until close() or the end ------------------

    async def _read_forever(self) -> None:
        while True:
            ws = self._ws
            reason = await self._read_session(ws)
            self._abort(ws)
            if self._ws is ws:
                self._ws = None
            self._fail_pending("session dropped before the answer")
            if self._closing:
                return
            if self._fatal is not None:
                self._finish(self._fatal)
                return
            if not await self._reestablish(reason):
                return

    async def _read_session(self, ws: Any) -> str:
        """Read one session until it ends; returns why it ended."""
        import websockets

        try:
            while True:
                try:
                    async with asyncio.timeout(self.idle_timeout):
                        text = await ws.recv()
                except TimeoutError:
                    self.stats.silences += 1
                    logger.warning(
                        "realtime session silent for %g s (no data, no PINGPONG): taken as dead",
                        self.idle_timeout,
                    )
                    return f"silent for {self.idle_timeout:g} s"
                await self._handle(text)
        except websockets.ConnectionClosed as exc:
            return f"dropped ({exc})"
        except (OSError, websockets.WebSocketException) as exc:
            return f"failed ({type(exc).__name__}: {exc})"

    def _session_worked(self) -> bool:
        if self._worked:
            return True
        up = asyncio.get_running_loop().time() - self._opened_at
        return up >= self.reconnect.stable

    async def _reestablish(self, reason: str) -> bool:
        """Reconnect with back-off; the registrations are re-sent from a task (acks arrive here)."""
        policy = self.reconnect
        if self._session_worked():
            self._failures = 0
        while policy.attempts is None or self._failures < policy.attempts:
            if self._fatal is not None:  # e.g. the session lease was lost meanwhile
                self._finish(self._fatal)
                return False
            delay = policy.delay(self._failures)
            self._failures += 1
            logger.warning(
                "realtime session %s; reconnect attempt %d in %.2f s", reason, self._failures, delay
            )
            await asyncio.sleep(delay)
            try:
                await self._open()
            except TransportError as exc:
                reason = f"not re-established ({exc})"
                continue
            self.stats.reconnects += 1
            self._reconnected = True
            task = asyncio.get_running_loop().create_task(self._resubscribe_safely(self._ws))
            task.add_done_callback(self._tasks.discard)
            self._tasks.add(task)
            return True
        self._finish(
            ConnectionLostError(
                f"realtime session lost ({reason}); {self._failures} reconnect attempt(s) "
                "failed; connect() starts a new session"
            )
        )
        return False

    async def _resubscribe_safely(self, ws: Any, *, in_use_raises: bool = False) -> None:
        """Re-register on session `ws`; a failure ends that session, so the reader backs off and
        tries again. ALREADY IN USE appkey on a session connect() opened is raised (another
        holder), on one the reader opened it is one more reason to back off."""
        try:
            await self._resubscribe(ws)
        except ConnectionLostError:
            return  # the session went away: the next one registers again
        except AppKeyInUseError:
            if in_use_raises:
                raise
            logger.warning(
                "KIS answered ALREADY IN USE appkey to the re-registration (it may still hold "
                "the dropped session): backing off"
            )
            self._abort(ws)
        except Exception as exc:  # noqa: BLE001 - no answer, no approval key, …: try again later
            self.problems.append(exc)
            logger.warning("re-registration failed (%s): reconnecting", exc)
            self._abort(ws)

    async def _resubscribe(self, ws: Any) -> None:
        """Register every (TR, key) again on session `ws`, one at a time, `pace` apart."""
        first = True
        for ident in list(self._subs):
            if not first:
                await asyncio.sleep(self.reconnect.pace)
            first = False
            async with self._call(ident):
                sub = self._subs.get(ident)
                if sub is None or ident in self._live:
                    continue  # released meanwhile, or registered again by the user
                if self._ws is not ws:
                    return  # this session is over; the next one starts again
                try:
                    await self._register(sub, "1")
                except SubscriptionError as exc:
                    if isinstance(exc, AppKeyInUseError) or not exc.rt_cd:
                        raise  # the session is refused, or KIS did not answer: kept, retried
                    if self._subs.get(ident) is sub:
                        del self._subs[ident]
                    self.problems.append(exc)
                    logger.warning("re-registration refused: %s", exc)

    async def _handle(self, text: str | bytes) -> None:
        """One message: delivered, answered, matched to its call, or counted as a problem."""
        if self.recorder is not None:
            try:
                self.recorder.frame(text, self._keys)
            except Exception as exc:  # noqa: BLE001 - a recording never costs the session a frame
                logger.warning("realtime frame not recorded: %s", type(exc).__name__)
        try:
            message = decode(text, self._keys)
            if isinstance(message, m.Records):
                self._deliver(message)
                return
        except Exception as exc:  # noqa: BLE001 - whatever the message holds, the session goes on
            self._malformed(text, exc)
            return
        if isinstance(message, m.Ping):
            self.stats.pings += 1
            ws = self._ws
            if ws is not None:
                async with self._send_lock:
                    await ws.send(message.text)
        elif isinstance(message, m.Ack):
            self._acknowledged(message)
        else:
            self._server_error(message)

    def _deliver(self, message: m.Records) -> None:
        """The one place records reach the consumers' queues."""
        self._worked = True
        channel = self._channels.get(message.tr_id, self._main)
        records = self._guard.admit(message, self._subs)  # a record keyed otherwise: a problem
        self.stats.records += len(records)
        for record in records:
            channel.push(record)

    def _malformed(self, text: str | bytes, exc: Exception) -> None:
        if isinstance(exc, RealtimeFormatError):
            problem = exc
        else:  # the exception's own text may quote the message: only its type is kept
            problem = RealtimeFormatError(
                f"message not decoded ({type(exc).__name__}): {preview(text)}"
            )
        self.stats.malformed += 1
        self.problems.append(problem)
        logger.warning("realtime message not decoded: %s", problem)

    def _acknowledged(self, ack: m.Ack) -> None:
        pending = self._pending.get((ack.tr_id, ack.tr_key))
        answers = pending is not None and not (
            ack.released if pending.tr_type == "1" else ack.subscribed
        )
        if pending is None or not answers or pending.future.done():
            logger.debug("%s: acknowledgement answering no waiting call: %s", ack.tr_id, ack.msg1)
            return
        self._worked = True
        pending.future.set_result(ack)

    def _server_error(self, error: m.ServerError) -> None:
        pending = self._pending.get((error.tr_id, error.tr_key))
        if pending is None and len(self._pending) == 1:  # tr_id "(null)": the one waiting
            pending = next(iter(self._pending.values()))
        if pending is not None and pending.future.done():
            pending = None
        if error.already_subscribed and pending is not None and pending.tr_type == "1":
            # Registered already (say, a session KIS kept across a reconnect): that is the goal.
            self._worked = True
            aes = self._keys.get(error.tr_id)
            pending.future.set_result(
                m.Ack(error.tr_id, error.tr_key, error.msg_cd, error.msg1, False, aes)
            )
            return
        exc_type = AppKeyInUseError if error.app_key_in_use else SubscriptionError
        exc = exc_type(error.tr_id, error.rt_cd, error.msg_cd, error.msg1)
        if error.app_key_in_use and not self._reconnected:
            self._fatal = exc  # another holder of the app key: the stream ends
            self._abort(self._ws)
        if pending is not None:
            pending.future.set_exception(exc)
            return
        self.stats.errors += 1
        self.problems.append(error)
        logger.warning("realtime error from KIS: %s", exc)
        if error.app_key_in_use:
            self._abort(self._ws)  # this session is refused: end it (fatal, or back off)

    # -- ending -----------------------------------------------------------------------------

    def _abort(self, ws: Any) -> None:
        """Drop a connection now, without a closing handshake (the peer may never answer)."""
        transport = getattr(ws, "transport", None)
        if transport is not None:
            transport.abort()

    def _fail_pending(self, why: str) -> None:
        for pending in list(self._pending.values()):
            if not pending.future.done():
                pending.future.set_exception(ConnectionLostError(why))

    def _finish(self, error: BaseException) -> None:
        """The stream ends with `error`: consumers get it after what is queued."""
        self._lost = error
        self._end(error)
        if self._lease is not None:  # the app key's session is free for another holder
            task = asyncio.get_running_loop().create_task(self._drop_lease())
            task.add_done_callback(self._tasks.discard)
            self._tasks.add(task)

    def _reader_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        # A bug, not a message (those are counted in _handle): the consumer is told, not left
        # waiting. The exception's text is not repeated (it may quote a message).
        error = RealtimeError(f"realtime reader stopped: {type(exc).__name__}")
        logger.error("%s", error)
        self.problems.append(error)
        self._abort(self._ws)
        self._ws = None
        self._fail_pending(str(error))
        self._lost = error
        self._end(error)

    def _end(self, error: BaseException | None) -> None:
        for channel in (self._main, *self._channels.values()):
            channel.close(error)


class _ChannelIterator:
    def __init__(self, channel: Channel) -> None:
        self._channel = channel

    def __aiter__(self) -> _ChannelIterator:
        return self

    async def __anext__(self) -> Any:
        return await self._channel.get()
