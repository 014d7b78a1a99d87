"""Reading a KIS reply: the typed response, or the typed error the reply amounts to."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from kis_runtime.errors import AuthError, HttpError, ResponseFormatError, api_error
from kis_runtime.model import ResponseHeaders
from kis_runtime.response import KisResponse

if TYPE_CHECKING:
    # Type hints only: the TR metadata machinery loads with the first TR module.
    from kis_runtime.endpoint import Endpoint


def loads(content: bytes) -> Any:
    """JSON text to Python values: orjson when installed (the `fast` extra; 2-3x quicker on big
    replies), else the standard library. Anything orjson refuses is read again by `json`, which
    decides (orjson is stricter about integers past 64 bits and lone surrogates)."""
    global _fast_loads
    if _fast_loads is None:
        try:
            from orjson import loads as fast
        except ImportError:
            fast = json.loads  # type: ignore[assignment]
        _fast_loads = fast
    try:
        return _fast_loads(content)
    except ValueError:
        return json.loads(content)


_fast_loads: Callable[[bytes], Any] | None = None


def decode_json(response: httpx.Response, what: str, *, quote: bool = True) -> Any:
    """The reply's JSON, or the error that says what came instead.

    quote=False for replies that carry secrets (tokenP, revokeP, hashkey): the error then
    gives the body's size and type, never its text: the secret in it is not known yet.
    """
    try:
        return loads(response.content)
    except ValueError:
        kind = response.headers.get("content-type", "no content-type")
        body = response.text[:120] if quote else f"<{len(response.content)} bytes, {kind}>"
        if response.status_code >= 400:
            raise HttpError(response.status_code, f"{what}: non-JSON reply {body!r}") from None
        raise ResponseFormatError(what, "<body>", body, "reply is not valid JSON") from None


def kis_code(value: Any) -> str | None:
    """rt_cd / msg_cd as the KIS code it stands for, whatever its JSON type: 0, "0" and " 0"
    are all "0". None when absent (or JSON null)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _with_codes(data: dict[str, Any]) -> dict[str, Any]:
    """The reply with rt_cd / msg_cd as strings, as the response classes declare them."""
    fixed: dict[str, Any] = {k: kis_code(data[k]) for k in ("rt_cd", "msg_cd") if k in data}
    return data if all(data[k] == v for k, v in fixed.items()) else {**data, **fixed}


def interpret(endpoint: Endpoint[Any, Any], tr_id: str, response: httpx.Response) -> Any:
    """The typed response, or the typed error the reply amounts to."""
    status = response.status_code
    data = decode_json(response, tr_id)
    if isinstance(data, dict) and "error_code" in data:
        raise AuthError(str(data["error_code"]), str(data.get("error_description", "")), status)
    rt_cd = kis_code(data.get("rt_cd")) if isinstance(data, dict) else None
    if rt_cd is None:
        if status >= 400:
            raise HttpError(status, f"{tr_id}: reply without rt_cd")
        raise ResponseFormatError(tr_id, "rt_cd", None, "missing from the reply")
    if rt_cd != "0":
        msg_cd = kis_code(data.get("msg_cd")) or ""
        raise api_error(tr_id, rt_cd, msg_cd, str(data.get("msg1", "")), status)
    data = _with_codes(data)
    if status >= 400:
        raise HttpError(status, f"{tr_id}: rt_cd 0 with an error status")
    result: KisResponse = endpoint.parser.parse(tr_id, data)
    result.headers = ResponseHeaders(
        tr_id=response.headers.get("tr_id", ""),
        tr_cont=response.headers.get("tr_cont", ""),
        gt_uid=response.headers.get("gt_uid", ""),
    )
    result.http = response
    return result
