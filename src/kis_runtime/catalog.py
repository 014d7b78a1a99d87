"""Every TR's parameters and reply fields from `kis/catalog.json`, generated with the package, so a
tool can list, describe and build schemas for all TRs without importing a TR module.

The file is read on first use (not by `import kis`, not by a TR module); each TR's `FieldInfo`s
are built when that TR is first asked for. They are the same FieldInfo a TR module's declarations
produce (`tests/test_catalog.py` compares every TR), minus what only the module needs (reply
wire aliases and placeholders, which the reply parser reads from the module itself).
"""

from __future__ import annotations

import json
import keyword
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

import attrs

from kis_runtime.fields import FieldInfo, OutputInfo
from kis_runtime.markers import markers_of
from kis_runtime.registry import Entry, Registry

__all__ = ["Catalog", "CatalogError", "TrInfo", "load_catalog"]


class CatalogError(Exception):
    """kis/catalog.json is missing or does not match the registry: regenerate (`make generate`)."""


@attrs.frozen
class TrInfo:
    """One TR as the catalog describes it: registry entry, parameters, reply fields."""

    entry: Entry
    params: tuple[FieldInfo, ...]  # query or JSON body, cursor params included
    body_fields: tuple[FieldInfo, ...]
    outputs: tuple[OutputInfo, ...]
    variants: Mapping[str, str]  # variant -> label ("buy" -> "매수")
    hashkey: bool = False

    @property
    def tr_id(self) -> str:
        """The TR's first real TR id (its name in tools and messages)."""
        return self.entry.tr_ids[0][0]

    @property
    def settable(self) -> tuple[FieldInfo, ...]:
        """Parameters a caller gives (the pager fills the cursor ones)."""
        return tuple(p for p in self.params if not p.cursor)


def _py(name: str) -> str:
    lowered = name.lower()
    return f"{lowered}_" if keyword.iskeyword(lowered) else lowered


def _length(text: str | None) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    digits, _, scale = text.partition(".")
    return int(digits), int(scale) if scale else None


def _param(data: Mapping[str, Any]) -> FieldInfo:
    digits, scale = _length(data.get("length"))
    values: dict[str, str] = data.get("values", {})
    return FieldInfo(
        name=data["name"],
        py_name=data.get("py", _py(data["name"])),
        title=data["title"],
        type=data.get("type", "str"),
        required=data.get("required", False),
        digits=digits,
        scale=scale,
        default=data.get("default"),
        values=tuple(values),
        meanings=values,
        known=data.get("known", {}),
        pattern=data.get("pattern"),
        sensitive=data.get("sensitive", False),
        cursor=data.get("cursor"),
    )


def _reply_field(item: Sequence[Any]) -> FieldInfo:
    name, title, kind = item[0], item[1], item[2]
    digits, scale = _length(item[3] if len(item) > 3 else None)
    markers = markers_of(item[4]) if len(item) > 4 else {}
    return FieldInfo(
        name=name,
        py_name=_py(name),
        title=title,
        type=kind,
        digits=digits,
        scale=scale,
        markers=markers,
    )


def _output(data: Mapping[str, Any]) -> OutputInfo:
    return OutputInfo(
        name=data["name"],
        py_name=_py(data["name"]),
        title=data["title"],
        array=data["array"],
        fields=tuple(_reply_field(f) for f in data["fields"]),
        optional=data.get("optional"),
    )


class Catalog:
    """TR id (real or paper, any case) -> TrInfo, for every TR of a registry."""

    def __init__(self, registry: Registry, data: Mapping[str, Any]) -> None:
        self.registry = registry
        self._raw = {item["module"]: item for item in data["trs"]}
        self._built: dict[str, TrInfo] = {}
        missing = [e.module for e in registry.entries if e.module not in self._raw]
        if missing:
            raise CatalogError(
                f"kis/catalog.json lacks {len(missing)} TR(s) of the registry ({missing[0]}, …): "
                "it is older than the package; run `make generate`"
            )

    def __len__(self) -> int:
        return len(self.registry.entries)

    def __iter__(self) -> Iterator[TrInfo]:
        return (self._info(entry) for entry in self.registry.entries)

    def get(self, tr_id: str) -> TrInfo:
        """The TR of a real or paper TR id; KeyError names an unknown id."""
        key = tr_id.strip().upper()
        try:
            entry, _ = self.registry.tr_ids[key]
        except KeyError:
            raise KeyError(f"unknown TR id {tr_id!r}") from None
        return self._info(entry)

    def _info(self, entry: Entry) -> TrInfo:
        built = self._built.get(entry.module)
        if built is None:
            raw = self._raw[entry.module]
            built = TrInfo(
                entry=entry,
                params=tuple(_param(p) for p in raw["params"]),
                body_fields=tuple(_reply_field(f) for f in raw.get("body", ())),
                outputs=tuple(_output(o) for o in raw["outputs"]),
                variants=dict(raw.get("variants", ())),
                hashkey=raw.get("hashkey", False),
            )
            self._built[entry.module] = built
        return built


@cache
def load_catalog() -> Catalog:
    """The generated package's catalog (read once per process)."""
    from kis.registry import REGISTRY

    try:
        text = resources.files("kis").joinpath("catalog.json").read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise CatalogError(
            f"kis/catalog.json cannot be read ({exc}): run `make generate`"
        ) from None
    return Catalog(REGISTRY, data)
