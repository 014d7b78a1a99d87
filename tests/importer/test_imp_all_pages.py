"""Every page of docs/kis-pages imports without errors, with only reviewed warnings, into the
spec files committed under spec/ (so re-importing reproduces them, doc_fix corrections included).
A spec says where it comes from: `source_page` names its page; a spec without one is written by
hand and left to the loader's checks (spec/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.importer.diagnostics import Level
from codegen.importer.run import Imported, import_page, pages_in
from codegen.model import Common
from tests.importer.conftest import PAGES, SPEC
from tests.importer.expected_warnings import EXPECTED
from tests.importer.reimport import reimport_problems, specs_in


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
    pages = [r.page.name for r in imported]
    assert reimport_problems(SPEC, imported, pages) == [], "re-import with --force"


def test_a_spec_without_source_page_is_hand_written_and_kept_by_a_forced_import(
    tmp_path: Path, common: Common
) -> None:
    from codegen.importer.run import import_all

    spec = tmp_path / "spec"
    hand = spec / "domestic_stock/trading/pension_inquire_balance.yaml"
    hand.parent.mkdir(parents=True)
    hand.write_bytes((SPEC / "domestic_stock/trading/pension_inquire_balance.yaml").read_bytes())
    page = PAGES / "uapi__domestic-stock__v1__trading__pension__inquire-balance.md"
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / page.name).write_bytes(page.read_bytes())
    said: list[str] = []
    summary = import_all(folder, spec, common, force=True, say=said.append)
    assert (summary.written, summary.skipped) == (0, 1), said
    assert "written by hand (no source_page): kept" in said[0]
    assert hand.read_bytes() == (SPEC / hand.relative_to(spec)).read_bytes()


def test_every_spec_is_where_its_page_places_itself(imported: list[Imported]) -> None:
    """No table places a page: realtime pages by their titles and TR ids, REST pages by URL."""
    placed = {r.page.name: str(r.target) for r in imported}
    found = {page: rel for rel, (page, _) in specs_in(SPEC).items() if page is not None}
    assert {page: placed[page] for page in found} == found
    realtime = sum(r.realtime_tr is not None for r in imported)
    assert realtime and sum(rel.startswith("realtime/") for rel in found.values()) == realtime
