"""TTTC2208R's spec holds everything on its doc page (docs/kis-pages/seed/pension-inquire-balance.md)."""

from __future__ import annotations

import re
from pathlib import Path

from codegen.loader import load_specs
from codegen.model import FieldType, Shape

ROOT = Path(__file__).parents[1]
PAGE = (ROOT / "docs/kis-pages/seed/pension-inquire-balance.md").read_text(encoding="utf-8")


def page_rows(section: str) -> list[str]:
    """Element names of the table under `section` (e.g. '## 요청\\n\\n### Header')."""
    text = PAGE.split(section, 1)[1].split("\n## ", 1)[0].split("\n### ", 2)
    table = text[0] if "---|" in text[0] else text[1]
    rows = table.split("---|---|---|---|---|---", 1)[1].splitlines()
    return [m.group(1).strip() for r in rows if (m := re.match(r"^([A-Za-z_][\w-]*)\s*\|", r))]


def test_the_seed_page_is_transcribed_completely() -> None:
    specs = load_specs(ROOT / "spec")
    (item,) = [s for s in specs.specs if [t.real for t in s.spec.tr_ids] == ["TTTC2208R"]]
    spec, common = item.spec, specs.common

    assert (spec.title, spec.api_id, spec.method) == ("퇴직연금 잔고조회", "v1_국내주식-036", "GET")
    assert spec.path == "/uapi/domestic-stock/v1/trading/pension/inquire-balance"
    assert not spec.tr_ids[0].paper_supported
    assert "55번 계좌" in spec.overview

    request_headers = [f.name for f in common.request_headers]
    assert request_headers == page_rows("## 요청\n\n### Header") and len(request_headers) == 13
    params = [f.name for f in spec.request.params]
    assert params == page_rows("### Query Parameter") and len(params) == 6
    response_headers = [f.name for f in common.response_headers]
    assert response_headers == page_rows("## 응답\n\n### Header") and len(response_headers) == 4

    output1, output2 = spec.response.outputs
    assert (output1.name, output1.shape, len(output1.fields)) == ("output1", Shape.ARRAY, 14)
    assert (output2.name, output2.shape, len(output2.fields)) == ("output2", Shape.OBJECT, 8)
    assert [f.name for f in common.envelope] == ["rt_cd", "msg_cd", "msg1"]
    assert {f.name: str(f.length) for f in output1.fields}["pchs_avg_pric"] == "18.4"
    assert {f.name: str(f.length) for f in output1.fields}["evlu_erng_rt"] == "23.8"
    assert {f.name: f.type for f in output1.fields}["hldg_qty"] is FieldType.INT

    # The continuation keys the page omits are added, and marked as corrections.
    extra = {f.name: f for f in spec.response.body}
    assert set(extra) == {"ctx_area_fk100", "ctx_area_nk100"}
    assert all(f.doc_fix for f in extra.values())
    cursors = {p.name: p.cursor for p in spec.request.params if p.cursor}
    assert cursors == {"CTX_AREA_FK100": "ctx_area_fk100", "CTX_AREA_NK100": "ctx_area_nk100"}
