"""`kis call ... --save DIR`: each page's raw reply recorded, the account masked."""

from __future__ import annotations

import json
from pathlib import Path

from kis_sim import Simulator


def test_save_records_every_page_masked(run, sim: Simulator, tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    result = run("call", "TTTC2208R", "CANO=12345678", "--all-pages", "--save", str(saved))
    assert result.code == 0, result.err
    files = sorted(saved.glob("*_TTTC2208R_*.json"))
    assert len(files) == 3  # one per page
    pages = [json.loads(f.read_text("utf-8")) for f in files]
    assert [len(p["body"]["output1"]) for p in pages] == [10, 10, 5]
    assert all(p["params"]["CANO"] == "***" for p in pages)
    assert pages[0]["body"]["ctx_area_fk100"] == "***"  # embeds the account
    assert pages[1]["params"]["CTX_AREA_FK100"] == "***"
    assert all("12345678" not in f.read_text("utf-8") for f in files)
