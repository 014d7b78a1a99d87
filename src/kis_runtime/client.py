"""Client (sync) and AsyncClient: one reused httpx client each, the same behaviour otherwise.

All decisions (token reuse and refresh, hashkey, retries, what is never resent) live in shared
flows (flow.py, token_source.py); a client only performs the I/O they ask for (actions.py).
"""

from __future__ import annotations

import copy
import os
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Self, TypedDict, TypeVar, Unpack

import attrs
import httpx

from kis_runtime import flow
from kis_runtime.actions import Action, Coordinate, Flow, GetToken, Send, Sleep, run, run_async
from kis_runtime.environment import Environment
from kis_runtime.errors import ConfigError, KisError, OutcomeUnknownError, attach_pages
from kis_runtime.paging import Pager
from kis_runtime.ratelimit import RateLimiter, limiter_for
from kis_runtime.redact import Redactor, install_httpx_filter
from kis_runtime.retry import RetryPolicy
from kis_runtime.secret import reveal, secret
from kis_runtime.settings import (
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    CorporateHeaders,
    Settings,
    check_header_value,
    settings_from_env,
)
from kis_runtime.token_cache import TokenCache
from kis_runtime.token_cache import cache_dir as resolve_cache_dir
from kis_runtime.token_source import TokenSource

if TYPE_CHECKING:
    from kis_runtime.coordination import RedisCoordinator, RedisRateLimiter
    from kis_runtime.endpoint import Endpoint
    from kis_runtime.reconcile import ReconcileOptions, ReconcileVerdict
    from kis_runtime.recording import Recorder

T = TypeVar("T")
RequestT = TypeVar("RequestT")
ResponseT = TypeVar("ResponseT")


class ClientOptions(TypedDict, total=False):
    """The options of Client and AsyncClient, all keyword-only (default in brackets).

    environment: "real" | "paper" or an Environment ["real"]. base_url: the server [the
        environment's KIS domain]. custtype: "P" 개인 | "B" 법인 ["P"]. corporate: the headers
        KIS requires of corporate customers [none].
    timeout: seconds per HTTP request [10]. max_pages: iter_pages' default cap [100].
    token_cache / cache_dir: share the token on disk between runs and processes [True; directory:
        cache_dir, else $KIS_CACHE_DIR, else the user cache dir].
    wait_on_token_limit: on EGW00133 wait out the 1-per-minute limit once instead of raising
        TokenRateLimitError [False].
    rate_limit: requests per second; None = the environment's default, shared by every client of
        this app key in the process; a RateLimiter to share one explicitly; 0 = off [None].
    retry: how often and how long to back off [RetryPolicy()].
    clock: epoch seconds, for token expiry and an order's send time (reconcile) [time.time].
    coordinator: share the rate limit and the token with other processes and hosts through
        Redis (a kis_runtime.RedisCoordinator; then no token file is used, and rate_limit None or
        a number is the shared rate) [none; from_env: $KIS_REDIS_URL].
    record: write every raw reply, masked, into this directory (or a kis_runtime.recording.Recorder)
        for `python -m codegen absorb` [none].
    """

    environment: str | Environment
    base_url: str | None
    custtype: str
    corporate: CorporateHeaders | None
    timeout: float
    max_pages: int
    token_cache: bool
    cache_dir: str | os.PathLike[str] | None
    wait_on_token_limit: bool
    rate_limit: float | RateLimiter | None
    retry: RetryPolicy | None
    clock: Callable[[], float]
    coordinator: RedisCoordinator | None
    record: str | os.PathLike[str] | Recorder | None


class _Base:
    settings: Settings
    coordinator: RedisCoordinator | None

    def __init__(self, app_key: str, app_secret: str, **options: Unpack[ClientOptions]) -> None:
        app_key, app_secret = secret(app_key), secret(app_secret)  # masked in this frame too
        try:
            self.settings = Settings(
                app_key=app_key,
                app_secret=app_secret,
                environment=Environment.parse(options.get("environment", Environment.REAL)),
                base_url=options.get("base_url") or "",
                custtype=options.get("custtype", "P"),
                corporate=options.get("corporate") or CorporateHeaders(),
                timeout=options.get("timeout", DEFAULT_TIMEOUT),
                max_pages=options.get("max_pages", DEFAULT_MAX_PAGES),
            )
        except KisError as exc:
            # The frames below this one (attrs' __init__) hold the credentials unmasked.
            raise exc.with_traceback(None) from None
        s = self.settings
        coordinator = options.get("coordinator")
        cache = (
            TokenCache(
                resolve_cache_dir(options.get("cache_dir")), s.environment, s.app_key, s.base_url
            )
            if options.get("token_cache", True) and coordinator is None
            else None
        )
        self._tokens = TokenSource(
            s,
            cache,
            wait_on_issue_limit=options.get("wait_on_token_limit", False),
            clock=options.get("clock", time.time),
            shared=coordinator.credential(s.environment, s.app_key, s.base_url)
            if coordinator is not None
            else None,
        )
        self.coordinator = coordinator  # None, or what this client shares through Redis
        rate_limit = options.get("rate_limit")
        self._limiter: RateLimiter | RedisRateLimiter | None
        if coordinator is not None and rate_limit != 0 and not isinstance(rate_limit, RateLimiter):
            self._limiter = coordinator.limiter(s.environment, s.app_key, rate_limit)
        else:
            self._limiter = limiter_for(s.environment, s.app_key, rate_limit)
        self._redactor = Redactor(
            s.app_key,
            s.app_secret,
            s.corporate.personalseckey or "",
            s.corporate.phone_number or "",
        )
        self._clock = options.get("clock", time.time)
        # Order numbers of replies kis.orders.place received through this client (the latest
        # 1000): known to be those orders, so never candidates when it reconciles another.
        self.placed_orders: deque[str] = deque(maxlen=1000)
        self._context = flow.CallContext(
            s,
            options.get("retry") or RetryPolicy(),
            self._redactor,
            recorder=_recorder(options.get("record")),
            clock=self._clock,
        )
        install_httpx_filter()

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **options: Unpack[ClientOptions]
    ) -> Self:
        """KIS_APP_KEY, KIS_APP_SECRET, KIS_ENVIRONMENT (real|paper), KIS_BASE_URL; `options`
        override the environment (see ClientOptions)."""
        s = settings_from_env(environ)
        options.setdefault("environment", s.environment)
        options.setdefault("base_url", s.base_url)
        if "coordinator" not in options:
            from kis_runtime.coordination import RedisCoordinator

            options["coordinator"] = RedisCoordinator.from_env(environ)
        return cls(s.app_key, s.app_secret, **options)

    @property
    def environment(self) -> Environment:
        return self.settings.environment

    @property
    def rate_limiter(self) -> RateLimiter | RedisRateLimiter | None:
        return self._limiter

    def __repr__(self) -> str:
        settings = getattr(self, "settings", None)  # a half-built client is shown in tracebacks
        if settings is None:
            return f"{type(self).__name__}(<not configured>)"
        env, url = settings.environment.value, settings.base_url
        return f"{type(self).__name__}(environment={env!r}, base_url={url!r})"

    def with_options(
        self,
        *,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """This client with other options for the calls made through it, e.g.
        `bal.fetch(client.with_options(timeout=30), request)`: a `timeout` in seconds per HTTP
        request, a `retry` policy, extra `headers` (such as a corporate `gt_uid` per call). The
        copy shares the connection pool, the token and the rate limiter; closing either closes
        both. The HTTP response of a reply is `response.http`."""
        extra = {**self._context.headers, **(headers or {})}
        for name, value in extra.items():
            if name.lower() in _OWN_HEADERS:
                raise ConfigError(f"header {name!r} is set by the client; it cannot be overridden")
            check_header_value(name, value)
        if timeout is not None and timeout <= 0:
            raise ConfigError(f"timeout must be positive, got {timeout}")
        clone = copy.copy(self)
        clone._context = attrs.evolve(
            self._context,
            retry=retry or self._context.retry,
            headers=extra,
            timeout=self._context.timeout if timeout is None else timeout,
        )
        return clone

    def _call_flow(
        self,
        endpoint: Endpoint[Any, Any],
        request: Any,
        variant: str | None,
        tr_cont: str,
        cursor: Mapping[str, str] | None,
    ) -> Flow[Any]:
        tr_id = endpoint.tr_id(self.environment, variant)
        return flow.call(
            self._context, endpoint, request, tr_id=tr_id, tr_cont=tr_cont, cursor=cursor
        )

    def _scrubbed(self, error: KisError) -> KisError:
        """The error scrubbed of secrets, cut from what could still show them: the flow's frames
        (their locals hold the request values and the raw reply) and any chained exception (an
        httpx error carries the request, headers and all)."""
        self._redactor.scrub_error(error)
        error.__cause__ = error.__context__ = None
        error.__suppress_context__ = True
        return error.with_traceback(None)

    def _remember(self, token: str) -> str:
        self._redactor.add(token)
        return token


class Client(_Base):
    """Synchronous KIS client. Use as a context manager, or call close()."""

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Unpack[ClientOptions],
    ) -> None:
        """See ClientOptions; transport and sleep are for tests."""
        app_key, app_secret = secret(app_key), secret(app_secret)  # masked in this frame too
        super().__init__(app_key, app_secret, **options)
        self._http = httpx.Client(
            transport=transport,
            timeout=self.settings.timeout,
            event_hooks={"request": [_acquire_before_sending]},
        )
        self._sleep = sleep
        self._lock = threading.Lock()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _run(self, steps: Flow[T]) -> T:
        """Perform a flow's actions until it returns; a KisError leaving it is scrubbed of
        secrets on its way to the caller."""
        try:
            return run(steps, self._perform)
        except KisError as exc:
            raise self._scrubbed(exc)  # noqa: B904 - the same exception, scrubbed

    def _perform(self, action: Action) -> Any:
        if isinstance(action, Send):
            if action.limited and self._limiter is not None:
                action.request.extensions[_LIMITER] = self._limiter
            return self._http.send(action.request)
        if isinstance(action, Sleep):
            return self._sleep(action.seconds)
        if isinstance(action, Coordinate):
            return action.target.call(action.op, *action.args)
        return self._token(action)

    def _token(self, action: GetToken) -> str:
        with self._lock:
            token = self._tokens.usable(action.stale)
            if token is None and self._tokens.shared is not None:  # coordinator hook
                token = self._run(self._tokens.obtain_shared(action.stale))
            elif token is None and self._tokens.cache is None:
                token = self._run(self._tokens.issue())
            elif token is None:
                assert self._tokens.cache is not None
                # Another process may have issued while we waited for the lock: look again.
                with self._tokens.cache.lock():
                    token = self._tokens.usable(action.stale) or self._run(self._tokens.issue())
            return self._remember(token)

    def access_token(self) -> str:
        """The current token (a plain str): from memory or the disk cache, issued only when none
        is fresh."""
        return reveal(self._run(_get_token()))

    def revoke(self) -> None:
        """Revoke the token in use (POST /oauth2/revokeP) and drop it from memory and disk."""
        with self._lock:
            if self._tokens.cache is None:
                self._run(self._tokens.revoke())
                return
            with self._tokens.cache.lock():
                self._run(self._tokens.revoke())

    def call(
        self,
        endpoint: Endpoint[RequestT, ResponseT],
        request: RequestT,
        *,
        variant: str | None = None,
        tr_cont: str = "",
        cursor: Mapping[str, str] | None = None,
    ) -> ResponseT:
        """One request of the TR; the typed response, or a KisError."""
        result: ResponseT = self._run(self._call_flow(endpoint, request, variant, tr_cont, cursor))
        return result

    def reconcile(
        self, error: OutcomeUnknownError, **options: Unpack[ReconcileOptions]
    ) -> ReconcileVerdict:
        """Whether the order behind `error` was placed: Placed (its order number), NotPlaced or
        Ambiguous, from KIS's inquiry TRs polled with back-off (kis_runtime.reconcile; README
        "When an order's outcome is unknown"). Sends inquiries only, never the order."""
        from kis_runtime.reconcile import reconcile  # loaded by the first reconciliation

        flow_ = reconcile(self._context, self.environment, error, options, self.settings.max_pages)
        return self._run(flow_)

    def iter_pages(
        self,
        endpoint: Endpoint[RequestT, ResponseT],
        request: RequestT,
        *,
        variant: str | None = None,
        max_pages: int | None = None,
    ) -> Iterator[ResponseT]:
        """Every page in order; an error raised mid-way carries the pages received (`.pages`)."""
        pager = Pager(endpoint, max_pages or self.settings.max_pages)
        while not pager.done:
            try:
                page = self.call(
                    endpoint, request, variant=variant, tr_cont=pager.tr_cont, cursor=pager.cursor
                )
                pager.accept(page)  # type: ignore[arg-type]
            except KisError as exc:
                attach_pages(exc, pager.pages)
                raise
            yield page


class AsyncClient(_Base):
    """Asynchronous KIS client. Use as an async context manager, or await aclose()."""

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """See ClientOptions; transport and sleep are for tests."""
        app_key, app_secret = secret(app_key), secret(app_secret)  # masked in this frame too
        super().__init__(app_key, app_secret, **options)
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=self.settings.timeout,
            event_hooks={"request": [_acquire_before_sending_async]},
        )
        import asyncio  # only async users pay for importing asyncio

        self._sleep = sleep or asyncio.sleep
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _run(self, steps: Flow[T]) -> T:
        try:
            return await run_async(steps, self._perform)
        except KisError as exc:
            raise self._scrubbed(exc)  # noqa: B904 - the same exception, scrubbed

    async def _perform(self, action: Action) -> Any:
        if isinstance(action, Send):
            if action.limited and self._limiter is not None:
                action.request.extensions[_LIMITER] = self._limiter
            return await self._http.send(action.request)
        if isinstance(action, Sleep):
            return await self._sleep(action.seconds)
        if isinstance(action, Coordinate):
            return await action.target.call_async(action.op, *action.args)
        return await self._token(action)

    async def _token(self, action: GetToken) -> str:
        async with self._lock:
            token = self._tokens.usable(action.stale)
            if token is None and self._tokens.shared is not None:  # coordinator hook
                token = await self._run(self._tokens.obtain_shared(action.stale))
            elif token is None and self._tokens.cache is None:
                token = await self._run(self._tokens.issue())
            elif token is None:
                assert self._tokens.cache is not None
                async with self._tokens.cache.async_lock():
                    token = self._tokens.usable(action.stale)
                    if token is None:
                        token = await self._run(self._tokens.issue())
            return self._remember(token)

    async def access_token(self) -> str:
        return reveal(await self._run(_get_token()))

    async def revoke(self) -> None:
        """Revoke the token in use (POST /oauth2/revokeP) and drop it from memory and disk."""
        async with self._lock:
            if self._tokens.cache is None:
                await self._run(self._tokens.revoke())
                return
            async with self._tokens.cache.async_lock():
                await self._run(self._tokens.revoke())

    async def call(
        self,
        endpoint: Endpoint[RequestT, ResponseT],
        request: RequestT,
        *,
        variant: str | None = None,
        tr_cont: str = "",
        cursor: Mapping[str, str] | None = None,
    ) -> ResponseT:
        result: ResponseT = await self._run(
            self._call_flow(endpoint, request, variant, tr_cont, cursor)
        )
        return result

    async def reconcile(
        self, error: OutcomeUnknownError, **options: Unpack[ReconcileOptions]
    ) -> ReconcileVerdict:
        """As Client.reconcile."""
        from kis_runtime.reconcile import reconcile  # loaded by the first reconciliation

        flow_ = reconcile(self._context, self.environment, error, options, self.settings.max_pages)
        return await self._run(flow_)

    async def iter_pages(
        self,
        endpoint: Endpoint[RequestT, ResponseT],
        request: RequestT,
        *,
        variant: str | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[ResponseT]:
        pager = Pager(endpoint, max_pages or self.settings.max_pages)
        while not pager.done:
            try:
                page = await self.call(
                    endpoint, request, variant=variant, tr_cont=pager.tr_cont, cursor=pager.cursor
                )
                pager.accept(page)  # type: ignore[arg-type]
            except KisError as exc:
                attach_pages(exc, pager.pages)
                raise
            yield page


# Headers the client writes itself on every request: not for with_options(headers=...).
_OWN_HEADERS = frozenset(
    {"content-type", "authorization", "appkey", "appsecret", "tr_id", "tr_cont", "custtype"}
)

# The limiter is passed on the request and waited for in httpx's request hook, the last step
# before the transport: the limiter's log then holds the moments requests really leave.
_LIMITER = "kis.rate_limiter"


def _acquire_before_sending(request: httpx.Request) -> None:
    limiter = request.extensions.get(_LIMITER)
    if limiter is not None:
        limiter.acquire()


async def _acquire_before_sending_async(request: httpx.Request) -> None:
    limiter = request.extensions.get(_LIMITER)
    if limiter is not None:
        await limiter.acquire_async()


def _get_token() -> Flow[str]:
    token: str = yield GetToken()
    return token


def _recorder(record: str | os.PathLike[str] | Recorder | None) -> Recorder | None:
    """The client's `record=` as a Recorder; the recording module loads only when one is asked."""
    if record is None:
        return None
    from kis_runtime.recording import recorder_for

    return recorder_for(record)
