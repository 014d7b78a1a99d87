"""The access token on disk, shared by every process using one app key.

KIS refuses a second token within a minute (EGW00133), so a script run twice, or ten workers
started together, must reuse one token. One file per (environment, app key, base URL), named by a
hash (the app key itself never appears in a file name), mode 0600, replaced atomically; a
filelock beside it serialises issuance across processes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from kis_runtime.auth import Token
from kis_runtime.environment import Environment
from kis_runtime.errors import ConfigError
from kis_runtime.secret import reveal

if TYPE_CHECKING:
    import filelock

CACHE_DIR_ENV = "KIS_CACHE_DIR"
APP_NAME = "kis-binding"
# Waiting longer than this for another process's issuance means it hung; fail loudly instead.
LOCK_TIMEOUT = 120.0


def cache_dir(
    explicit: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The constructor argument, else $KIS_CACHE_DIR, else the user cache dir (platformdirs)."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return Path(explicit)
    if env.get(CACHE_DIR_ENV):
        return Path(env[CACHE_DIR_ENV])
    import platformdirs  # here, not at import: `import kis` stays light

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "tokens"


def private_dir(directory: Path) -> None:
    """Make a token dir readable by its owner only (0700): a pre-existing 0777 dir would let
    other users swap the token file or its lock. A dir someone else owns is refused."""
    if os.name != "posix":
        return
    info = directory.stat()
    if info.st_uid != os.getuid():
        raise ConfigError(f"token cache dir {directory} belongs to another user: choose another")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(directory, 0o700)


def key_digest(app_key: str, base_url: str = "") -> str:
    """A stable, non-reversible name for an app key (and server)."""
    return hashlib.sha256(f"{reveal(app_key)}\n{base_url}".encode()).hexdigest()[:32]


class TokenCache:
    """One token file and its lock. Reads never lock: writes are atomic (os.replace)."""

    def __init__(self, directory: Path, environment: Environment, app_key: str, base_url: str):
        self.directory = directory
        stem = f"token-{environment.value}-{key_digest(app_key, base_url)}"
        self.path = directory / f"{stem}.json"
        self.lock_path = directory / f"{stem}.lock"

    def __repr__(self) -> str:
        return f"TokenCache({str(self.path)!r})"

    def _ensure_dir(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        private_dir(self.directory)

    def lock(self) -> filelock.FileLock:
        import filelock  # here, not at import: `import kis` stays light

        self._ensure_dir()
        return filelock.FileLock(self.lock_path, timeout=LOCK_TIMEOUT, mode=0o600)

    def async_lock(self) -> filelock.AsyncFileLock:
        import filelock

        self._ensure_dir()
        return filelock.AsyncFileLock(self.lock_path, timeout=LOCK_TIMEOUT, mode=0o600)

    def load(self) -> Token | None:
        """The stored token, or None if there is none or the file is unreadable (then re-issued)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Token(
                str(data["access_token"]), float(data["expires_at"]), float(data["issued_at"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, token: Token) -> None:
        """Write atomically: a reader sees the old file or the new one, never half of one."""
        self._ensure_dir()
        data = attrs.asdict(token)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".token-", suffix=".tmp")  # 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
