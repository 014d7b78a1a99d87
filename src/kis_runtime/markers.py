"""Markers: codes KIS sends in a typed column in place of a value, kept as what they are.

Index minute and tick TRs end the day with rows whose time is "888888" or "999999": two different
rows (other volumes and amounts), so reading both as None would merge them. A field whose spec
declares `markers` reads such a code as a `Marker` carrying the code and, where known, its meaning;
the field's annotation allows it (`dt.time | Marker | None`). `str(marker)` is the code as sent.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen(repr=False)
class Marker:
    """A code KIS sent in place of a value (`Marker("999999")`); `str()` gives the code back."""

    code: str
    meaning: str = attrs.field(default="", eq=False)  # the spec's, "" where it is not known

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Marker({self.code!r}" + (f", {self.meaning!r})" if self.meaning else ")")

    def describe(self) -> str:
        """The code and its meaning, for people: `999999 (meaning)`, or the code alone."""
        return f"{self.code} ({self.meaning})" if self.meaning else self.code


def markers_of(declared: Mapping[str, str]) -> Mapping[str, Marker]:
    """A field's markers by code, built once per field: each reply cell shares its instance."""
    return {code: Marker(code, meaning) for code, meaning in declared.items()}
