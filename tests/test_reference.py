"""docs/reference/ from the specs: content per TR, deterministic, checked for staleness."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.loader import load_specs
from codegen.reference import render, write_reference

SPEC = Path(__file__).parents[1] / "spec"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render(load_specs(SPEC).specs)


def test_one_page_per_area_and_an_index(pages: dict[str, str]) -> None:
    # Realtime TRs are listed by `kis trs` and docs/coverage.md; the reference covers REST.
    areas = sorted(p.name for p in SPEC.iterdir() if p.is_dir() and p.name != "realtime")
    assert sorted(pages) == sorted([*(f"{a}.md" for a in areas), "README.md"])
    for area in areas:
        assert f"]({area}.md)" in pages["README.md"]


def test_tr_entry_has_ids_params_values_and_reply_fields(pages: dict[str, str]) -> None:
    text = pages["domestic_stock.md"]
    entry = text[text.index("### 퇴직연금 잔고조회 [") :]  # not a TR whose title extends it
    entry = entry[: entry.index("<a id=")]
    assert "TR id: real `TTTC2208R`, paper none (모의투자 미지원)" in entry
    assert "paging: tr_cont; cursor `CTX_AREA_FK100`" in entry
    assert "| `INQR_DVSN` | 조회구분 | str(2) | yes | `00` | `00` 전체 |" in entry
    assert "[spec: pattern added" in entry  # the spec's doc_fix note
    assert "| `evlu_erng_rt` | 평가수익율 | Decimal(23.8) |" in entry
    assert "Reply block `output2` (응답상세2), one object:" in entry


def test_variants_and_paper_ids(pages: dict[str, str]) -> None:
    text = pages["domestic_stock.md"]
    assert "real `TTTC0012U`, paper `VTTC0012U` — variant `buy` (매수)" in text


def test_every_tr_is_in_the_reference(pages: dict[str, str]) -> None:
    everything = "".join(pages.values())
    for item in load_specs(SPEC).specs:
        assert f"module `kis.{item.module}`" in everything


def test_check_reports_stale_and_write_is_deterministic(tmp_path: Path, capsys) -> None:
    out = tmp_path / "reference"
    assert write_reference(SPEC, out, check=True) == 1
    assert write_reference(SPEC, out) == 0
    first = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert write_reference(SPEC, out, check=True) == 0
    (out / "leftover.md").write_text("old", encoding="utf-8")
    assert write_reference(SPEC, out, check=True) == 1
    assert write_reference(SPEC, out) == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == first
    assert "stale" in capsys.readouterr().err


def test_committed_reference_is_up_to_date() -> None:
    assert write_reference(SPEC, SPEC.parent / "docs" / "reference", check=True) == 0
