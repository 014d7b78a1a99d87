"""The re-import check on a spec tree, shared by the import test (spec/) and the walk-through of
adding a TR (a copy of spec/ with hand-written specs added): a spec whose `source_page` names a page
must be what importing that page gives; a spec without one is hand-written and is not compared."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from codegen.importer.run import Imported


def sources(spec_dir: Path) -> dict[str, str | None]:
    """Every spec file under spec_dir (relative path) -> the page it says it comes from, or None."""
    found: dict[str, str | None] = {}
    for file in sorted(spec_dir.rglob("*.yaml")):
        if file.name != "_common.yaml":
            raw = yaml.safe_load(file.read_text(encoding="utf-8"))
            found[file.relative_to(spec_dir).as_posix()] = raw.get("source_page")
    return found


def reimport_problems(
    spec_dir: Path, imported: Iterable[Imported], pages: Iterable[str]
) -> list[str]:
    """What is wrong with spec_dir against the `imported` pages (`pages`: every page's file name)."""
    found = sources(spec_dir)
    by_page = {page: rel for rel, page in found.items() if page is not None}
    problems = [
        f"{rel}: source_page {page} is no page of the corpus"
        for page, rel in sorted(by_page.items())
        if page not in set(pages)
    ]
    for result in imported:
        rel = by_page.get(result.page.name)
        if rel is None:
            # A page without its spec is one a hand-written spec stands in for, at its place.
            if found.get(str(result.target), "") is not None:
                problems.append(f"{result.page.name}: no spec (import it)")
        elif (spec_dir / rel).read_text(encoding="utf-8") != result.text:
            problems.append(f"{rel}: differs from a fresh import of {result.page.name}")
    return problems
