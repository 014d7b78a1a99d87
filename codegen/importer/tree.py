"""The specs already in a spec tree: the page each names (`source_page`) and the TR it is, so
`import --all` re-imports a page's own spec wherever it is and never replaces a hand-written one.

A spec is a page's own if it names the page and is the page's TR (a realtime spec's TR id, a REST
spec's path): a copy of an imported spec that kept `source_page` but documents another TR is
written by hand like one without `source_page`.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import attrs
import yaml

SOURCE_PAGE = "source_page"
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe either way; C is 8x faster
Held = tuple[str | None, str | None]  # (source_page or None, the TR: realtime TR id or REST path)


def spec_key(raw: dict[str, Any]) -> str | None:
    """What TR a spec is: a realtime spec's TR id, a REST spec's path (None if it says neither)."""
    ids = raw.get("tr_ids")
    if raw.get("kind") == "realtime":
        return str(ids["real"]) if isinstance(ids, dict) and "real" in ids else None
    path = raw.get("path")
    return path if isinstance(path, str) else None


def key_of_text(text: str | None) -> str | None:
    raw = yaml.load(text, Loader=_SAFE) if text else None  # noqa: S506
    return spec_key(raw) if isinstance(raw, dict) else None


@attrs.frozen
class Existing:
    specs: dict[PurePosixPath, Held]  # every spec file under the tree
    realtime: dict[str, PurePosixPath]  # realtime TR id -> the spec declaring it

    def own(self, page: str, key: str | None) -> PurePosixPath | None:
        return next((rel for rel, held in self.specs.items() if held == (page, key)), None)


def existing_specs(spec_dir: Path) -> Existing:
    specs: dict[PurePosixPath, Held] = {}
    realtime_ids: dict[str, PurePosixPath] = {}
    for file in sorted(spec_dir.rglob("*.yaml")):
        rel = PurePosixPath(file.relative_to(spec_dir).as_posix())
        if rel.name.startswith("_"):
            continue
        try:
            raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_SAFE)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the loader reports it; an unreadable file is no page's spec
        if not isinstance(raw, dict):
            continue
        source = raw.get(SOURCE_PAGE)
        key = spec_key(raw)
        specs[rel] = (source if isinstance(source, str) else None, key)
        if raw.get("kind") == "realtime" and key is not None:
            realtime_ids.setdefault(key, rel)
    return Existing(specs, realtime_ids)


def placed(
    target: PurePosixPath | None,
    page: str,
    realtime_tr: str | None,
    key: str | None,
    existing: Existing,
) -> tuple[PurePosixPath | None, str]:
    """Where a page's spec goes in the tree (None: kept out), and what the progress line says."""
    if target is None:
        return None, ""
    mine = (page, key)
    held = existing.specs.get(target)
    if held is not None and held != mine:
        if held[0] is None or not realtime_tr:
            who = "written by hand (no source_page)" if held[0] is None else f"{held[0]}'s spec"
            return None, f"{target} is {who}: kept (import -o places this page elsewhere)"
        # Two realtime pages read as the same name: the newcomer is named by its TR id.
        renamed = target.with_name(f"{realtime_tr.lower()}.yaml")
        note = f"{target} is {held[0]}'s spec: named by the TR id; review the name"
        if existing.specs.get(renamed, mine) != mine:
            return None, f"{note}, but {renamed} is taken: kept out (import -o places it)"
        return renamed, note
    declared = existing.realtime.get(realtime_tr or "")
    if declared is not None and declared != target:
        return None, f"{realtime_tr} is declared by {declared}, written by hand: kept"
    return target, ""
