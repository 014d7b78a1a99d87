"""Time as the simulator sees it: injectable, so tests never wait for a window to pass."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def __call__(self) -> float:
        """Epoch seconds."""
        ...


class ManualClock:
    """A clock that moves only when told to (thread-safe: the server reads it from threads)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds


def system_clock() -> float:
    return time.time()
