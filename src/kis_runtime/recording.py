"""Recordings: every raw reply or realtime frame, masked, written to a directory to share and to
absorb (`python -m codegen absorb DIR`: fields KIS added become spec fields).

Turned on by `kis.Client(..., record=DIR)` / `AsyncClient`, `RealtimeClient(..., record=DIR)` or
`kis call ... --save DIR`. The format (`FORMAT`), one directory holding any number of files:

- a REST reply: one JSON file `<UTC time>_<TR id>_<pid>_<n>.json`:
  `{"format": "kis-recording/1", "kind": "rest", "tr_id", "time" (ISO 8601, UTC), "method",
  "path", "endpoint" (the module under kis), "params" (KIS name: value as sent), "status",
  "headers" ({tr_id, tr_cont, gt_uid}), "body" (the JSON as received; null if it was not JSON)}`;
- realtime: one NDJSON file per client, `realtime_<UTC time>_<pid>_<n>.ndjson`, a line per data
  frame: `{"format", "kind": "realtime", "tr_id", "time", "encrypted", "records": [[value, ...],
  ...]}` (the frame's values split into its records, decrypted). Not recorded: acknowledgements
  (they carry AES keys), PINGPONG, KIS errors, and frames that cannot be read safely (a TR id
  the registry lacks, no key to decrypt, values that do not split into the frame's records).

Masked (`"***"`; an empty value stays empty): every param and reply key the TR's spec marks
sensitive, every key whose name the sensitivity table names (kis_runtime.sensitivity: a key no spec
names yet is caught too), every known secret value wherever it occurs (app key, secret, account
numbers sent: the client's Redactor), and in realtime records the sensitive fields plus any value
holding one of their values. Headers other than tr_id / tr_cont / gt_uid are never written.

A recording that cannot be written (disk full, permissions) is logged and counted in `errors`,
never raised into the call: an order's reply must not be lost to its recording.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kis_runtime.redact import Redactor
from kis_runtime.sensitivity import sensitivity

if TYPE_CHECKING:
    import httpx

    from kis_runtime.endpoint import Endpoint
    from kis_runtime.realtime.messages import AesKey

FORMAT = "kis-recording/1"
MASK = "***"
_HEADERS = ("tr_id", "tr_cont", "gt_uid")

logger = logging.getLogger("kis")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def masked(value: Any, sensitive: Collection[str]) -> Any:
    """A reply body (or params) with every sensitive key's value masked, at any depth.

    `sensitive`: lowercase KIS names the spec marks; names of the sensitivity table are added."""
    if isinstance(value, Mapping):
        return {
            key: (
                (MASK if item not in ("", None) else item)
                if key.lower() in sensitive or sensitivity(key) is not None
                else masked(item, sensitive)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [masked(item, sensitive) for item in value]
    return value


class Recorder:
    """Writes recordings into one directory (created if missing). Thread-safe; one per client or
    shared by several (`record=` takes a Recorder too)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.written = 0
        self.errors = 0
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._frames: IO[str] | None = None

    def __repr__(self) -> str:
        return f"Recorder({str(self.directory)!r}, written={self.written}, errors={self.errors})"

    def reply(
        self,
        endpoint: Endpoint[Any, Any],
        tr_id: str,
        params: Mapping[str, Any],
        response: httpx.Response,
        redactor: Redactor,
    ) -> None:
        """Record one REST reply (called once per reply received, before it is read)."""
        moment = now()
        try:
            body: Any = json.loads(response.content)
        except ValueError:
            body = None
        sensitive = {name.lower() for name in endpoint.sensitive_names}
        record = {
            "format": FORMAT,
            "kind": "rest",
            "tr_id": tr_id,
            "time": moment.isoformat(),
            "method": endpoint.method,
            "path": endpoint.path,
            "endpoint": endpoint.name,
            "params": masked(dict(params), sensitive),
            "status": response.status_code,
            "headers": {name: response.headers.get(name, "") for name in _HEADERS},
            "body": masked(body, sensitive),
        }
        text = redactor.scrub(json.dumps(record, ensure_ascii=False, indent=1))
        name = f"{_stamp(moment)}_{tr_id}_{os.getpid()}_{next(self._numbers)}.json"
        self._guard(lambda: self._write_file(name, text + "\n"), name)

    def frame(self, text: str | bytes, keys: Mapping[str, AesKey]) -> None:
        """Record one raw realtime message if it is a data frame (decrypted with `keys`)."""
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        if text[:2] not in ("0|", "1|"):
            return  # acknowledgements (AES keys), errors, PINGPONG: not recorded
        line = _frame_line(text, keys)
        if line is not None:
            self._guard(lambda: self._append_frame(line), "realtime frames")

    def close(self) -> None:
        with self._lock:
            if self._frames is not None:
                self._frames.close()
                self._frames = None

    def _guard(self, write: Callable[[], None], what: str) -> None:
        try:
            write()
        except OSError as exc:
            with self._lock:
                self.errors += 1
            logger.warning("recording %s not written to %s: %s", what, self.directory, exc)
        else:
            with self._lock:
                self.written += 1

    def _write_file(self, name: str, text: str) -> None:
        # Written whole or not at all: a temporary file renamed into place.
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, self.directory / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _append_frame(self, line: str) -> None:
        with self._lock:
            if self._frames is None:
                name = f"realtime_{_stamp(now())}_{os.getpid()}_{next(self._numbers)}.ndjson"
                self._frames = (self.directory / name).open("a", encoding="utf-8")
            self._frames.write(line + "\n")
            self._frames.flush()


def _frame_line(text: str, keys: Mapping[str, AesKey]) -> str | None:
    from kis_runtime.realtime.decode import decrypt, registry_lookup
    from kis_runtime.realtime.errors import RealtimeFormatError

    parts = text.split("|", 3)
    if len(parts) != 4 or not parts[2].isdigit():
        return None
    flag, tr_id, count, payload = parts
    try:
        tr = registry_lookup(tr_id)
        if flag == "1":
            aes = keys.get(tr_id)
            if aes is None:
                return None
            payload = decrypt(payload, aes, tr_id)
    except RealtimeFormatError:
        return None  # an unknown TR or a frame that does not decrypt: nothing safe to write
    values = payload.split("^")
    n = int(count)
    if n < 1 or len(values) % n:
        return None  # does not split into its records: the decoder refuses it too
    per = len(values) // n
    rows = [values[i : i + per] for i in range(0, len(values), per)]
    positions = [i for i, f in enumerate(tr.fields) if f.sensitive]
    record = {
        "format": FORMAT,
        "kind": "realtime",
        "tr_id": tr_id,
        "time": now().isoformat(),
        "encrypted": flag == "1",
        "records": [_masked_row(row, positions) for row in rows],
    }
    return json.dumps(record, ensure_ascii=False)


def _masked_row(row: list[str], positions: list[int]) -> list[str]:
    """Sensitive positions masked, and any other value holding one of their values."""
    secrets = Redactor(*(row[i] for i in positions if i < len(row)))
    out = [MASK if i in positions and v else v for i, v in enumerate(row)]
    return [v if v == MASK else secrets.scrub(v) for v in out]


def recorder_for(record: str | os.PathLike[str] | Recorder | None) -> Recorder | None:
    """The `record=` option of the clients: a directory or a Recorder."""
    if record is None or isinstance(record, Recorder):
        return record
    return Recorder(record)


__all__ = ["FORMAT", "MASK", "Recorder", "masked", "recorder_for"]
