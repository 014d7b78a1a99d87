"""The spec tree as `absorb` reads it: each spec file's text and data, found by TR id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import yaml

from codegen.importer.absorbed import field_lists


@attrs.define
class SpecFile:
    path: Path
    rel: str  # relative to the spec folder
    text: str
    data: dict[str, Any]

    @property
    def realtime(self) -> bool:
        return self.data.get("kind") == "realtime"

    def fields(self, label: str) -> list[dict[str, Any]]:
        return next((f for _, lbl, f in field_lists(self.data) if lbl == label), [])


@attrs.frozen
class SpecTree:
    by_tr_id: dict[str, SpecFile]
    files: list[SpecFile]

    def titles(self, name: str) -> list[tuple[SpecFile, dict[str, Any]]]:
        """Fields of the same KIS name (any case) in any spec: where a title can come from."""
        key = name.lower()
        return [
            (spec, field)
            for spec in self.files
            for _, _, fields in field_lists(spec.data)
            for field in fields
            if str(field.get("name", "")).lower() == key and field.get("title")
        ]


def _tr_ids(data: dict[str, Any]) -> list[str]:
    entries = data.get("tr_ids")
    items = [entries] if isinstance(entries, dict) else entries or []
    return [
        str(item[side]).upper()
        for item in items
        if isinstance(item, dict)
        for side in ("real", "paper")
        if item.get(side) and item.get(side) != "unsupported"
    ]


def load_tree(spec_dir: Path) -> SpecTree:
    files: list[SpecFile] = []
    by_tr_id: dict[str, SpecFile] = {}
    for path in sorted(spec_dir.rglob("*.yaml")):
        if path.name == "_common.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or data.get("kind") == "auth":
            continue
        spec = SpecFile(path, str(path.relative_to(spec_dir)), text, data)
        files.append(spec)
        for tr_id in _tr_ids(data):
            by_tr_id.setdefault(tr_id, spec)
    return SpecTree(by_tr_id, files)
