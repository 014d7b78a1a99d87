"""Sending a confirmed order: through the reconciling order path (`kis_runtime.orders`), which
answers placed / not placed / ambiguous and never sends an order twice.

Until that module is in the runtime, the client's own call is used with the same answers: an
order whose outcome is unknown (sent, no readable answer) is reported `ambiguous` and never
resent (the client never resends a POST either).
"""

from __future__ import annotations

import importlib
from typing import Any

from kis_runtime.blocks import blocks, rows
from kis_runtime.catalog import TrInfo
from kis_runtime.cli.output import jsonable
from kis_runtime.errors import ApiError, KisError, OutcomeUnknownError, ResponseFormatError

CHECK = "check the account's orders (e.g. 주식일별주문체결조회) before sending it again"


def reply_json(endpoint: Any, page: Any) -> dict[str, Any]:
    """A reply's blocks as JSON (Decimal as exact strings, sensitive fields masked)."""
    out: dict[str, Any] = {}
    for block in blocks(endpoint):
        found = [
            {
                f.name: ("***" if f.sensitive and value else jsonable(value))
                for f in block.fields
                for value in (getattr(r, f.py_name),)
            }
            for r in rows(block, page)
        ]
        out[block.name] = found if block.array else (found[0] if found else None)
    return out


def _reconciling() -> Any:
    try:
        module = importlib.import_module("kis_runtime.orders")
    except ImportError:
        return None
    return getattr(module, "place_async", None)


def _verdict(endpoint: Any, verdict: Any) -> dict[str, Any]:
    """A reconcile verdict (Placed / NotPlaced / Ambiguous) or a plain response, as JSON."""
    kind = type(verdict).__name__
    if kind in ("Placed", "NotPlaced", "Ambiguous"):
        status = {"Placed": "placed", "NotPlaced": "not_placed", "Ambiguous": "ambiguous"}[kind]
        out: dict[str, Any] = {"status": status, "message": str(getattr(verdict, "reason", ""))}
        response = getattr(verdict, "response", None)
        if response is not None:
            out["reply"] = reply_json(endpoint, response)
        if status == "ambiguous":
            out["next"] = CHECK
        return out
    return {"status": "placed", "reply": reply_json(endpoint, verdict)}


async def place(client: Any, tr: TrInfo, request: Any, variant: str | None) -> dict[str, Any]:
    from kis_runtime.registry import load

    endpoint = load(tr.entry)
    reconciling = _reconciling()
    try:
        if reconciling is not None:
            return _verdict(endpoint, await reconciling(client, endpoint, request, variant=variant))
        response = await client.call(endpoint, request, variant=variant)
    except OutcomeUnknownError as exc:
        return {"status": "ambiguous", "message": str(exc), "next": CHECK}
    except ResponseFormatError as exc:
        if exc.accepted:  # KIS answered rt_cd 0: placed, its reply off the spec
            return {"status": "placed", "message": str(exc), "raw": exc.raw}
        return {"status": "ambiguous", "message": str(exc), "next": CHECK}
    except ApiError as exc:
        return {"status": "not_placed", "msg_cd": exc.msg_cd, "message": str(exc)}
    except KisError as exc:
        # Refused before anything left (token, rate limit, environment): nothing was placed.
        return {"status": "not_placed", "message": f"{type(exc).__name__}: {exc}"}
    return {"status": "placed", "reply": reply_json(endpoint, response)}
