"""Importing the seed page reproduces the hand-checked TTTC2208R spec, modulo its marked corrections.

The hand-written spec adds what the doc lacks: `default`, `pattern` and `values` (from the
descriptions), `doc_fix` notes (in its own words) and `category` (no page carries one), and has no
`source_page` (a hand-written spec is not re-imported). Everything
else must match: fields, order, titles, types, lengths, descriptions, sensitivity, cursors, blocks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from codegen.importer.diagnostics import Level
from codegen.importer.run import import_page
from codegen.model import Common
from tests.importer.conftest import PAGES, SPEC

SEED_PAGE = PAGES / "seed" / "pension-inquire-balance.md"
SEED_SPEC = SPEC / "domestic_stock" / "trading" / "pension_inquire_balance.yaml"
_ADDED_BY_HAND = ("default", "pattern", "values")


def _normalise(spec: dict[str, Any]) -> dict[str, Any]:
    """Drop the hand additions; keep *whether* a doc_fix is there (not its wording)."""
    spec = {k: v for k, v in spec.items() if k not in ("category", "source_page")}
    for section in ("request", "response"):
        for key, items in spec.get(section, {}).items():
            fields = [f for o in items for f in o["fields"]] if key == "outputs" else items
            for field in fields:
                for extra in _ADDED_BY_HAND:
                    field.pop(extra, None)
                if "doc_fix" in field:
                    field["doc_fix"] = True
    return spec


def test_seed_page_reproduces_the_hand_checked_spec(common: Common) -> None:
    result = import_page(SEED_PAGE, common)
    assert result.text is not None
    assert result.target is not None and SPEC / result.target == SEED_SPEC
    imported = yaml.safe_load(result.text)
    hand = yaml.safe_load(SEED_SPEC.read_text(encoding="utf-8"))
    # The hand spec's doc_fix on ACNT_PRDT_CD / ACCA_DVSN_CD only explains its defaults (CANO's
    # pattern, and its doc_fix, the importer adds as well).
    for field in hand["request"]["params"]:
        if field["name"] in ("ACNT_PRDT_CD", "ACCA_DVSN_CD"):
            field.pop("doc_fix", None)
    assert _normalise(imported) == _normalise(hand)
    assert [d.code for d in result.of(Level.WARNING)] == ["cursor-added", "cursor-added"]


def test_seed_spec_is_skipped_by_import_all_without_force(common: Common, tmp_path: Path) -> None:
    from codegen.importer.run import import_all

    (tmp_path / "domestic_stock" / "trading").mkdir(parents=True)
    kept = tmp_path / "domestic_stock" / "trading" / "pension_inquire_balance.yaml"
    kept.write_text("hand-written\n", encoding="utf-8")
    said: list[str] = []
    summary = import_all(SEED_PAGE.parent, tmp_path, common, say=said.append)
    assert summary.skipped == 1 and summary.written == 0 and summary.failed == 0
    assert kept.read_text(encoding="utf-8") == "hand-written\n"
    assert said[0].startswith("[1/1] pension-inquire-balance.md") and "skipped" in said[0]
    summary = import_all(SEED_PAGE.parent, tmp_path, common, force=True, say=said.append)
    assert summary.written == 1 and kept.read_text(encoding="utf-8").startswith(
        "# 퇴직연금 잔고조회"
    )
