"""`kis symbols update`: KIS's master files, downloaded over HTTPS with the certificate verified,
into the cache dir, each at most once a day (a KST day), shared by processes under a file lock.

KIS publishes each file as `<name>.zip` holding `<name>` (the URLs of its sample scripts,
stocks_info/*.py in koreainvestment/open-trading-api; those scripts turn verification off: not
here). A file is replaced atomically and only once its new copy has been read without a problem
that empties it, so a bad download never leaves a half-written or empty master behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs
import httpx

from kis_runtime.cachedir import cache_subdir
from kis_runtime.errors import KisError
from kis_runtime.symbols.master import DOMESTIC_FILES, OVERSEAS_MARKETS, read_lines

BASE_URL = "https://new.real.download.dws.co.kr/common/master/"
DEFAULT_FILES: tuple[str, ...] = (*DOMESTIC_FILES, "nasmst.cod", "nysmst.cod", "amsmst.cod")
ALL_FILES: tuple[str, ...] = (*DOMESTIC_FILES, *(f"{code}mst.cod" for code in OVERSEAS_MARKETS))
MAX_ARCHIVE = 64 * 1024 * 1024  # bytes: the largest master archive is a few MB
KST = dt.timezone(dt.timedelta(hours=9))
STAMPS = "updated.json"


class DownloadError(KisError):
    """A master file could not be downloaded or read; the cached copy (if any) is kept."""


@attrs.frozen
class UpdateReport:
    downloaded: tuple[str, ...]  # files fetched now
    fresh: tuple[str, ...]  # already fetched today: not fetched again
    failed: Mapping[str, str]  # file -> why; its previous copy stays
    problems: tuple[str, ...]  # unreadable lines of the files fetched now (file:line: reason)
    directory: Path


def _today() -> dt.date:
    return dt.datetime.now(KST).date()


def _stamps(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def unzip(name: str, archive: bytes) -> bytes:
    """The one member `name` of a KIS archive (nothing else is extracted, no path is trusted)."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zf:
            members = {info.filename: info for info in zf.infolist()}
            info = members.get(name)
            if info is None:
                listed = ", ".join(sorted(members)) or "nothing"
                raise DownloadError(f"{name}.zip holds {listed}, not {name}")
            if info.file_size > MAX_ARCHIVE:
                raise DownloadError(f"{name}.zip: {name} unpacks to {info.file_size} bytes")
            return zf.read(info)
    except zipfile.BadZipFile as exc:
        raise DownloadError(f"{name}.zip is not a zip archive ({exc})") from None


def fetch(client: httpx.Client, base_url: str, name: str) -> bytes:
    url = f"{base_url.rstrip('/')}/{name}.zip"
    try:
        with client.stream("GET", url) as reply:
            if reply.status_code != 200:
                raise DownloadError(f"{url}: HTTP {reply.status_code}")

            chunks, size = [], 0
            for chunk in reply.iter_bytes():
                size += len(chunk)
                if size > MAX_ARCHIVE:
                    raise DownloadError(f"{url}: larger than {MAX_ARCHIVE} bytes")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise DownloadError(f"{url}: {type(exc).__name__}: {exc}") from None
    return unzip(name, b"".join(chunks))


def update(
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    files: Sequence[str] = DEFAULT_FILES,
    force: bool = False,
    base_url: str = BASE_URL,
    environ: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    today: dt.date | None = None,
) -> UpdateReport:
    """Download the master files not yet fetched today (`force`: all of them)."""
    import filelock

    _check_url(base_url)
    unknown = [f for f in files if f not in ALL_FILES]
    if unknown:
        raise ValueError(f"unknown master file(s) {unknown}; known: {', '.join(ALL_FILES)}")
    folder = cache_subdir("symbols", cache_dir, environ)
    folder.mkdir(parents=True, exist_ok=True)
    day = (today or _today()).isoformat()
    with filelock.FileLock(folder / ".update.lock", timeout=300):
        stamps = _stamps(folder)
        due = [f for f in files if force or stamps.get(f) != day or not (folder / f).exists()]
        done: list[str] = []
        failed: dict[str, str] = {}
        problems: list[str] = []
        # verify=True is httpx's default; said here because KIS's own samples turn it off.
        with httpx.Client(
            timeout=60.0,
            verify=True,
            follow_redirects=True,
            event_hooks={"request": [_stays_https]},
            transport=transport,
        ) as client:
            for name in due:
                try:
                    data = fetch(client, base_url, name)
                    parsed = read_lines(name, data)
                    if not parsed.symbols:
                        raise DownloadError(f"{name}: no listing could be read")
                except DownloadError as exc:
                    failed[name] = str(exc)
                    continue
                _write(folder / name, data)
                stamps[name] = day
                done.append(name)
                problems += parsed.problems
        _write(folder / STAMPS, json.dumps(stamps, indent=1, sort_keys=True).encode())
    return UpdateReport(
        tuple(done), tuple(f for f in files if f not in due), failed, tuple(problems), folder
    )


def _check_url(base_url: str) -> None:
    """HTTPS, or plain HTTP to this machine only (a local simulator)."""
    url = httpx.URL(base_url)
    if url.scheme == "https":
        return
    if url.scheme == "http" and url.host in ("127.0.0.1", "localhost", "::1"):
        return
    raise ValueError(f"{base_url}: master files are fetched over HTTPS (plain HTTP: loopback only)")


def _stays_https(request: httpx.Request) -> None:
    """Every request, redirects included, goes over HTTPS (or to this machine)."""
    try:
        _check_url(str(request.url))
    except ValueError as exc:
        raise DownloadError(f"redirected off HTTPS, not followed ({exc})") from None


def names(markets: Iterable[str]) -> tuple[str, ...]:
    """File names for market words: kospi kosdaq konex, nas nys ams …, 'all', 'domestic'."""
    chosen: list[str] = []
    for word in markets:
        key = word.strip().lower()
        if key == "all":
            chosen += ALL_FILES
        elif key == "domestic":
            chosen += DOMESTIC_FILES
        elif f"{key}_code.mst" in DOMESTIC_FILES:
            chosen.append(f"{key}_code.mst")
        elif key in OVERSEAS_MARKETS:
            chosen.append(f"{key}mst.cod")
        else:
            raise ValueError(
                f"unknown market {word!r}: kospi, kosdaq, konex, "
                + ", ".join(OVERSEAS_MARKETS)
                + ", domestic, all"
            )
    return tuple(dict.fromkeys(chosen))
