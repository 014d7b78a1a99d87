"""What every spec kind shares: SpecError (file:line), strict YAML reading and structuring, and
the field checks (names, defaults, patterns, sensitivity). codegen.loader and
codegen.loader_realtime both build on this module; it imports neither of them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
import yaml
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from codegen import naming, sensitive
from codegen.model import Field, FieldType, Kind, Length, Sensitivity, Shape, TrKeyKind
from codegen.yaml_lines import DuplicateKeyError, line_of, load
from kis_runtime.lengths import kis_length

TR_ID = re.compile(r"^[A-Z0-9]{5,13}$")
# Characters no spec text may hold: control characters other than tab and line feed, and lone
# surrogates (they cannot be written as UTF-8). A NUL byte would make a generated module
# unimportable; a CR would change line structure in docstrings.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_INT = re.compile(r"[+-]?[0-9]+")
# Names the generated class bodies use (attrs.field(validator=check(...), repr=mask)): a field of
# that name would shadow them.
_RESERVED = frozenset({"attrs", "check", "mask"})
_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.Enum)
Path_ = tuple[str | int, ...]


@attrs.frozen
class SpecError:
    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class SpecErrors(Exception):
    """One or more invalid spec files; str() lists every problem, one `file:line: what` per line."""

    def __init__(self, errors: list[SpecError]) -> None:
        self.errors = sorted(errors, key=lambda e: (str(e.file), e.line, e.message))
        super().__init__("\n".join(map(str, self.errors)))


def _strict_str(value: Any, _: type) -> str:
    # YAML turns 00 into 0 and yes into True: demand quotes rather than guess.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__} {value!r} (quote it)")
    bad = _BAD_CHARS.search(value)
    if bad is not None:
        raise ValueError(f"holds the character U+{ord(bad.group()):04X}, which specs may not hold")
    return value


def _length(value: Any, _: type) -> Length:
    if isinstance(value, bool) or not isinstance(value, (int, str, float)):
        raise TypeError(f"expected a length such as 19 or 18.4, got {value!r}")
    return Length.parse(str(value))


def _bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


_converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
_converter.register_structure_hook(str, _strict_str)
_converter.register_structure_hook(bool, _bool)
_converter.register_structure_hook(Length, _length)


def _enum_hook(enum_type: type[_E]) -> Callable[[Any, type], _E]:
    def structure(value: Any, _: type) -> _E:
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in enum_type)
            raise ValueError(
                f"unknown {enum_type.__name__} {value!r} (expected one of: {allowed})"
            ) from None

    return structure


# Registered one by one: the str hook above would otherwise take these str-based enums.
for _enum in (FieldType, Kind, Shape, Sensitivity, TrKeyKind):
    _converter.register_structure_hook(_enum, _enum_hook(_enum))


def _flatten(exc: BaseException, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Walk cattrs' exception tree into (path in the document, message) pairs."""
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield (*path, key), f"unknown key {key!r}"
        return
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            step: list[str | int] = []
            for note in getattr(sub, "__notes__", []):
                if hasattr(note, "name"):
                    step.append(note.name)
                elif hasattr(note, "index"):
                    step.append(note.index)
            yield from _flatten(sub, (*path, *step))
        return
    if isinstance(exc, KeyError):
        yield path[:-1], f"missing required key {path[-1]!r}" if path else "missing key"
        return
    where = ".".join(map(str, path))
    yield path, f"{where}: {exc}" if path else str(exc)


def structure(raw: Any, cls: type[_T], file: Path, errors: list[SpecError]) -> _T | None:
    if not isinstance(raw, dict):
        errors.append(
            SpecError(
                file, line_of(raw, ()), f"expected a mapping at the top, got {type(raw).__name__}"
            )
        )
        return None
    try:
        return _converter.structure(raw, cls)
    except Exception as exc:  # noqa: BLE001 - every cattrs failure becomes a located SpecError
        for path, message in _flatten(exc, ()):
            errors.append(SpecError(file, line_of(raw, path), message))
        return None


def read(file: Path, errors: list[SpecError]) -> Any:
    try:
        return load(file)
    except DuplicateKeyError as exc:
        errors.append(SpecError(file, exc.line, str(exc)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        errors.append(SpecError(file, line, f"invalid YAML: {exc.problem or exc}"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        errors.append(SpecError(file, 1, f"cannot read: {exc}"))
    return None


def sensitivity_checks(fields: list[Field], at: Path_) -> Iterator[tuple[Path_, str]]:
    """Account numbers, credentials and personal data must be masked (codegen/sensitive.py)."""
    for i, field in enumerate(fields):
        expected = sensitive.sensitivity(field.name)
        if expected is not None and field.sensitive is None:
            yield (
                (*at, i, "name"),
                f"{field.name} must be marked `sensitive: {expected}` (masked in reprs and logs)",
            )


def field_checks(
    fields: list[Field], raw: Any, at: Path_, check_names: bool
) -> Iterator[tuple[Path_, str]]:
    seen: dict[str, int] = {}
    for i, field in enumerate(fields):
        where = (*at, i)
        if check_names and not naming.is_identifier(field.name):
            yield (*where, "name"), f"field name {field.name!r} is not a valid identifier"
        key = naming.py_name(field.name) if check_names else field.name
        if check_names and key in _RESERVED:
            yield (*where, "name"), f"field name {field.name!r} would shadow the generated {key!r}"
        if key in seen:
            yield (
                (*where, "name"),
                f"duplicate field {field.name!r} (also item {seen[key] + 1} of this list)",
            )
        seen.setdefault(key, i)
        if field.values and field.default is not None and field.default not in field.values:
            yield (*where, "default"), f"default {field.default!r} is not one of the allowed values"
        compiled = None
        if field.pattern is not None:
            try:
                compiled = re.compile(field.pattern)
            except (re.error, RecursionError, OverflowError) as exc:
                yield (*where, "pattern"), f"invalid pattern {field.pattern!r}: {exc}"
        if field.default is not None:
            problem = default_problem(field, compiled)
            if problem is not None:
                yield (*where, "default"), f"default {field.default!r} {problem}"


def default_problem(field: Field, pattern: re.Pattern[str] | None) -> str | None:
    """Why a field's default cannot be its value (None when it can): the generated class would
    otherwise fail to import, or refuse its own default."""
    text = field.default
    assert text is not None
    if field.type is FieldType.INT and not _INT.fullmatch(text):
        return "is not an int"
    if field.type is FieldType.DECIMAL:
        try:
            if not Decimal(text).is_finite():
                return "is not a finite Decimal"
        except ArithmeticError:
            return "is not a Decimal"
    if field.type in (FieldType.DATE, FieldType.TIME):
        return f"cannot be given for a {field.type.value} field (give the value in the call)"
    if field.length is not None and field.length.scale is None:
        size = kis_length(text)
        if size > field.length.digits:
            return f"is {size} bytes long as KIS counts them, over the length {field.length}"
    if pattern is not None and not pattern.fullmatch(text):
        return f"does not match the pattern {field.pattern!r}"
    return None
