"""A client's configuration: credentials, environment, corporate headers, limits; from_env."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import attrs

from kis_runtime.environment import Environment
from kis_runtime.errors import ConfigError
from kis_runtime.redact import mask
from kis_runtime.secret import secret

# What an HTTP header value may hold (printable ASCII): anything else (CR/LF, Hangul) is refused
# when the client is built, not discovered by httpx half-way through sending an order.
_HEADER_VALUE = re.compile(r"[\x20-\x7e]*")
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_PAGES = 100


@attrs.frozen(kw_only=True)
class CorporateHeaders:
    """Headers KIS requires of corporate (custtype B) customers; all optional for individuals."""

    personalseckey: str | None = attrs.field(default=None, repr=mask, converter=secret)
    seq_no: str | None = None
    # Personal data of the end user: masked in repr like the secrets.
    mac_address: str | None = attrs.field(default=None, repr=mask, converter=secret)
    phone_number: str | None = attrs.field(default=None, repr=mask, converter=secret)
    ip_addr: str | None = attrs.field(default=None, repr=mask, converter=secret)
    gt_uid: str | None = None

    def as_headers(self) -> dict[str, str]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}

    def __attrs_post_init__(self) -> None:
        for name, value in self.as_headers().items():
            check_header_value(name, value)


def check_header_value(name: str, value: object) -> None:
    """Refuse a header value that is not printable ASCII; the value is never quoted (secrets)."""
    if not isinstance(value, str):
        raise ConfigError(f"{name} must be a str, got {type(value).__name__}")
    if not _HEADER_VALUE.fullmatch(value):
        raise ConfigError(
            f"{name} holds a character an HTTP header cannot carry (a line break, a control "
            "character or non-ASCII text)"
        )


@attrs.frozen(kw_only=True)
class Settings:
    """A client's configuration. Secrets are masked in repr."""

    # Held as Secret (kis_runtime.secret): masked wherever they travel, frames' locals included.
    app_key: str = attrs.field(repr=mask, converter=secret)
    app_secret: str = attrs.field(repr=mask, converter=secret)
    environment: Environment = Environment.REAL
    base_url: str = ""
    custtype: str = "P"
    corporate: CorporateHeaders = attrs.field(factory=CorporateHeaders)
    timeout: float = DEFAULT_TIMEOUT
    max_pages: int = DEFAULT_MAX_PAGES

    def __attrs_post_init__(self) -> None:
        if not self.app_key or not self.app_secret:
            raise ConfigError("app_key and app_secret are required")
        check_header_value("app_key", self.app_key)
        check_header_value("app_secret", self.app_secret)
        if self.custtype not in ("P", "B"):
            raise ConfigError(f"custtype must be 'P' (개인) or 'B' (법인), got {self.custtype!r}")
        if self.max_pages < 1:
            raise ConfigError("max_pages must be at least 1")
        if not self.base_url:
            object.__setattr__(self, "base_url", self.environment.base_url)
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))


def settings_from_env(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """KIS_APP_KEY, KIS_APP_SECRET, KIS_ENVIRONMENT (real|paper), KIS_BASE_URL."""
    env = os.environ if environ is None else environ
    missing = [name for name in ("KIS_APP_KEY", "KIS_APP_SECRET") if not env.get(name)]
    if missing:
        raise ConfigError(f"environment variable(s) not set: {', '.join(missing)}")
    try:
        environment = Environment.parse(env.get("KIS_ENVIRONMENT", "real"))
    except ValueError as exc:
        raise ConfigError(f"KIS_ENVIRONMENT: {exc}") from None
    values: dict[str, Any] = {
        "app_key": env["KIS_APP_KEY"],
        "app_secret": env["KIS_APP_SECRET"],
        "environment": environment,
        "base_url": env.get("KIS_BASE_URL", ""),
    }
    values.update(overrides)
    return Settings(**values)
