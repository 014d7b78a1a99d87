"""What Client and AsyncClient share: configuration, building requests, reading replies, paging.

Only the I/O differs between the two clients; everything here is pure.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from kis_runtime import wire
from kis_runtime.endpoint import Endpoint
from kis_runtime.environment import Environment
from kis_runtime.errors import (
    AuthError,
    ConfigError,
    HttpError,
    PagingError,
    ResponseFormatError,
    api_error,
)
from kis_runtime.model import KisResponse, ResponseHeaders
from kis_runtime.redact import mask

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_PAGES = 100
CONTENT_TYPE = "application/json; charset=utf-8"


@attrs.frozen(kw_only=True)
class CorporateHeaders:
    """Headers KIS requires of corporate (custtype B) customers; all optional for individuals."""

    personalseckey: str | None = attrs.field(default=None, repr=mask)
    seq_no: str | None = None
    # Personal data of the end user: masked in repr like the secrets.
    mac_address: str | None = attrs.field(default=None, repr=mask)
    phone_number: str | None = attrs.field(default=None, repr=mask)
    ip_addr: str | None = attrs.field(default=None, repr=mask)
    gt_uid: str | None = None

    def as_headers(self) -> dict[str, str]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(kw_only=True)
class Settings:
    """A client's configuration. Secrets are masked in repr."""

    app_key: str = attrs.field(repr=mask)
    app_secret: str = attrs.field(repr=mask)
    environment: Environment = Environment.REAL
    base_url: str = ""
    custtype: str = "P"
    corporate: CorporateHeaders = attrs.field(factory=CorporateHeaders)
    timeout: float = DEFAULT_TIMEOUT
    max_pages: int = DEFAULT_MAX_PAGES

    def __attrs_post_init__(self) -> None:
        if not self.app_key or not self.app_secret:
            raise ConfigError("app_key and app_secret are required")
        if self.custtype not in ("P", "B"):
            raise ConfigError(f"custtype must be 'P' (개인) or 'B' (법인), got {self.custtype!r}")
        if self.max_pages < 1:
            raise ConfigError("max_pages must be at least 1")
        if not self.base_url:
            object.__setattr__(self, "base_url", self.environment.base_url)
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))


def settings_from_env(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """KIS_APP_KEY, KIS_APP_SECRET, KIS_ENVIRONMENT (real|paper), KIS_BASE_URL."""
    env = os.environ if environ is None else environ
    missing = [name for name in ("KIS_APP_KEY", "KIS_APP_SECRET") if not env.get(name)]
    if missing:
        raise ConfigError(f"environment variable(s) not set: {', '.join(missing)}")
    try:
        environment = Environment.parse(env.get("KIS_ENVIRONMENT", "real"))
    except ValueError as exc:
        raise ConfigError(f"KIS_ENVIRONMENT: {exc}") from None
    values: dict[str, Any] = {
        "app_key": env["KIS_APP_KEY"],
        "app_secret": env["KIS_APP_SECRET"],
        "environment": environment,
        "base_url": env.get("KIS_BASE_URL", ""),
    }
    values.update(overrides)
    return Settings(**values)


def build_request(
    settings: Settings,
    endpoint: Endpoint[Any, Any],
    values: Mapping[str, Any],
    *,
    tr_id: str,
    token: str,
    tr_cont: str = "",
    extra_headers: Mapping[str, str] | None = None,
) -> httpx.Request:
    """The HTTP request for `values`: the request's wire params (Endpoint.wire_params)."""
    headers = {
        "content-type": CONTENT_TYPE,
        "authorization": f"Bearer {token}",
        "appkey": settings.app_key,
        "appsecret": settings.app_secret,
        "tr_id": tr_id,
        "tr_cont": tr_cont,
        "custtype": settings.custtype,
        **settings.corporate.as_headers(),
        **(extra_headers or {}),
    }
    url = settings.base_url + endpoint.path
    if endpoint.method == "GET":
        return httpx.Request("GET", url, headers=headers, params=dict(values))
    return httpx.Request(
        endpoint.method, url, headers=headers, content=json.dumps(values, ensure_ascii=False)
    )


def decode_json(response: httpx.Response, what: str) -> Any:
    """The reply's JSON, or the error that says what came instead."""
    try:
        return response.json()
    except ValueError:
        snippet = response.text[:120]
        if response.status_code >= 400:
            raise HttpError(response.status_code, f"{what}: non-JSON reply {snippet!r}") from None
        raise ResponseFormatError(what, "<body>", snippet, "reply is not valid JSON") from None


def interpret(endpoint: Endpoint[Any, Any], tr_id: str, response: httpx.Response) -> Any:
    """The typed response, or the typed error the reply amounts to."""
    status = response.status_code
    data = decode_json(response, tr_id)
    if isinstance(data, dict) and "error_code" in data:
        raise AuthError(str(data["error_code"]), str(data.get("error_description", "")), status)
    rt_cd = data.get("rt_cd") if isinstance(data, dict) else None
    if rt_cd is None:
        if status >= 400:
            raise HttpError(status, f"{tr_id}: reply without rt_cd")
        raise ResponseFormatError(tr_id, "rt_cd", None, "missing from the reply")
    if rt_cd != "0":
        raise api_error(
            tr_id, str(rt_cd), str(data.get("msg_cd", "")), str(data.get("msg1", "")), status
        )
    if status >= 400:
        raise HttpError(status, f"{tr_id}: rt_cd 0 with an error status")
    try:
        result: KisResponse = wire.structure(data, endpoint.response_type)
    except Exception:  # noqa: BLE001 - any structuring failure is located by diagnose
        found = wire.diagnose(tr_id, data, endpoint, endpoint.sensitive_names)
        raise ResponseFormatError(
            found.tr_id, found.field, found.value, found.reason, raw=data
        ) from None
    result.headers = ResponseHeaders(
        tr_id=response.headers.get("tr_id", ""),
        tr_cont=response.headers.get("tr_cont", ""),
        gt_uid=response.headers.get("gt_uid", ""),
    )
    result.raw = data
    return result


class Pager:
    """Paging state: tr_cont F/M -> next request with tr_cont N and the ctx keys; D/E/blank stops.

    Refuses a cursor seen before (the server would loop forever) and stops at max_pages with an
    error rather than a silently truncated result.
    """

    def __init__(self, endpoint: Endpoint[Any, Any], max_pages: int) -> None:
        self.endpoint = endpoint
        self.max_pages = max_pages
        self.pages: list[Any] = []
        self.tr_cont = ""
        self.cursor: dict[str, str] = {}
        self.done = False
        self._seen: set[tuple[tuple[str, str], ...]] = set()

    def accept(self, page: KisResponse) -> None:
        self.pages.append(page)
        if not page.headers.has_more:
            self.done = True
            return
        name = self.endpoint.title
        cursor = {param: str(getattr(page, field)) for param, field in self.endpoint.cursor.items()}
        key = tuple(sorted(cursor.items()))
        if cursor and key in self._seen | {tuple(sorted(self.cursor.items()))}:
            raise PagingError(
                f"{name}: the server sent a continuation key it sent before; stopped paging"
            )
        if len(self.pages) >= self.max_pages:
            raise PagingError(
                f"{name}: more pages after max_pages={self.max_pages}; raise the cap to get all"
            )
        self._seen.add(key)
        self.cursor, self.tr_cont = cursor, "N"
