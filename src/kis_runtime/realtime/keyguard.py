"""The client's last check before a record is delivered: is it about what was registered?

A code-keyed TR's record names its instrument in its key field (`RealtimeTr.key`:
MKSC_SHRN_ISCD, RSYM, ...). The decoder already refuses a key that does not look like a tr_key;
here the key must be one of the tr_keys this session registered for that TR id (at any time, so
the records KIS still sends right after an unsubscribe are not refused). A record that fails is
malformed: a field list off by one, or a frame for something never asked for. It is counted
(`stats.malformed`), kept in `client.problems`, logged with its value masked, and never delivered.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from typing import Any

from kis_runtime.realtime.channel import Stats
from kis_runtime.realtime.errors import RealtimeFormatError
from kis_runtime.realtime.messages import Records, ServerError
from kis_runtime.realtime.record import RealtimeTr
from kis_runtime.redact import mask

logger = logging.getLogger("kis.realtime")


class KeyGuard:
    """Per client: the tr_keys registered per TR id, and the records it may deliver."""

    def __init__(self, stats: Stats, problems: deque[BaseException | ServerError]) -> None:
        self.stats, self.problems = stats, problems
        self._registered: dict[str, set[str]] = {}

    def admit(self, message: Records, subscriptions: Iterable[tuple[str, str]]) -> tuple[Any, ...]:
        """The records of `message` to deliver; `subscriptions`: the client's (TR id, key)s."""
        records = message.records
        if not records:
            return records
        tr = _tr_of(records[0])
        info = None if tr is None else tr.key_info
        if tr is None or info is None:
            return records  # an HTS-ID TR (체결통보), or a TR with no key field
        attribute = info.py_name
        known = self._registered.setdefault(message.tr_id, set())
        if all(_same(getattr(r, attribute)) in known for r in records):
            return records  # the common case: keys seen registered before
        # A key registered since: the client's registrations, read only when a key is new.
        known.update(_same(key) for tr_id, key in subscriptions if tr_id == message.tr_id)
        if all(_same(getattr(r, attribute)) in known for r in records):
            return records
        admitted = []
        for record in records:
            value = getattr(record, attribute)
            if _same(value) in known:
                admitted.append(record)
            else:
                self._refuse(message.tr_id, tr, value, len(known))
        return tuple(admitted)

    def _refuse(self, tr_id: str, tr: RealtimeTr, value: str, known: int) -> None:
        info = tr.key_info
        assert info is not None
        error = RealtimeFormatError(
            f"{tr_id}: key field {info.name} holds {mask(value)}, none of the {known} tr_key(s) "
            f"registered for {tr_id}: record not delivered (a field list off by one, or a "
            "frame for another registration)",
            tr_id=tr_id,
            field=info.name,
        )
        self.stats.malformed += 1
        self.problems.append(error)
        logger.warning("realtime record refused: %s", error)


def _same(key: str) -> str:
    """A key as compared: blanks around it and letter case aside (never how it is delivered)."""
    return key.strip().upper()


def _tr_of(record: Any) -> RealtimeTr | None:
    found = getattr(type(record), "__kis_tr__", None)
    return found if isinstance(found, RealtimeTr) else None
