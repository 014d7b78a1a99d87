"""Client (sync) and AsyncClient: one reused httpx client each, the same behaviour otherwise."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, TypeVar

import httpx

from kis_runtime import auth
from kis_runtime.core import (
    CorporateHeaders,
    Pager,
    Settings,
    build_request,
    decode_json,
    interpret,
    settings_from_env,
)
from kis_runtime.endpoint import Endpoint
from kis_runtime.environment import Environment
from kis_runtime.errors import KisError, TransportError, attach_pages

logger = logging.getLogger("kis")
RequestT = TypeVar("RequestT")
ResponseT = TypeVar("ResponseT")


class _Base:
    settings: Settings

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        *,
        environment: str | Environment = Environment.REAL,
        base_url: str | None = None,
        custtype: str = "P",
        corporate: CorporateHeaders | None = None,
        timeout: float = 10.0,
        max_pages: int = 100,
    ) -> None:
        self.settings = Settings(
            app_key=app_key,
            app_secret=app_secret,
            environment=Environment.parse(environment),
            base_url=base_url or "",
            custtype=custtype,
            corporate=corporate or CorporateHeaders(),
            timeout=timeout,
            max_pages=max_pages,
        )
        self._token: auth.Token | None = None

    @property
    def environment(self) -> Environment:
        return self.settings.environment

    def __repr__(self) -> str:
        env, url = self.environment.value, self.settings.base_url
        return f"{type(self).__name__}(environment={env!r}, base_url={url!r})"

    def _token_request(self) -> httpx.Request:
        body = auth.token_request_body(self.settings.app_key, self.settings.app_secret)
        return httpx.Request("POST", self.settings.base_url + auth.TOKEN_PATH, json=body)

    def _log(
        self, endpoint: Endpoint[Any, Any], tr_id: str, response: httpx.Response, started: float
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            msg_cd = ""
            try:
                body = response.json()
                msg_cd = body.get("msg_cd", "") if isinstance(body, dict) else ""
            except ValueError:
                pass
            logger.debug(
                "%s %s tr_id=%s status=%s msg_cd=%s %.1fms",
                endpoint.method,
                endpoint.path,
                tr_id,
                response.status_code,
                msg_cd,
                (time.perf_counter() - started) * 1000,
            )


class Client(_Base):
    """Synchronous KIS client. Use as a context manager, or call close()."""

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        *,
        transport: httpx.BaseTransport | None = None,
        **options: Any,
    ) -> None:
        super().__init__(app_key, app_secret, **options)
        self._http = httpx.Client(transport=transport, timeout=self.settings.timeout)
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Client:
        s = settings_from_env(environ)
        return cls(
            s.app_key, s.app_secret, environment=s.environment, base_url=s.base_url, **options
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._http.send(request)
        except httpx.TransportError as exc:
            raise TransportError(
                f"{request.method} {request.url.path}: {type(exc).__name__}"
            ) from None

    def access_token(self) -> str:
        """The current token, issued on first use and reused until shortly before expiry."""
        with self._lock:
            if self._token is None or not self._token.fresh(time.time()):
                response = self._send(self._token_request())
                self._token = auth.parse_token_reply(
                    response.status_code, decode_json(response, "tokenP")
                )
            return self._token.access_token

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
        tr_id = endpoint.tr_id(self.environment, variant)
        http_request = build_request(
            self.settings,
            endpoint,
            request,
            tr_id=tr_id,
            token=self.access_token(),
            tr_cont=tr_cont,
            cursor=cursor,
        )
        started = time.perf_counter()
        response = self._send(http_request)
        self._log(endpoint, tr_id, response, started)
        result: ResponseT = interpret(endpoint, tr_id, response)
        return result

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
        **options: Any,
    ) -> None:
        super().__init__(app_key, app_secret, **options)
        self._http = httpx.AsyncClient(transport=transport, timeout=self.settings.timeout)
        self._lock = asyncio.Lock()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> AsyncClient:
        s = settings_from_env(environ)
        return cls(
            s.app_key, s.app_secret, environment=s.environment, base_url=s.base_url, **options
        )

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._http.send(request)
        except httpx.TransportError as exc:
            raise TransportError(
                f"{request.method} {request.url.path}: {type(exc).__name__}"
            ) from None

    async def access_token(self) -> str:
        async with self._lock:
            if self._token is None or not self._token.fresh(time.time()):
                response = await self._send(self._token_request())
                self._token = auth.parse_token_reply(
                    response.status_code, decode_json(response, "tokenP")
                )
            return self._token.access_token

    async def call(
        self,
        endpoint: Endpoint[RequestT, ResponseT],
        request: RequestT,
        *,
        variant: str | None = None,
        tr_cont: str = "",
        cursor: Mapping[str, str] | None = None,
    ) -> ResponseT:
        tr_id = endpoint.tr_id(self.environment, variant)
        http_request = build_request(
            self.settings,
            endpoint,
            request,
            tr_id=tr_id,
            token=await self.access_token(),
            tr_cont=tr_cont,
            cursor=cursor,
        )
        started = time.perf_counter()
        response = await self._send(http_request)
        self._log(endpoint, tr_id, response, started)
        result: ResponseT = interpret(endpoint, tr_id, response)
        return result

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
