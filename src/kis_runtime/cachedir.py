"""Folders for data the runtime keeps between runs beside the token cache: master files
(`symbols`), the trading calendar (`calendar`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from kis_runtime.token_cache import APP_NAME, CACHE_DIR_ENV


def cache_subdir(
    name: str,
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """`explicit`/NAME, else $KIS_CACHE_DIR/NAME, else the user cache dir's NAME (not created)."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return Path(explicit) / name
    if env.get(CACHE_DIR_ENV):
        return Path(env[CACHE_DIR_ENV]) / name
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / name
