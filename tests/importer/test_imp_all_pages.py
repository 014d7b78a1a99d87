"""Every page of docs/kis-pages imports without errors, with only reviewed warnings, into the
spec files committed under spec/ (so re-importing reproduces them, doc_fix corrections included)."""

from __future__ import annotations

import pytest

from codegen.importer.absorbed import carry_absorbed
from codegen.importer.diagnostics import Level
from codegen.importer.run import Imported, import_page, pages_in
from codegen.model import Common
from tests.importer.conftest import PAGES, SPEC
from tests.importer.expected_warnings import EXPECTED

# Hand-checked after import: its corrections go beyond what the importer infers.
HAND_CHECKED = frozenset({"domestic_stock/trading/pension_inquire_balance.yaml"})


@pytest.fixture(scope="module")
def imported(common: Common) -> list[Imported]:
    return [import_page(page, common) for page in pages_in(PAGES)]


def test_every_page_imports_without_errors(imported: list[Imported]) -> None:
    assert len(imported) == len(pages_in(PAGES))
    errors = [str(d) for result in imported for d in result.of(Level.ERROR)]
    assert errors == []
    assert all(result.text is not None for result in imported)


def test_warnings_are_exactly_the_reviewed_ones(imported: list[Imported]) -> None:
    found = {(r.page.name, d.code) for r in imported for d in r.of(Level.WARNING)}
    unexplained = sorted(found - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - found)
    assert unexplained == [], "new warnings: review them and add them to expected_warnings.py"
    assert stale == [], "these expected warnings no longer occur: remove them"


def test_every_page_has_its_spec_and_reimport_reproduces_it(imported: list[Imported]) -> None:
    targets = [str(r.target) for r in imported]
    assert len(set(targets)) == len(targets), "two pages placed at the same spec path"
    on_disk = {str(p.relative_to(SPEC)) for p in SPEC.rglob("*.yaml") if p.name != "_common.yaml"}
    assert on_disk == set(targets)
    differing = [
        t
        for r in imported
        if (t := str(r.target)) not in HAND_CHECKED
        # Fields absorbed from live replies (codegen absorb) are kept by a re-import.
        and (on := (SPEC / t).read_text(encoding="utf-8")) != carry_absorbed(on, r.text or "")
    ]
    assert differing == [], "spec files differ from a fresh import: re-import with --force"
