"""Realtime specs: loader errors with file:line, the importer's corrections, the generated modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from codegen.importer.diagnostics import Level
from codegen.importer.run import import_page
from codegen.loader import SpecError, SpecErrors, load_common, load_specs
from tests.importer.conftest import PAGES, SPEC

COMMON = (SPEC / "_common.yaml").read_text(encoding="utf-8")
GOOD = """\
kind: realtime
title: 국내주식 실시간체결가
tr_ids: {real: H0STCNT0, paper: H0STCNT0}
tr_key: {kind: code, title: 종목코드}
fields:
  - {name: MKSC_SHRN_ISCD, title: 종목코드}
  - {name: STCK_PRPR, title: 현재가, type: Decimal}
"""


def _write(tmp_path: Path, rel: str, text: str) -> Path:
    (tmp_path / "_common.yaml").write_text(COMMON, encoding="utf-8")
    file = tmp_path / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def _errors(tmp_path: Path, text: str, rel: str = "realtime/domestic_stock/ccnl.yaml") -> str:
    _write(tmp_path, rel, text)
    with pytest.raises(SpecErrors) as caught:
        load_specs(tmp_path)
    return str(caught.value)


def test_a_good_realtime_spec_loads(tmp_path: Path) -> None:
    _write(tmp_path, "realtime/domestic_stock/ccnl.yaml", GOOD)
    specs = load_specs(tmp_path)
    assert specs.specs == [] and [r.module for r in specs.realtime] == [
        "realtime.domestic_stock.ccnl"
    ]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("H0STCNT0, paper", "h0-bad, paper"), 3, "not a TR id: 'h0-bad'"),
        (("name: STCK_PRPR", "name: extra"), 7, "'extra' is reserved"),
        (("type: Decimal}", "type: Decimal, default: '1'}"), 7, "default: not used by realtime"),
        (("kind: code", "kind: isin"), 4, "unknown TrKeyKind 'isin'"),
        (("title: 현재가", "title: 현재가, colour: red"), 7, "unknown key 'colour'"),
        (("  - {name: STCK_PRPR", "  - {name: ACNT_NO"), 7, "must be marked `sensitive"),
    ],
)
def test_bad_realtime_specs_name_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, message: str
) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    errors = _errors(tmp_path, text)
    assert f"ccnl.yaml:{line}: " in errors and message in errors, errors


def test_realtime_specs_live_under_realtime_and_nowhere_else(tmp_path: Path) -> None:
    assert "belongs at realtime/<area>/<name>.yaml" in _errors(tmp_path, GOOD, "area/ccnl.yaml")
    rest = (
        "title: x\nmethod: GET\npath: /x\ntr_ids:\n  - {real: FHKST0000000, paper: unsupported}\n"
    )
    assert "spec/realtime/ holds realtime specs" in _errors(tmp_path, rest)


def test_a_realtime_tr_id_is_declared_once(tmp_path: Path) -> None:
    _write(tmp_path, "realtime/domestic_stock/other.yaml", GOOD)
    assert "realtime TR id H0STCNT0 is also declared by" in _errors(tmp_path, GOOD)


def _spec(rel: str) -> dict[str, object]:
    data = yaml.safe_load((SPEC / "realtime" / rel).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_importer_takes_the_tr_id_from_the_page_path_where_the_cell_is_wrong() -> None:
    night_option = _spec("domestic_futureoption/krx_night_option_ccnl_notice.yaml")
    assert night_option["tr_ids"] == {"real": "H0EUCNI0", "paper": "unsupported"}
    assert "H0MFCNI0" in str(night_option["doc_fix"])
    bond = _spec("domestic_bond/asking_price.yaml")
    assert bond["tr_ids"] == {"real": "H0BJASP0", "paper": "unsupported"}


def test_importer_marks_notices_hts_id_and_encrypted() -> None:
    futures = _spec("domestic_futureoption/ccnl_notice.yaml")
    assert futures["encrypted"] is True
    assert futures["tr_ids"] == {"real": "H0IFCNI0", "paper": "H0IFCNI9"}
    tr_key = futures["tr_key"]
    assert isinstance(tr_key, dict) and tr_key["kind"] == "hts_id" and "doc_fix" in tr_key
    stock = _spec("domestic_stock/ccnl_notice.yaml")
    names = [f["name"] for f in stock["fields"]]  # type: ignore[attr-defined]
    assert len(names) == 27 and names[:2] == ["CUST_ID", "ACNT_NO"]  # 26 real + 1 paper-only
    layouts = {x["name"]: len(names) - len(x.get("omit", [])) for x in stock["layouts"]}  # type: ignore[union-attr]
    assert layouts == {"real": 26, "paper": 23}


def test_generated_record_module_declares_each_field_once_as_rest_rows_do() -> None:
    source = Path("generated/kis/realtime/domestic_stock/ccnl_krx.py").read_text(encoding="utf-8")
    assert source.count("STCK_PRPR") == 1 and source.count("주식 현재가") == 1  # no docstring copy
    assert 'stck_prpr: Decimal | None = field("주식 현재가", name="STCK_PRPR")\n' in source
    assert "@record\nclass CcnlKrxRecord(Record):" in source
    notice = Path("generated/kis/realtime/domestic_stock/ccnl_notice.py").read_text("utf-8")
    assert 'acnt_no: str = field("계좌번호", name="ACNT_NO", sensitive=True)\n' in notice


def test_decoding_loads_no_client_library() -> None:
    script = (
        "import sys, kis.realtime as rt;"
        "rt.decode('0|H0STCNT0|001|005930' + '^'.join([''] * 46));"
        "print(sorted(m for m in ('websockets', 'cryptography') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


KEYED = GOOD.replace("fields:\n", "key: MKSC_SHRN_ISCD\nfields:\n") + (
    "  - {name: KMID_PRC, title: 중간가, type: Decimal}\n"
    "layouts:\n"
    "  - {name: kmid, evidence: a live frame}\n"
    "  - {name: table, omit: [KMID_PRC], evidence: the doc table}\n"
)


def test_key_and_layouts_load_and_reach_the_generated_tr(tmp_path: Path) -> None:
    _write(tmp_path, "realtime/domestic_stock/ccnl.yaml", KEYED)
    (item,) = load_specs(tmp_path).realtime
    assert item.spec.key == "MKSC_SHRN_ISCD"
    assert [(x.name, x.omit) for x in item.spec.layouts] == [("kmid", []), ("table", ["KMID_PRC"])]


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("key: MKSC_SHRN_ISCD", "key: NOPE"), 5, "key 'NOPE' is not one of the fields"),
        (
            ("key: MKSC_SHRN_ISCD", "key: STCK_PRPR"),
            5,
            "a key field is a str (it holds a code), not Decimal",
        ),
        (("key: MKSC_SHRN_ISCD", "key: MKSC_SHRN_ISCD\nkey_pattern: '[0-9'"), 6, "invalid pattern"),
        (("kind: code", "kind: hts_id"), 5, "only code-keyed TRs"),
        (
            ("omit: [KMID_PRC]", "omit: [MKSC_SHRN_ISCD]"),
            12,
            "the key field MKSC_SHRN_ISCD is never",
        ),
        (("omit: [KMID_PRC]", "omit: [GONE]"), 12, "'GONE' is not one of the fields"),
        (("omit: [KMID_PRC]", "omit: []"), 12, "layouts are told apart by their value count"),
        (("name: table", "name: kmid"), 12, "layout name 'kmid': a unique Python identifier"),
        (("evidence: the doc table", "evidence: ' '"), 12, "evidence says where it was seen"),
        (("name: kmid, evidence", "name: kmid, omit: [KMID_PRC], evidence"), 10, "in no layout"),
        (("  - {name: kmid, evidence: a live frame}\n", ""), 10, "KMID_PRC is in no layout"),
    ],
)
def test_bad_keys_and_layouts_name_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, message: str
) -> None:
    text = KEYED.replace(*change)
    assert text != KEYED
    errors = _errors(tmp_path, text)
    assert f"ccnl.yaml:{line}: " in errors and message in errors, errors


def test_every_code_keyed_spec_names_its_key_field() -> None:
    specs = load_specs(SPEC).realtime
    code = [s for s in specs if s.spec.tr_key.kind.value == "code"]
    assert len(code) == 47 and all(s.spec.key for s in code)
    assert all(s.spec.key is None for s in specs if s not in code)


def test_importer_warns_of_a_code_keyed_page_without_a_key_field(tmp_path: Path) -> None:
    page = (PAGES / "tryitout__H0STCNT0.md").read_text("utf-8")
    table_start = page.index("MKSC_SHRN_ISCD |")
    cut = page[:table_start] + page[page.index("\n", table_start) + 1 :]  # the code row gone
    file = tmp_path / "tryitout__H0STCNT0.md"
    file.write_text(cut, encoding="utf-8")
    errors: list[SpecError] = []
    common = load_common(SPEC, errors)
    assert common is not None, errors
    result = import_page(file, common)
    warnings = [d for d in result.of(Level.WARNING) if d.code == "key-field"]
    assert len(warnings) == 1 and "STCK_CNTG_HOUR is no code" in warnings[0].message
    assert result.text is not None and "\nkey:" not in result.text


def test_every_realtime_correction_reaches_its_spec() -> None:
    """importer/realtime_fixes.py: no entry that matches no page (a stale table is an error)."""
    from codegen.importer import realtime_fixes as fixes

    by_tr = {item.spec.tr_ids.real: item.spec for item in load_specs(SPEC).realtime}
    for tr_id in {*fixes.INSERT, *fixes.LAYOUTS, *fixes.SPEC_FIX}:
        assert (PAGES / f"tryitout__{tr_id}.md").is_file(), tr_id
        spec = by_tr[tr_id]
        assert [x.name for x in spec.layouts] == [x["name"] for x in fixes.LAYOUTS.get(tr_id, [])]
        names = [f.name for f in spec.fields]
        assert all(field["name"] in names for _, field in fixes.INSERT.get(tr_id, []))
        assert spec.doc_fix is not None and fixes.SPEC_FIX[tr_id] in spec.doc_fix
