"""Load spec/ into typed objects, collecting every error with its file:line.

Nothing is generated unless every spec loads: `load_specs` raises `SpecErrors` listing all problems.
"""

from __future__ import annotations

import enum
import keyword
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
from codegen.model import (
    Common,
    Field,
    FieldType,
    Kind,
    Length,
    Sensitivity,
    Shape,
    TrKeyKind,
    TrSpec,
)
from codegen.yaml_lines import DuplicateKeyError, line_of, load
from kis_runtime.lengths import kis_length
from kis_runtime.parse import PARSERS

COMMON_FILE = "_common.yaml"
TR_ID = _TR_ID = re.compile(r"^[A-Z0-9]{5,13}$")
# A KIS path: /uapi/... or /oauth2/..., segments of letters, digits, - and _ only (no `.`, `..`,
# `%`, quotes or spaces: the path is requested as written and appears in generated docstrings).
_PATH = re.compile(r"/(uapi|oauth2)(/[A-Za-z0-9_-]+)+")
# Module names the generator writes itself, next to the spec modules.
_GENERATED_MODULES = frozenset({"registry"})
# Characters no spec text may hold: control characters other than tab and line feed, and lone
# surrogates (they cannot be written as UTF-8). A NUL byte would make a generated module
# unimportable; a CR would change line structure in docstrings.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_INT = re.compile(r"[+-]?[0-9]+")
# Names the generated class bodies use (attrs.field(validator=check(...), repr=mask)): a field of
# that name would shadow them.
_RESERVED = frozenset({"attrs", "check", "mask"})
# An output block's description that starts with `single` / `array` (the doc's shape hint).
_SHAPE_HINT = re.compile(r"^\s*(single|array)\b", re.IGNORECASE)
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


@attrs.frozen
class LoadedSpec:
    """A valid TR spec and where it came from."""

    spec: TrSpec
    file: Path  # as given (for messages and banners)
    rel: Path  # relative to the spec dir: domestic_stock/trading/pension_inquire_balance.yaml

    @property
    def module(self) -> str:
        """Dotted module path under `kis`, from the file's place in spec/."""
        return ".".join(self.rel.with_suffix("").parts)


@attrs.frozen
class SpecSet:
    common: Common
    specs: list[LoadedSpec]
    # spec/realtime/…: codegen.loader_realtime.LoadedRealtime items.
    realtime: list[Any] = attrs.field(factory=list)


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


def _structure(raw: Any, cls: type[_T], file: Path, errors: list[SpecError]) -> _T | None:
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


def _read(file: Path, errors: list[SpecError]) -> Any:
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


def shape_hint(description: str) -> Shape | None:
    """The shape an output block's description plainly states (`single`, `Array …`), if any."""
    m = _SHAPE_HINT.match(description)
    if m is None:
        return None
    return Shape.OBJECT if m.group(1).lower() == "single" else Shape.ARRAY


def _output_checks(spec: TrSpec) -> Iterator[tuple[Path_, str]]:
    for i, out in enumerate(spec.response.outputs):
        hint = shape_hint(out.description)
        if hint is not None and hint is not out.shape and out.doc_fix is None:
            said = out.description.split("\n", 1)[0]
            yield (
                ("response", "outputs", i, "shape"),
                f"{out.name}: shape {out.shape.value}, but its description says {said!r}: "
                "fix one, or say with doc_fix why the shape is right",
            )


def _sensitivity_checks(fields: list[Field], at: Path_) -> Iterator[tuple[Path_, str]]:
    """Account numbers, credentials and personal data must be masked (codegen/sensitive.py)."""
    for i, field in enumerate(fields):
        expected = sensitive.sensitivity(field.name)
        if expected is not None and field.sensitive is None:
            yield (
                (*at, i, "name"),
                f"{field.name} must be marked `sensitive: {expected}` (masked in reprs and logs)",
            )


def _field_checks(
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


def _wire_checks(spec: TrSpec) -> Iterator[tuple[Path_, str]]:
    """`alias`, `null_values` and `markers` describe replies, `known_values` requests; markers
    are codes no value of the field's type could be; `optional` needs its reason."""
    for section in ("params", "body"):
        for i, field in enumerate(getattr(spec.request, section)):
            if field.known_values and field.values:
                yield (
                    ("request", section, i, "known_values"),
                    f"{field.name}: known_values with values; `values` already lists the codes",
                )
            for key in ("alias", "null_values", "markers"):
                if getattr(field, key):
                    yield (
                        ("request", section, i, key),
                        f"{field.name}: {key} applies to reply fields only (requests send `name`)",
                    )
    blocks: list[tuple[Path_, list[Field]]] = [(("response", "body"), spec.response.body)]
    blocks += [
        (("response", "outputs", i, "fields"), out.fields)
        for i, out in enumerate(spec.response.outputs)
    ]
    for at, fields in blocks:
        keys: dict[str, str] = {}
        for field in fields:
            keys.setdefault(field.name.lower(), field.name)
        for i, field in enumerate(fields):
            if field.alias is not None:
                other = keys.get(field.alias.lower())
                if field.alias.lower() == field.name.lower():
                    yield (
                        (*at, i, "alias"),
                        f"{field.name}: alias {field.alias!r} differs from the name by case at "
                        "most; replies are read case-insensitively, so write the server's "
                        "spelling as `name` and drop the alias",
                    )
                elif other is not None:
                    yield (
                        (*at, i, "alias"),
                        f"{field.name}: alias {field.alias!r} is also the key of field {other}",
                    )
                elif not field.alias.strip():
                    yield (*at, i, "alias"), f"{field.name}: alias is blank"
            if len(set(field.null_values)) != len(field.null_values):
                yield (*at, i, "null_values"), f"{field.name}: null_values lists a value twice"
            elif len(field.null_values) > 1:
                yield (
                    (*at, i, "null_values"),
                    f"{field.name}: null_values lists {len(field.null_values)} codes, which would "
                    "all read as one None; declare codes that mark different rows as `markers`",
                )
            if field.known_values:
                yield (
                    (*at, i, "known_values"),
                    f"{field.name}: known_values applies to request fields only",
                )
            for problem in _marker_problems(field):
                yield (*at, i, "markers"), problem
    for i, out in enumerate(spec.response.outputs):
        if out.optional is not None and not out.optional.strip():
            yield (
                ("response", "outputs", i, "optional"),
                f"{out.name}: optional needs the reason a success reply may lack the block",
            )


def _marker_problems(field: Field) -> Iterator[str]:
    """A marker must be told apart from every value: a code its type reads as a value is not one."""
    if field.markers and field.type is FieldType.STR:
        yield f"{field.name}: markers on a str field (the text keeps the code as sent)"
        return
    for code in field.markers:
        if code in field.null_values:
            yield f"{field.name}: marker {code!r} is also in null_values"
        elif not code.strip():
            yield f"{field.name}: a blank marker (a blank is no value)"
        else:
            try:
                PARSERS[field.type.value](code)
            except (TypeError, ValueError, ArithmeticError):
                continue
            yield f"{field.name}: marker {code!r} reads as a {field.type.value} value"


def _kind_checks(spec: TrSpec, raw: Any) -> Iterator[tuple[Path_, str]]:
    if spec.kind is Kind.AUTH:
        for key in ("tr_ids", "paging", "hashkey"):
            if key in raw:
                yield (key,), f"{key}: an auth endpoint (kind: auth) has no TR id and never pages"
        return
    if "tr_ids" not in raw:
        yield (), "missing required key 'tr_ids' (only kind: auth specs go without TR ids)"
    elif not spec.tr_ids:
        yield ("tr_ids",), "tr_ids is empty: at least one TR id is required"


def _tr_checks(spec: TrSpec, raw: Any) -> Iterator[tuple[Path_, str]]:
    if spec.method not in ("GET", "POST"):
        yield ("method",), f"method must be GET or POST, got {spec.method!r}"
    if not _PATH.fullmatch(spec.path):
        yield (
            ("path",),
            f"path must be a plain /uapi/... or /oauth2/... path (letters, digits, - and _ "
            f"between slashes), got {spec.path!r}",
        )
    yield from _kind_checks(spec, raw)
    variants: set[str] = set()
    for i, ids in enumerate(spec.tr_ids):
        if not _TR_ID.match(ids.real):
            yield ("tr_ids", i, "real"), f"not a TR id: {ids.real!r}"
        if ids.paper_supported and not _TR_ID.match(ids.paper):
            yield ("tr_ids", i, "paper"), f"not a TR id or 'unsupported': {ids.paper!r}"
        if ids.variant is not None and not naming.is_identifier(ids.variant):
            yield ("tr_ids", i, "variant"), f"variant {ids.variant!r} is not a Python identifier"
        elif len(spec.tr_ids) > 1:
            if ids.variant is None:
                yield ("tr_ids", i), "several TR ids: each needs a `variant` (a Python identifier)"
            elif ids.variant in variants:
                yield ("tr_ids", i, "variant"), f"duplicate variant {ids.variant!r}"
            else:
                variants.add(ids.variant)
    if spec.method == "GET" and spec.request.body:
        yield ("request", "body"), "a GET request has no body: use params"
    if spec.method == "POST" and spec.request.params:
        yield ("request", "params"), "a POST request sends a JSON body: use body"
    if spec.hashkey and spec.method != "POST":
        yield ("hashkey",), "hashkey applies to POST TRs only"
    yield from _field_checks(spec.request.params, None, ("request", "params"), True)
    yield from _field_checks(spec.request.body, None, ("request", "body"), True)
    top = spec.response.body + [Field(name=o.name, title=o.title) for o in spec.response.outputs]
    yield from _field_checks(top, None, ("response", "body"), True)
    for i, out in enumerate(spec.response.outputs):
        yield from _field_checks(out.fields, None, ("response", "outputs", i, "fields"), True)
    yield from _output_checks(spec)
    yield from _wire_checks(spec)
    yield from _sensitivity_checks(spec.request.params, ("request", "params"))
    yield from _sensitivity_checks(spec.request.body, ("request", "body"))
    yield from _sensitivity_checks(spec.response.body, ("response", "body"))
    for i, out in enumerate(spec.response.outputs):
        yield from _sensitivity_checks(out.fields, ("response", "outputs", i, "fields"))
    body_names = {f.name for f in spec.response.body}
    for section in ("params", "body"):
        for i, field in enumerate(getattr(spec.request, section)):
            if field.cursor is not None and field.cursor not in body_names:
                yield (
                    ("request", section, i, "cursor"),
                    (f"cursor {field.cursor!r} is not a field of response.body"),
                )


def load_common(spec_dir: Path, errors: list[SpecError]) -> Common | None:
    file = spec_dir / COMMON_FILE
    if not file.is_file():
        errors.append(SpecError(file, 1, "missing: every spec dir needs the shared headers file"))
        return None
    raw = _read(file, errors)
    if raw is None and not any(e.file == file for e in errors):
        errors.append(SpecError(file, 1, "empty file: the shared headers are missing"))
    return None if raw is None else _structure(raw, Common, file, errors)


def _empty(file: Path) -> bool:
    """True for a file with nothing but blanks and comments (YAML reads it as no document)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def load_spec(file: Path, rel: Path, errors: list[SpecError]) -> Any:
    """A LoadedSpec, a LoadedRealtime (`kind: realtime`), or None with errors recorded."""
    raw = _read(file, errors)
    if raw is None:
        if _empty(file):
            errors.append(SpecError(file, 1, "empty spec file (only blanks or comments)"))
        elif not any(e.file == file for e in errors):
            errors.append(SpecError(file, 1, "the file holds no YAML mapping (null)"))
        return None
    for part in rel.with_suffix("").parts:
        if not naming.is_identifier(part) or part.startswith("_") or keyword.iskeyword(part):
            errors.append(
                SpecError(file, 1, f"file path part {part!r} must be a lowercase Python identifier")
            )
            return None
    if isinstance(raw, dict) and raw.get("kind") == Kind.REALTIME.value:
        from codegen.loader_realtime import load_realtime

        return load_realtime(file, rel, raw, errors)
    if rel.parts[0] == "realtime":
        errors.append(SpecError(file, 1, "spec/realtime/ holds realtime specs (kind: realtime)"))
        return None
    spec = _structure(raw, TrSpec, file, errors)
    if spec is None:
        return None
    problems = list(_tr_checks(spec, raw))
    for path, message in problems:
        errors.append(SpecError(file, line_of(raw, path), message))
    return None if problems else LoadedSpec(spec, file, rel)


def _module_clashes(spec_dir: Path, loaded: list[LoadedSpec]) -> Iterator[SpecError]:
    """A module the generator writes itself, or a module that is also a package (trading.py
    beside trading/): one of the two would silently shadow the other."""
    packages = {part for item in loaded for part in _prefixes(item.module)}
    for item in loaded:
        if item.module in _GENERATED_MODULES:
            yield SpecError(
                item.file, 1, f"module kis.{item.module} is generated by codegen: rename the file"
            )
        if item.module in packages:
            folder = spec_dir / item.module.replace(".", "/")
            yield SpecError(
                item.file,
                1,
                f"module kis.{item.module} would also be the package of {folder}/: rename one",
            )


def _prefixes(module: str) -> Iterator[str]:
    parts = module.split(".")
    for depth in range(1, len(parts)):
        yield ".".join(parts[:depth])


def load_specs(spec_dir: Path) -> SpecSet:
    """Every `*.yaml` under spec_dir (but `_common.yaml`), sorted by path; raises SpecErrors."""
    errors: list[SpecError] = []
    common = load_common(spec_dir, errors)
    from codegen.loader_realtime import LoadedRealtime, duplicate_tr_ids

    loaded: list[LoadedSpec] = []
    realtime: list[LoadedRealtime] = []
    for file in sorted(spec_dir.rglob("*.yaml")):
        rel = file.relative_to(spec_dir)
        if rel.name == COMMON_FILE:
            continue
        try:
            spec = load_spec(file, rel, errors)
        except RecursionError:  # a self-referencing YAML alias (&a [*a])
            errors.append(SpecError(file, 1, "the YAML nests too deeply (a recursive alias?)"))
            continue
        if isinstance(spec, LoadedRealtime):
            realtime.append(spec)
        elif spec is not None:
            loaded.append(spec)
    errors.extend(duplicate_tr_ids(realtime))
    errors.extend(_module_clashes(spec_dir, loaded))
    owner: dict[str, LoadedSpec] = {}
    for item in loaded:
        for ids in item.spec.tr_ids:
            for tr in (ids.real, ids.paper):
                if tr in owner and owner[tr] is not item:
                    errors.append(
                        SpecError(item.file, 1, f"TR id {tr} is also declared by {owner[tr].file}")
                    )
                if ids.paper_supported or tr == ids.real:
                    owner.setdefault(tr, item)
    if errors or common is None:
        raise SpecErrors(errors)
    return SpecSet(common, loaded, realtime)


# Shared with codegen.loader_realtime.
structure = _structure
field_checks = _field_checks
sensitivity_checks = _sensitivity_checks
