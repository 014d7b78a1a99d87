"""The re-import check on a spec tree, shared by the import test (spec/) and the walk-through of
adding a TR (a copy of spec/ with hand-written specs added): a page's own spec (it names the page in
`source_page` and is the page's TR) must be what importing the page gives. Any other spec is written
by hand and is not compared: one without `source_page`, or a copy of an imported spec that kept
`source_page` but documents another TR."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from codegen.importer.absorbed import carry_absorbed
from codegen.importer.run import Imported
from codegen.importer.tree import spec_key


def specs_in(spec_dir: Path) -> dict[str, tuple[str | None, str | None]]:
    """Every spec file under spec_dir (relative path) -> (its source_page, its TR: id or path)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for file in sorted(spec_dir.rglob("*.yaml")):
        if file.name != "_common.yaml":
            raw = yaml.safe_load(file.read_text(encoding="utf-8"))
            found[file.relative_to(spec_dir).as_posix()] = (raw.get("source_page"), spec_key(raw))
    return found


def reimport_problems(
    spec_dir: Path, imported: Iterable[Imported], pages: Iterable[str]
) -> list[str]:
    """What is wrong with spec_dir against the `imported` pages (`pages`: every page's file name)."""
    found = specs_in(spec_dir)
    names = set(pages)
    problems = [
        f"{rel}: source_page {page} is no page of the corpus"
        for rel, (page, _) in found.items()
        if page is not None and page not in names
    ]
    for result in imported:
        key = spec_key(yaml.safe_load(result.text or "{}") or {})
        own = [rel for rel, held in found.items() if held == (result.page.name, key)]
        if len(own) > 1:
            problems.append(f"{result.page.name}: {len(own)} specs name it ({', '.join(own)})")
        elif not own:
            # A page without its spec is one a hand-written spec of the same TR stands in for.
            if not any(held[1] == key for held in found.values()):
                problems.append(f"{result.page.name}: no spec (import it)")
        # Fields absorbed from live replies (codegen absorb) are kept by a re-import.
        elif (on := (spec_dir / own[0]).read_text(encoding="utf-8")) != carry_absorbed(
            on, result.text or ""
        ):
            problems.append(f"{own[0]}: differs from a fresh import of {result.page.name}")
    return problems
