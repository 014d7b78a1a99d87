"""Shared fixtures of the importer tests: the repo's folders, the common headers, inline pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.importer.run import Imported, import_page
from codegen.loader import SpecError, load_common
from codegen.model import Common

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "docs" / "kis-pages"
SPEC = ROOT / "spec"


@pytest.fixture(scope="session")
def common() -> Common:
    errors: list[SpecError] = []
    loaded = load_common(SPEC, errors)
    assert loaded is not None, errors
    return loaded


@pytest.fixture
def import_text(tmp_path: Path, common: Common) -> Callable[[str], Imported]:
    """Import an inline page (written to a temp file, as the importer reads files)."""

    def run(text: str, name: str = "page.md") -> Imported:
        page = tmp_path / name
        page.write_text(text, encoding="utf-8")
        return import_page(page, common)

    return run
