"""Secret: a str whose repr, str() and format() are masked, for values that must never be shown.

App keys, secrets, tokens, hashkeys and personal header values travel as Secret, so a traceback
printed with its frames' locals (as error reporters do), a debugger or a stray f-string shows
`***`. It is still a str: httpx encodes header values and json.dumps writes request bodies from
its characters, comparisons and hashing work, and str methods (strip, replace, +) act on the real
value and return plain str. Where a plain str of the value is needed, say so with `reveal()`.
"""

from __future__ import annotations

from typing import Any

MASK = "***"


class Secret(str):
    __slots__ = ()

    def __repr__(self) -> str:
        return f"'{MASK}'" if self else "''"

    def __str__(self) -> str:
        return MASK if self else ""

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @property
    def value(self) -> str:
        """The real value, as a plain str."""
        return str.__str__(self)


def reveal(value: str) -> str:
    """A plain str of `value`, a Secret or not (for hashing, query strings, f-strings)."""
    return value.value if isinstance(value, Secret) else value


def secret(value: Any) -> Any:
    """attrs converter: a str becomes a Secret; None and a Secret stay as they are."""
    return Secret(value) if isinstance(value, str) and not isinstance(value, Secret) else value
