"""Realtime errors: all KisError subclasses, none of them showing keys, AES keys or HTS IDs."""

from __future__ import annotations

from kis_runtime.errors import KisError


class RealtimeError(KisError):
    """Base of the realtime (WebSocket) errors."""


class RealtimeFormatError(RealtimeError):
    """A message off the format or the spec, naming the TR, the field and the value."""

    def __init__(self, message: str, *, tr_id: str = "", field: str = "") -> None:
        super().__init__(message)
        self.tr_id, self.field = tr_id, field


class SubscriptionError(RealtimeError):
    """KIS refused a registration or answered with an error (rt_cd != "0")."""

    def __init__(self, tr_id: str, rt_cd: str, msg_cd: str, msg1: str) -> None:
        super().__init__(f"{tr_id or 'realtime'}: rt_cd={rt_cd} msg_cd={msg_cd} {msg1.strip()}")
        self.tr_id, self.rt_cd, self.msg_cd, self.msg1 = tr_id, rt_cd, msg_cd, msg1


class AppKeyInUseError(SubscriptionError):
    """KIS allows one session per app key: another session (process) holds it."""


class SubscriptionLimitError(RealtimeError):
    """More registrations than KIS allows in one session (41 across all TRs)."""


class QueueOverflowError(RealtimeError):
    """The consumer fell behind with overflow="raise": records were dropped (see .dropped)."""

    def __init__(self, dropped: int) -> None:
        super().__init__(
            f"{dropped} realtime record(s) dropped: the consumer is slower than the feed"
        )
        self.dropped = dropped


class ConnectionLostError(RealtimeError):
    """The session dropped and reconnecting failed after the configured attempts (connect()
    starts a new session), or it dropped while a call waited for KIS's answer."""


class ReconnectingError(ConnectionLostError):
    """No session right now: the client is re-establishing it (back-off); retry later."""
