"""Hashkey: POST /uapi/hashkey signs an order body; the order then carries it as a header.

Used for every POST TR whose spec says `hashkey: true` (Endpoint.hashkey); nothing is per-TR.
Fetching a hashkey places nothing, so it is as safe to retry as a GET.
"""

from __future__ import annotations

from typing import Any

import httpx

from kis_runtime.errors import HttpError, ResponseFormatError
from kis_runtime.request import CONTENT_TYPE
from kis_runtime.secret import Secret
from kis_runtime.settings import Settings

HASHKEY_PATH = "/uapi/hashkey"


def hashkey_request(settings: Settings, body: bytes) -> httpx.Request:
    """The request for the hash of exactly the bytes the order will send."""
    headers = {
        "content-type": CONTENT_TYPE,
        "appkey": settings.app_key,
        "appsecret": settings.app_secret,
    }
    return httpx.Request("POST", settings.base_url + HASHKEY_PATH, headers=headers, content=body)


def parse_hashkey_reply(status: int, data: Any) -> str:
    """The HASH of a `{"JsonBody": {...}, "HASH": "..."}` reply."""
    if status >= 400:
        raise HttpError(status, "hashkey endpoint refused the request")
    value = data.get("HASH") if isinstance(data, dict) else None
    if not isinstance(value, str) or not value:
        raise ResponseFormatError("hashkey", "HASH", None, "missing from the hashkey reply")
    return Secret(value)
