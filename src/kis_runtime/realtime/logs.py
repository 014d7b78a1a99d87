"""websockets logs every frame's text at DEBUG: approval keys, AES keys, HTS IDs. The loggers
given to websockets here keep each frame's kind and size, never its content."""

from __future__ import annotations

import logging


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
