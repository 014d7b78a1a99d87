"""What one realtime message decodes to: records, an acknowledgement, PINGPONG, or a KIS error."""

from __future__ import annotations

from typing import Any

import attrs

from kis_runtime.redact import mask

# KIS's msg1 texts (msg_cd varies by server; the text does not).
SUBSCRIBED = "SUBSCRIBE SUCCESS"
UNSUBSCRIBED = "UNSUBSCRIBE SUCCESS"
ALREADY_SUBSCRIBED = "ALREADY IN SUBSCRIBE"
LIMIT = "MAX SUBSCRIBE OVER"
APP_KEY_IN_USE = "ALREADY IN USE"
INVALID_APPROVAL = "invalid approval"


@attrs.frozen
class AesKey:
    """The AES-256 key and IV of one encrypted TR's acknowledgement. Never shown."""

    key: str = attrs.field(repr=mask)
    iv: str = attrs.field(repr=mask)


@attrs.define
class Records:
    """A data frame: its TR id and the typed records it carried, in order.

    (Not frozen, unlike the other messages: one is built per data frame, and a frozen attrs
    class costs several times as much to build.)"""

    tr_id: str
    records: tuple[Any, ...]
    encrypted: bool = False


@attrs.frozen
class Ack:
    """A successful (rt_cd "0") answer to a registration or a release."""

    tr_id: str
    tr_key: str = attrs.field(repr=mask)  # an HTS ID for notices: masked either way
    msg_cd: str
    msg1: str
    encrypted: bool = False
    aes: AesKey | None = None

    @property
    def released(self) -> bool:
        return UNSUBSCRIBED in self.msg1.upper()

    @property
    def subscribed(self) -> bool:
        """The text says SUBSCRIBE SUCCESS (a registration's answer, never a release's)."""
        return SUBSCRIBED in self.msg1.upper() and not self.released


@attrs.frozen
class Ping:
    """PINGPONG: the server's keep-alive; a client echoes `text` back."""

    text: str


@attrs.frozen
class ServerError:
    """A KIS error message (rt_cd "1", "9", …); `tr_id` may be "(null)" or empty."""

    tr_id: str
    tr_key: str = attrs.field(repr=mask)
    rt_cd: str
    msg_cd: str
    msg1: str

    @property
    def already_subscribed(self) -> bool:
        return ALREADY_SUBSCRIBED in self.msg1.upper()

    @property
    def limit_reached(self) -> bool:
        return LIMIT in self.msg1.upper()

    @property
    def app_key_in_use(self) -> bool:
        return APP_KEY_IN_USE in self.msg1.upper()


Message = Records | Ack | Ping | ServerError
