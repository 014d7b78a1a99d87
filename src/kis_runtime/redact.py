"""Masking for values that must never reach a log, a repr or an exception message."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from typing import Any

import httpx

# Header names whose values are secrets (credentials, tokens, signatures, personal data).
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "appkey",
        "appsecret",
        "personalseckey",
        "approval_key",
        "hashkey",
        "phone_number",
    }
)
_ACCOUNT = re.compile(r"\d{8}")


def mask(value: Any) -> str:
    """repr for a secret or an account: says a value is set without showing any of it."""
    return "'***'" if value else "''"


def scrub_account(text: str) -> str:
    """Replace 8-digit runs (account numbers, e.g. inside ctx_area_fk100) with ********."""
    return _ACCOUNT.sub("********", text)


class Redactor:
    """Scrubs the values one client must never show (key, secret, tokens, hashkeys, accounts).

    Known values are replaced wherever they occur, so an account number is caught inside
    ctx_area_fk100 (`12345678^29^00^00^`) or echoed in a server message as well.
    """

    def __init__(self, *values: str) -> None:
        self._values: set[str] = set()
        self.add(*values)

    def __repr__(self) -> str:
        return f"Redactor({len(self._values)} values)"

    def add(self, *values: str) -> None:
        # Very short values (a 2-digit product code) would blank out unrelated text.
        self._values.update(v.strip() for v in values if v and len(v.strip()) >= 6)

    def scrub(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, "***")
        return text

    def scrub_error(self, error: BaseException) -> BaseException:
        """The same exception with its message and string attributes scrubbed."""
        error.args = tuple(self.scrub(a) if isinstance(a, str) else a for a in error.args)
        for name, value in list(vars(error).items()):
            if isinstance(value, str):
                setattr(error, name, self.scrub(value))
        return error


def masked_fields(values: Mapping[str, Any], sensitive: Collection[str]) -> dict[str, Any]:
    """A request body for an error or a log: sensitive fields (by KIS name, any case) masked."""
    lowered = {name.lower() for name in sensitive}
    return {k: ("***" if k.lower() in lowered and v else v) for k, v in values.items()}


class HttpxUrlFilter(logging.Filter):
    """httpx logs each request's full URL at INFO; a GET's query carries CANO. Drop the query."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(
                a.copy_with(query=None) if isinstance(a, httpx.URL) and a.query else a
                for a in record.args
            )
        return True


_httpx_filter = HttpxUrlFilter()


def install_httpx_filter() -> None:
    """Idempotent: called when a client is built, never merely on import."""
    httpx_logger = logging.getLogger("httpx")
    if _httpx_filter not in httpx_logger.filters:
        httpx_logger.addFilter(_httpx_filter)
