"""websockets logs every frame's text at DEBUG: approval keys, AES keys, HTS IDs. The loggers
given to websockets here keep each frame's kind and size, never its content; `preview` says the
same of a message in a problem or a log line."""

from __future__ import annotations

import logging
import re


class FrameContentFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg in ("< %s", "> %s") and isinstance(record.args, tuple) and record.args:
            frame = record.args[0]
            data = getattr(frame, "data", None)
            if data is not None:
                kind = str(frame).split(" ", 1)[0]
                record.args = (f"{kind} [{len(data)} bytes, content not logged]",)
        return True


def frame_logger(name: str) -> logging.Logger:
    logger = logging.getLogger(name)
    if not any(isinstance(f, FrameContentFilter) for f in logger.filters):
        logger.addFilter(FrameContentFilter())
    return logger


# A data frame's head: encryption flag and TR id (never the values: an order notice's first
# values are the HTS ID and the account number).
_FRAME_HEAD = re.compile(r"[01]\|[A-Za-z0-9]{1,16}\|")


def preview(text: str | bytes) -> str:
    """What a problem or a log line may say about a message it cannot read: its kind and size,
    a data frame's TR id, never its content (it can carry HTS IDs, account numbers, keys)."""
    if isinstance(text, bytes):
        return f"[binary frame, {len(text)} bytes, content not shown]"
    head = _FRAME_HEAD.match(text)
    if head is not None:
        shown = head.group(0)
    elif text.lstrip().startswith("{"):
        shown = "{"
    else:
        shown = ""
    return f"{shown + '…'!r} [{len(text)} chars, content not shown]"
