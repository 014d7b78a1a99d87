"""Load and check one realtime spec (spec/realtime/<area>/<name>.yaml, `kind: realtime`).

Called by `loader.load_spec` for files that say `kind: realtime`; errors are SpecErrors with
file:line like every other spec problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from codegen import loader
from codegen.model import Kind, RealtimeSpec
from codegen.yaml_lines import line_of

FOLDER = "realtime"
# Names the generated record classes use themselves: a field of that name would shadow them.
RESERVED = frozenset({"extra", "field", "record"})
# Realtime notice fields masked beyond codegen/sensitive.py's REST names: the account number and
# the customer (HTS) id every 체결통보 record carries.
SENSITIVE = {"ACNT_NO": "account", "CUST_ID": "personal"}
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


def _checks(spec: RealtimeSpec, raw: Any, rel: Path) -> Iterator[tuple[loader.Path_, str]]:
    if spec.kind is not Kind.REALTIME:
        yield ("kind",), f"kind must be realtime here, got {spec.kind.value!r}"
    if len(rel.parts) != 3 or rel.parts[0] != FOLDER:
        yield (), f"a realtime spec belongs at {FOLDER}/<area>/<name>.yaml, not {rel.as_posix()}"
    if not loader.TR_ID.match(spec.tr_ids.real):
        yield ("tr_ids", "real"), f"not a TR id: {spec.tr_ids.real!r}"
    if spec.tr_ids.paper_supported and not loader.TR_ID.match(spec.tr_ids.paper):
        yield ("tr_ids", "paper"), f"not a TR id or 'unsupported': {spec.tr_ids.paper!r}"
    if not spec.fields:
        yield ("fields",), "a realtime TR needs at least one field (the record's values)"
    yield from loader.field_checks(spec.fields, raw, ("fields",), True)
    yield from loader.sensitivity_checks(spec.fields, ("fields",))
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


def load_realtime(
    file: Path, rel: Path, raw: Any, errors: list[loader.SpecError]
) -> LoadedRealtime | None:
    spec = loader.structure(raw, RealtimeSpec, file, errors)
    if spec is None:
        return None
    problems = list(_checks(spec, raw, rel))
    for path, message in problems:
        errors.append(loader.SpecError(file, line_of(raw, path), message))
    return None if problems else LoadedRealtime(spec, file, rel)


def duplicate_tr_ids(items: list[LoadedRealtime]) -> Iterator[loader.SpecError]:
    owner: dict[str, LoadedRealtime] = {}
    for item in items:
        ids = item.spec.tr_ids
        for tr in {ids.real, *([ids.paper] if ids.paper_supported else [])}:
            if tr in owner:
                yield loader.SpecError(
                    item.file, 1, f"realtime TR id {tr} is also declared by {owner[tr].file}"
                )
            owner.setdefault(tr, item)
