"""The HTTP request of one TR call: KIS's headers and the wire params as query or JSON body."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from kis_runtime.secret import reveal
from kis_runtime.settings import Settings

if TYPE_CHECKING:
    # Type hints only: the TR metadata machinery loads with the first TR module.
    from kis_runtime.endpoint import Endpoint

CONTENT_TYPE = "application/json; charset=utf-8"


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
        "authorization": "Bearer " + reveal(token),
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
        # httpx writes query values with str(): a Secret (an account number) must be revealed.
        params = {k: reveal(v) if isinstance(v, str) else v for k, v in values.items()}
        return httpx.Request("GET", url, headers=headers, params=params)
    return httpx.Request(
        endpoint.method, url, headers=headers, content=json.dumps(values, ensure_ascii=False)
    )
