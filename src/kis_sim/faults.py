"""Injected faults: what a TR request gets instead of (or before) its normal reply.

Selected per run (SimConfig.faults: every TR request), per schedule (FaultSchedule on the
running simulator: "the next N requests", "request #k") or per request (the test-only header
`x-kis-sim-fault: <kind>[:<seconds>]`).
"""

from __future__ import annotations

import enum
import threading
from collections import deque

import attrs

FAULT_HEADER = "x-kis-sim-fault"


class FaultKind(str, enum.Enum):
    RATE_LIMIT = "rate_limit"  # EGW00201, HTTP 500
    TOKEN_EXPIRED = "token_expired"  # EGW00123, HTTP 500
    SERVER_ERROR = "server_error"  # HTTP 5xx with a non-JSON body (a proxy's error page)
    SLOW = "slow"  # the normal reply, after `delay` seconds
    MALFORMED_JSON = "malformed_json"  # HTTP 200, a body cut short
    DATA_CHANGED = "data_changed"  # SYDB0050: the data changed while paging
    # Order (POST) TRs only: the connection closes without a reply, after the order is placed
    # (in the order book) or before anything is.
    ACCEPT_THEN_DROP = "accept_then_drop"
    DROP_BEFORE_ACCEPT = "drop_before_accept"


# Faults that wait for the next order (POST) request and leave other requests alone.
ORDER_FAULTS = frozenset({FaultKind.ACCEPT_THEN_DROP, FaultKind.DROP_BEFORE_ACCEPT})


@attrs.frozen
class Fault:
    kind: FaultKind = attrs.field(converter=FaultKind)
    delay: float = 2.0  # SLOW only
    status: int = 502  # SERVER_ERROR only

    @classmethod
    def parse(cls, text: str) -> Fault:
        """`kind`, `slow:SECONDS` or `server_error:STATUS` (CLI flags and the fault header)."""
        kind, _, arg = text.strip().partition(":")
        fault = cls(FaultKind(kind))
        if arg and fault.kind is FaultKind.SLOW:
            return attrs.evolve(fault, delay=float(arg))
        if arg and fault.kind is FaultKind.SERVER_ERROR:
            return attrs.evolve(fault, status=int(arg))
        if arg:
            raise ValueError(f"fault {kind!r} takes no argument")
        return fault


class FaultSchedule:
    """Faults for coming TR requests, numbered from 1 in arrival order (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._next: deque[Fault] = deque()
        self._at: dict[int, Fault] = {}

    @property
    def count(self) -> int:
        """TR requests seen so far."""
        with self._lock:
            return self._count

    def next(self, fault: Fault | FaultKind | str, times: int = 1) -> None:
        """The next `times` TR requests get `fault`."""
        with self._lock:
            self._next.extend([_fault(fault)] * times)

    def at(self, number: int, fault: Fault | FaultKind | str) -> None:
        """TR request number `number` (counting from 1 since the simulator started) gets it."""
        with self._lock:
            self._at[number] = _fault(fault)

    def clear(self) -> None:
        with self._lock:
            self._next.clear()
            self._at.clear()

    def take(self, order: bool = True) -> Fault | None:
        """Count one TR request; the fault scheduled for it, if any (an order fault waits in
        `next` for an order request: `order` says whether this is one)."""
        with self._lock:
            self._count += 1
            at = self._at.pop(self._count, None)
            if at is not None:
                return at
            if self._next and (order or self._next[0].kind not in ORDER_FAULTS):
                return self._next.popleft()
            return None


def _fault(value: Fault | FaultKind | str) -> Fault:
    if isinstance(value, Fault):
        return value
    return Fault(FaultKind(value))


class RateWindow:
    """Requests per app key in the last second; refuses above `limit` (KIS: EGW00201)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}

    def admit(self, app_key: str, now: float) -> bool:
        with self._lock:
            times = self._seen.setdefault(app_key, deque())
            while times and times[0] <= now - 1.0:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True
