"""Load spec/ into typed objects, collecting every error with its file:line.

One loader for both spec kinds: REST TR specs here, realtime specs (`kind: realtime`) through
codegen.loader_realtime; what both share is codegen.spec_checks.
Nothing is generated unless every spec loads: `load_specs` raises `SpecErrors` listing all problems.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from codegen import naming
from codegen.loader_realtime import LoadedRealtime, duplicate_tr_ids, load_realtime
from codegen.model import Common, Field, FieldType, Kind, Shape, TrSpec
from codegen.spec_checks import (
    TR_ID,
    Path_,
    SpecError,
    SpecErrors,
    default_problem,
    field_checks,
    read,
    sensitivity_checks,
    structure,
)
from codegen.yaml_lines import line_of
from kis_runtime.parse import PARSERS

__all__ = [
    "TR_ID",
    "LoadedRealtime",
    "LoadedSpec",
    "SpecError",
    "SpecErrors",
    "SpecSet",
    "default_problem",
    "load_common",
    "load_spec",
    "load_specs",
    "shape_hint",
]

COMMON_FILE = "_common.yaml"
_TR_ID = TR_ID
# A KIS path: /uapi/... or /oauth2/..., segments of letters, digits, - and _ only (no `.`, `..`,
# `%`, quotes or spaces: the path is requested as written and appears in generated docstrings).
_PATH = re.compile(r"/(uapi|oauth2)(/[A-Za-z0-9_-]+)+")
# Module names the generator writes itself, next to the spec modules.
_GENERATED_MODULES = frozenset({"registry"})
# An output block's description that starts with `single` / `array` (the doc's shape hint).
_SHAPE_HINT = re.compile(r"^\s*(single|array)\b", re.IGNORECASE)


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
    realtime: list[LoadedRealtime] = attrs.field(factory=list)


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
    yield from field_checks(spec.request.params, None, ("request", "params"), True)
    yield from field_checks(spec.request.body, None, ("request", "body"), True)
    top = spec.response.body + [Field(name=o.name, title=o.title) for o in spec.response.outputs]
    yield from field_checks(top, None, ("response", "body"), True)
    for i, out in enumerate(spec.response.outputs):
        yield from field_checks(out.fields, None, ("response", "outputs", i, "fields"), True)
    yield from _output_checks(spec)
    yield from _wire_checks(spec)
    yield from sensitivity_checks(spec.request.params, ("request", "params"))
    yield from sensitivity_checks(spec.request.body, ("request", "body"))
    yield from sensitivity_checks(spec.response.body, ("response", "body"))
    for i, out in enumerate(spec.response.outputs):
        yield from sensitivity_checks(out.fields, ("response", "outputs", i, "fields"))
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
    raw = read(file, errors)
    if raw is None and not any(e.file == file for e in errors):
        errors.append(SpecError(file, 1, "empty file: the shared headers are missing"))
    return None if raw is None else structure(raw, Common, file, errors)


def _empty(file: Path) -> bool:
    """True for a file with nothing but blanks and comments (YAML reads it as no document)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def load_spec(file: Path, rel: Path, errors: list[SpecError]) -> Any:
    """A LoadedSpec, a LoadedRealtime (`kind: realtime`), or None with errors recorded."""
    raw = read(file, errors)
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
        return load_realtime(file, rel, raw, errors)
    if rel.parts[0] == "realtime":
        errors.append(SpecError(file, 1, "spec/realtime/ holds realtime specs (kind: realtime)"))
        return None
    spec = structure(raw, TrSpec, file, errors)
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
