"""What the importer could not read, or read only by applying a rule: located at page:line."""

from __future__ import annotations

import enum
from pathlib import Path

import attrs


class Level(str, enum.Enum):
    INFO = "info"  # a known quirk handled by a fixed rule; nothing for a human to review
    WARNING = "warning"  # read, but a human should know (left out, corrected, deviating)
    ERROR = "error"  # not readable: no spec is written


@attrs.frozen
class Diagnostic:
    level: Level
    page: Path
    line: int
    code: str  # stable identifier, used by the reviewed allow-list of expected warnings
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.level.value}: [{self.code}] {self.message}"


@attrs.define
class Diagnostics:
    """Collects every problem of one page, so they are printed together rather than one per run."""

    page: Path
    items: list[Diagnostic] = attrs.field(factory=list)

    def add(self, level: Level, line: int, code: str, message: str) -> None:
        self.items.append(Diagnostic(level, self.page, line, code, message))

    def info(self, line: int, code: str, message: str) -> None:
        self.add(Level.INFO, line, code, message)

    def warning(self, line: int, code: str, message: str) -> None:
        self.add(Level.WARNING, line, code, message)

    def error(self, line: int, code: str, message: str) -> None:
        self.add(Level.ERROR, line, code, message)

    def of(self, level: Level) -> list[Diagnostic]:
        return [d for d in self.items if d.level is level]

    @property
    def failed(self) -> bool:
        return any(d.level is Level.ERROR for d in self.items)


class PageImportError(Exception):
    """A page could not be imported; carries every diagnostic (errors and the rest)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(map(str, diagnostics)))
