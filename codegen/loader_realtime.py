"""Load and check one realtime spec (spec/realtime/<area>/<name>.yaml, `kind: realtime`).

Called by `codegen.loader.load_spec` for files that say `kind: realtime`; errors are SpecErrors with
file:line like every other spec problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from codegen import naming
from codegen import spec_checks as checks
from codegen.model import FieldType, Kind, RealtimeSpec, TrKeyKind
from codegen.yaml_lines import line_of

FOLDER = "realtime"
# Names the generated record classes use themselves: a field of that name would shadow them.
RESERVED = frozenset({"extra", "field", "record"})
# Realtime notice fields masked beyond codegen/sensitive.py's REST names: the account number and
# the customer (HTS) id every 체결통보 record carries.
SENSITIVE = {
    "ACNT_NO": "account",
    "ACCT_NO": "account",
    "CUST_ID": "personal",
    "USER_ID": "personal",
}
# Keys of a field that only mean something on a request or a REST reply.
_REST_ONLY = ("default", "pattern", "cursor", "alias", "null_values", "markers", "known_values")


@attrs.frozen
class LoadedRealtime:
    """A valid realtime spec and where it came from."""

    spec: RealtimeSpec
    file: Path
    rel: Path  # realtime/domestic_stock/ccnl_krx.yaml

    @property
    def module(self) -> str:
        """Dotted module path under `kis`: realtime.domestic_stock.ccnl_krx."""
        return ".".join(self.rel.with_suffix("").parts)


def _checks(spec: RealtimeSpec, raw: Any, rel: Path) -> Iterator[tuple[checks.Path_, str]]:
    if spec.kind is not Kind.REALTIME:
        yield ("kind",), f"kind must be realtime here, got {spec.kind.value!r}"
    if len(rel.parts) != 3 or rel.parts[0] != FOLDER:
        yield (), f"a realtime spec belongs at {FOLDER}/<area>/<name>.yaml, not {rel.as_posix()}"
    if not checks.TR_ID.match(spec.tr_ids.real):
        yield ("tr_ids", "real"), f"not a TR id: {spec.tr_ids.real!r}"
    if spec.tr_ids.paper_supported and not checks.TR_ID.match(spec.tr_ids.paper):
        yield ("tr_ids", "paper"), f"not a TR id or 'unsupported': {spec.tr_ids.paper!r}"
    if not spec.fields:
        yield ("fields",), "a realtime TR needs at least one field (the record's values)"
    yield from checks.field_checks(spec.fields, raw, ("fields",), True)
    yield from checks.sensitivity_checks(spec.fields, ("fields",))
    for i, field in enumerate(spec.fields):
        name = field.name.lower()
        expected = SENSITIVE.get(field.name.upper())
        if expected is not None and field.sensitive is None:
            yield (
                ("fields", i, "name"),
                f"{field.name} must be marked `sensitive: {expected}` (masked in reprs and logs)",
            )
        if name in RESERVED:
            yield ("fields", i, "name"), f"field name {field.name!r} is reserved in record classes"
        for key in _REST_ONLY:
            if getattr(field, key):
                yield ("fields", i, key), f"{key}: not used by realtime fields"
    yield from _key_checks(spec)
    yield from _layout_checks(spec)


def _key_checks(spec: RealtimeSpec) -> Iterator[tuple[checks.Path_, str]]:
    if spec.key is None:  # the importer warns of a code-keyed page without one
        if spec.key_pattern is not None:
            yield ("key_pattern",), "key_pattern without a key field"
        return
    if spec.tr_key.kind is not TrKeyKind.CODE:
        yield ("key",), "key: only code-keyed TRs (tr_key.kind: code) name a key field"
    field = next((f for f in spec.fields if f.name == spec.key), None)
    if field is None:
        yield ("key",), f"key {spec.key!r} is not one of the fields"
    elif field.type is not FieldType.STR:
        yield (
            ("key",),
            f"key {spec.key}: a key field is a str (it holds a code), not {field.type.value}",
        )
    if spec.key_pattern is not None:
        try:
            re.compile(spec.key_pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            yield ("key_pattern",), f"invalid pattern {spec.key_pattern!r}: {exc}"


def _layout_checks(spec: RealtimeSpec) -> Iterator[tuple[checks.Path_, str]]:
    names = [f.name for f in spec.fields]
    used: set[str] = set()
    seen_names: set[str] = set()
    counts: dict[int, str] = {}
    for i, layout in enumerate(spec.layouts):
        at = ("layouts", i)
        if not naming.is_identifier(layout.name) or layout.name in seen_names:
            yield (*at, "name"), f"layout name {layout.name!r}: a unique Python identifier"
        seen_names.add(layout.name)
        if not layout.evidence.strip():
            yield (*at, "evidence"), f"layout {layout.name}: evidence says where it was seen"
        for name in layout.omit:
            if name not in names:
                yield (*at, "omit"), f"layout {layout.name}: {name!r} is not one of the fields"
            elif name == spec.key:
                yield (*at, "omit"), f"layout {layout.name}: the key field {name} is never omitted"
        if len(set(layout.omit)) != len(layout.omit):
            yield (*at, "omit"), f"layout {layout.name}: omit lists a field twice"
        count = len(names) - len(set(layout.omit) & set(names))
        if count in counts:
            yield (
                (*at, "omit"),
                f"layout {layout.name} has {count} values, as layout {counts[count]} has: "
                "layouts are told apart by their value count",
            )
        counts.setdefault(count, layout.name)
        used |= set(names) - set(layout.omit)
    if spec.layouts:
        for name in names:
            if name not in used:
                yield ("layouts",), f"field {name} is in no layout (every layout omits it)"


def load_realtime(
    file: Path, rel: Path, raw: Any, errors: list[checks.SpecError]
) -> LoadedRealtime | None:
    spec = checks.structure(raw, RealtimeSpec, file, errors)
    if spec is None:
        return None
    problems = list(_checks(spec, raw, rel))
    for path, message in problems:
        errors.append(checks.SpecError(file, line_of(raw, path), message))
    return None if problems else LoadedRealtime(spec, file, rel)


def duplicate_tr_ids(items: list[LoadedRealtime]) -> Iterator[checks.SpecError]:
    owner: dict[str, LoadedRealtime] = {}
    for item in items:
        ids = item.spec.tr_ids
        for tr in {ids.real, *([ids.paper] if ids.paper_supported else [])}:
            if tr in owner:
                yield checks.SpecError(
                    item.file, 1, f"realtime TR id {tr} is also declared by {owner[tr].file}"
                )
            owner.setdefault(tr, item)
