"""Sending a confirmed order through the reconciling order path (`kis_runtime.orders`): sent once,
never resent; when its outcome is unknown, the account's orders are looked up and the answer is
placed / not placed / ambiguous (kis_runtime.reconcile).

Answers, as JSON: `placed` (KIS's reply, or the order number reconciling found), `not_placed`
(KIS refused it, or reconciling found no such order: preparing it again is safe), `ambiguous`
(several matching orders, or the outcome is still unknown: check the account before acting).
"""

from __future__ import annotations

from typing import Any

from kis_runtime.blocks import blocks, rows
from kis_runtime.catalog import TrInfo
from kis_runtime.cli.output import jsonable
from kis_runtime.errors import ApiError, KisError, OutcomeUnknownError, ResponseFormatError
from kis_runtime.orders import place_async
from kis_runtime.reconcile import Ambiguous, NotPlaced, Placed

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


def verdict_json(endpoint: Any, result: Any) -> dict[str, Any]:
    """place_async's result: the order TR's response, or a reconcile verdict."""
    if isinstance(result, Placed):
        recorded = {k: jsonable(v) for k, v in result.recorded.items()}
        return {
            "status": "placed",
            "order_number": result.order_number,
            "message": f"the reply was lost; {result.inquiry} shows the order",
            "recorded": recorded,
        }
    if isinstance(result, NotPlaced):
        return {"status": "not_placed", "message": str(result)}
    if isinstance(result, Ambiguous):
        return {
            "status": "ambiguous",
            "order_numbers": list(result.order_numbers),
            "message": str(result),
            "next": CHECK,
        }
    return {"status": "placed", "reply": reply_json(endpoint, result)}


async def place(client: Any, tr: TrInfo, request: Any, variant: str | None) -> dict[str, Any]:
    from kis_runtime.registry import load

    endpoint = load(tr.entry)
    try:
        return verdict_json(endpoint, await place_async(client, endpoint, request, variant=variant))
    except OutcomeUnknownError as exc:  # reconciling could not tell either
        notes = " ".join(getattr(exc, "__notes__", ()))
        return {"status": "ambiguous", "message": f"{exc} {notes}".strip(), "next": CHECK}
    except ResponseFormatError as exc:
        if exc.accepted:  # KIS answered rt_cd 0: placed, its reply off the spec
            return {"status": "placed", "message": str(exc)}
        return {"status": "ambiguous", "message": str(exc), "next": CHECK}
    except ApiError as exc:
        return {"status": "not_placed", "msg_cd": exc.msg_cd, "message": str(exc)}
    except KisError as exc:
        # Refused before anything left (token, rate limit, environment, no reconciliation).
        return {"status": "not_placed", "message": f"{type(exc).__name__}: {exc}"}
