"""Masking for values that must never reach a log, a repr or an exception message."""

from __future__ import annotations

import re
from typing import Any

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
