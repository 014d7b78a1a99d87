"""Realtime (WebSocket) TRs: typed records, a connection-free decoder, async and blocking clients.

`decode` and the record machinery load nothing heavy; the clients import `websockets` (and the
decoder `cryptography`) only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kis_runtime.fields import FieldInfo
from kis_runtime.realtime.decode import decode, decrypt, encrypt
from kis_runtime.realtime.errors import (
    AppKeyInUseError,
    ConnectionLostError,
    QueueOverflowError,
    RealtimeError,
    RealtimeFormatError,
    ReconnectingError,
    SubscriptionError,
    SubscriptionLimitError,
)
from kis_runtime.realtime.messages import Ack, AesKey, Message, Ping, Records, ServerError
from kis_runtime.realtime.record import NULLS, RealtimeTr

if TYPE_CHECKING:
    from kis_runtime.realtime.channel import Stats
    from kis_runtime.realtime.client import RealtimeClient, Reconnect
    from kis_runtime.realtime.sync import BlockingRealtimeClient

__all__ = [
    "NULLS",
    "Ack",
    "AesKey",
    "AppKeyInUseError",
    "BlockingRealtimeClient",
    "ConnectionLostError",
    "FieldInfo",
    "Message",
    "Ping",
    "QueueOverflowError",
    "RealtimeClient",
    "RealtimeError",
    "RealtimeFormatError",
    "RealtimeTr",
    "Reconnect",
    "ReconnectingError",
    "Records",
    "ServerError",
    "Stats",
    "SubscriptionError",
    "SubscriptionLimitError",
    "decode",
    "decrypt",
    "encrypt",
]

LAZY = {
    "RealtimeClient": "kis_runtime.realtime.client",
    "Reconnect": "kis_runtime.realtime.client",
    "Stats": "kis_runtime.realtime.channel",
    "BlockingRealtimeClient": "kis_runtime.realtime.sync",
}


def __getattr__(name: str) -> Any:
    if name in LAZY:
        import importlib

        return getattr(importlib.import_module(LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
