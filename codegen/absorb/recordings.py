"""Reading a directory of recordings (kis_runtime.recording's format) for `absorb`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs

from kis_runtime.recording import FORMAT


class RecordingError(Exception):
    """A recording that claims the format but cannot be read: names the file (and line)."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")
        self.where = where


@attrs.frozen
class Reply:
    """One recorded REST reply."""

    source: str  # file, relative to the directory
    tr_id: str
    time: dt.datetime
    status: int
    body: Any


@attrs.frozen
class Frame:
    """One recorded realtime data frame, split into its records."""

    source: str  # file:line
    tr_id: str
    time: dt.datetime
    records: tuple[tuple[str, ...], ...]


@attrs.frozen
class Recordings:
    replies: tuple[Reply, ...]
    frames: tuple[Frame, ...]
    skipped: tuple[str, ...]  # JSON files that are not recordings


def _time(value: Any, where: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise RecordingError(where, f"'time' is not an ISO 8601 time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _field(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise RecordingError(where, f"missing {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        raise RecordingError(where, f"{key!r} is not a {kind.__name__}: {value!r}"[:200])
    return value


def _reply(data: dict[str, Any], where: str) -> Reply:
    return Reply(
        where,
        _field(data, "tr_id", str, where),
        _time(_field(data, "time", str, where), where),
        _field(data, "status", int, where),
        data.get("body"),
    )


def _frame(data: dict[str, Any], where: str) -> Frame:
    records = _field(data, "records", list, where)
    if not all(isinstance(r, list) and all(isinstance(v, str) for v in r) for r in records):
        raise RecordingError(where, "'records' is not a list of lists of strings")
    return Frame(
        where,
        _field(data, "tr_id", str, where),
        _time(_field(data, "time", str, where), where),
        tuple(tuple(r) for r in records),
    )


def read(directory: Path) -> Recordings:
    """Every recording under `directory` (recursively), in time order."""
    if not directory.is_dir():
        raise RecordingError(str(directory), "not a directory")
    replies: list[Reply] = []
    frames: list[Frame] = []
    skipped: list[str] = []
    for path in sorted(directory.rglob("*")):
        name = str(path.relative_to(directory))
        if path.suffix == ".json" and not path.name.startswith("."):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise RecordingError(name, f"not JSON ({exc})") from None
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                skipped.append(name)
                continue
            replies.append(_reply(data, name))
        elif path.suffix == ".ndjson":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                where = f"{name}:{n}"
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except ValueError as exc:
                    raise RecordingError(where, f"not JSON ({exc})") from None
                if not isinstance(data, dict) or data.get("format") != FORMAT:
                    raise RecordingError(where, f"not a {FORMAT} line")
                frames.append(_frame(data, where))
    return Recordings(
        tuple(sorted(replies, key=lambda r: (r.time, r.source))),
        tuple(sorted(frames, key=lambda f: (f.time, f.source))),
        tuple(skipped),
    )
