"""The realtime (WebSocket) client, asyncio first: subscribe, receive typed records, stay connected.

    async with RealtimeClient(app_key, app_secret) as rt:
        await rt.subscribe(ccnl_krx, "005930")
        async for record in rt:            # every TR's records, in arrival order
            ...

One session per app key (KIS refuses a second: AppKeyInUseError); at most 41 registrations per
session (refused client-side with SubscriptionLimitError). A dropped session (close 1006, a reset)
is re-established with capped exponential back-off and every registration is sent again; the
approval key is issued once and shared (see approval.py). PINGPONG is echoed.
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
    SubscriptionError,
    SubscriptionLimitError,
)
from kis_runtime.realtime.keyguard import KeyGuard
from kis_runtime.realtime.logs import frame_logger
from kis_runtime.realtime.record import RealtimeTr
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
TrLike = RealtimeTr | ModuleType | str


@attrs.frozen
class Reconnect:
    """Back-off between reconnection attempts: initial * factor**n, capped, with jitter."""

    initial: float = 0.5
    maximum: float = 30.0
    factor: float = 2.0
    jitter: float = 0.1  # +- this fraction, so many clients do not reconnect in step
    attempts: int | None = None  # consecutive failures before giving up; None: never give up

    def delay(self, attempt: int) -> float:
        base = min(self.maximum, self.initial * self.factor**attempt)
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
        approval_transport: httpx.AsyncBaseTransport | None = None,
        coordinator: RedisCoordinator | None = None,
        lease_ttl: float = 30.0,
    ) -> None:
        """A client for one session. `url`: the WebSocket server (default: KIS's, by environment);
        `base_url`: the REST server the approval key comes from. `queue_size` / `overflow`: see
        channel.py. `reconnect`: back-off policy (Reconnect(attempts=0) never reconnects).
        `coordinator`: share the approval key through Redis and hold the app key's one realtime
        session as a lease (`lease_ttl` seconds, renewed while connected): a second holder, in
        any process or host, gets SessionHeldError naming the holder before it connects."""
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
        self.stats = Stats()
        self.problems: deque[BaseException | m.ServerError] = deque(maxlen=100)
        self._guard = KeyGuard(self.stats, self.problems)  # records keyed as registered only
        self._queue_size, self._overflow = queue_size, overflow
        self._main = Channel(queue_size, overflow, self.stats)
        self._channels: dict[str, Channel] = {}  # TR id -> its own consumer's channel
        self._subs: dict[tuple[str, str], Subscription] = {}
        self._keys: dict[str, m.AesKey] = {}
        self._pending: dict[tuple[str, str], asyncio.Future[m.Ack]] = {}
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._closing = False
        self._send_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[Any]] = set()
        # Set when KIS refuses the session itself (ALREADY IN USE appkey): never reconnect then.
        self._fatal: RealtimeError | None = None

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

    # -- session ----------------------------------------------------------------------------

    async def connect(self) -> None:
        if self._ws is not None:
            return
        self._closing, self._fatal = False, None
        if self._lease is not None:
            await self._lease.acquire_async()  # SessionHeldError, naming the holder
            self._renewer = asyncio.get_running_loop().create_task(self._renew_lease())
        try:
            await self._open()
        except BaseException:
            await self._drop_lease()
            raise
        self._reader = asyncio.get_running_loop().create_task(self._read_forever())

    async def _renew_lease(self) -> None:
        assert self._lease is not None
        while True:
            await asyncio.sleep(self._lease.ttl / 3)
            try:
                await self._lease.renew_async()
            except Exception as exc:  # noqa: BLE001 - lost or unreachable: the stream ends
                self.problems.append(exc)
                self._end(exc)
                with contextlib.suppress(Exception):
                    if self._ws is not None:
                        await self._ws.close()
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
                self.url, ping_interval=None, max_size=2**22, logger=wire_logger
            )
        except (TimeoutError, OSError, websockets.WebSocketException) as exc:
            raise TransportError(f"realtime connection to {self.url}: {exc}") from None

    async def close(self) -> None:
        self._closing = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
            self._reader = None
        self._ws = None
        await self._drop_lease()
        self._end(None)

    async def __aenter__(self) -> RealtimeClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- subscriptions ----------------------------------------------------------------------

    async def subscribe(self, tr: TrLike, key: str) -> m.Ack:
        """Register (TR, key); returns KIS's acknowledgement or raises SubscriptionError."""
        if self._fatal is not None:
            raise self._fatal
        spec = resolve(tr)
        tr_id = spec.tr_id_for(self.paper)
        if (tr_id, key) in self._subs:
            return m.Ack(
                tr_id, key, "", m.ALREADY_SUBSCRIBED, spec.encrypted, self._keys.get(tr_id)
            )
        if len(self._subs) >= self.max_registrations:
            raise SubscriptionLimitError(
                f"{tr_id}: {len(self._subs)} registrations already; KIS allows "
                f"{self.max_registrations} per session (unsubscribe one first)"
            )
        await self.connect()
        sub = Subscription(spec, tr_id, key)
        self._subs[(tr_id, key)] = sub
        try:
            return await self._register(sub, "1")
        except BaseException:
            self._subs.pop((tr_id, key), None)
            raise

    async def unsubscribe(self, tr: TrLike, key: str) -> m.Ack | None:
        """Release (TR, key); None if it was not registered."""
        spec = resolve(tr)
        tr_id = spec.tr_id_for(self.paper)
        sub = self._subs.pop((tr_id, key), None)
        if sub is None or self._ws is None:
            return None
        return await self._register(sub, "2")

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
        self._pending[(sub.tr_id, sub.key)] = future
        try:
            async with self._send_lock:
                await self._ws.send(json.dumps(message))
            ack = await asyncio.wait_for(future, self.ack_timeout)
        except TimeoutError:
            raise SubscriptionError(
                sub.tr_id, "", "", f"no acknowledgement within {self.ack_timeout:g} s"
            ) from None
        finally:
            self._pending.pop((sub.tr_id, sub.key), None)
        if ack.aes is not None:
            self._keys[sub.tr_id] = ack.aes
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
        spec = resolve(tr)
        tr_id = spec.tr_id_for(self.paper)
        channel = self._channels.get(tr_id)
        if channel is None:
            channel = self._channels[tr_id] = Channel(self._queue_size, self._overflow, self.stats)
        return _ChannelIterator(channel)

    def pending(self) -> int:
        """Records queued and not yet consumed (all channels): the consumer's lag."""
        return len(self._main) + sum(len(c) for c in self._channels.values())

    # -- the reader -------------------------------------------------------------------------

    async def _read_forever(self) -> None:
        import websockets

        while True:
            try:
                async for text in self._ws:
                    await self._handle(text)
                raise websockets.ConnectionClosedOK(None, None)
            except websockets.ConnectionClosed as exc:
                if self._closing:
                    return
                if self._fatal is not None:
                    self._end(self._fatal)
                    return
                logger.warning("realtime session dropped (%s); reconnecting", exc)
            except RealtimeError as exc:  # fatal: another session took the app key
                self._end(exc)
                return
            except (OSError, websockets.WebSocketException) as exc:
                if self._closing:
                    return
                logger.warning("realtime session failed (%s); reconnecting", exc)
            if not await self._reestablish():
                return

    async def _reestablish(self) -> bool:
        """Reconnect with back-off; the registrations are re-sent from a task (acks arrive here)."""

        policy = self.reconnect
        attempt = 0
        for future in self._pending.values():
            if not future.done():
                future.set_exception(ConnectionLostError("session dropped before the answer"))
        while policy.attempts is None or attempt < policy.attempts:
            await asyncio.sleep(policy.delay(attempt))
            attempt += 1
            try:
                await self._open()
            except TransportError as exc:
                logger.warning("realtime reconnect attempt %d failed: %s", attempt, exc)
                continue
            self.stats.reconnects += 1
            task = asyncio.get_running_loop().create_task(self._resubscribe())
            task.add_done_callback(self._resubscribed)
            self._tasks.add(task)
            return True
        self._end(
            ConnectionLostError(f"realtime session lost; {attempt} reconnect attempt(s) failed")
        )
        return False

    def _resubscribed(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, RealtimeError) and not isinstance(exc, ConnectionLostError):
            self._end(exc)  # e.g. the app key is now used by another session
            if self._ws is not None:
                self._tasks.add(asyncio.get_running_loop().create_task(self._ws.close()))

    async def _resubscribe(self) -> None:
        for sub in list(self._subs.values()):
            try:
                await self._register(sub, "1")
            except SubscriptionError as exc:
                if isinstance(exc, AppKeyInUseError):
                    raise
                self._subs.pop((sub.tr_id, sub.key), None)
                self.problems.append(exc)
                logger.warning("re-registration refused: %s", exc)

    async def _handle(self, text: str | bytes) -> None:
        try:
            message = decode(text, self._keys)
        except RealtimeFormatError as exc:
            self.stats.malformed += 1
            self.problems.append(exc)
            logger.warning("realtime message not decoded: %s", exc)
            return
        if isinstance(message, m.Records):
            channel = self._channels.get(message.tr_id, self._main)
            records = self._guard.admit(message, self._subs)
            self.stats.records += len(records)
            for record in records:
                channel.push(record)
        elif isinstance(message, m.Ping):
            self.stats.pings += 1
            async with self._send_lock:
                await self._ws.send(message.text)
        elif isinstance(message, m.Ack):
            future = self._pending.get((message.tr_id, message.tr_key))
            if future is not None and not future.done():
                future.set_result(message)
        else:
            self._server_error(message)

    def _server_error(self, error: m.ServerError) -> None:
        pending = self._pending.get((error.tr_id, error.tr_key))
        if error.already_subscribed and pending is not None and not pending.done():
            # Registered already (say, a session KIS kept across a reconnect): that is the goal.
            aes = self._keys.get(error.tr_id)
            pending.set_result(
                m.Ack(error.tr_id, error.tr_key, error.msg_cd, error.msg1, False, aes)
            )
            return
        exc_type = AppKeyInUseError if error.app_key_in_use else SubscriptionError
        exc = exc_type(error.tr_id, error.rt_cd, error.msg_cd, error.msg1)
        if error.app_key_in_use:
            self._fatal = exc
        future = self._pending.get((error.tr_id, error.tr_key))
        if future is None and len(self._pending) == 1:  # tr_id "(null)": the one pending
            future = next(iter(self._pending.values()))
        if future is not None and not future.done():
            future.set_exception(exc)
            return
        self.stats.errors += 1
        self.problems.append(error)
        logger.warning("realtime error from KIS: %s", exc)
        if error.app_key_in_use:
            raise exc

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
