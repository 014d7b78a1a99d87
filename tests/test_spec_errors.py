"""A bad spec fails with file:line and what is wrong, and generated output is left untouched."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from codegen.cli import main as codegen_main
from codegen.loader import SpecErrors, load_specs

SPEC_DIR = Path(__file__).parents[1] / "spec"

GOOD = """\
title: 테스트 조회
method: GET
path: /uapi/test/v1/quotations/thing
tr_ids:
  - {real: TEST0001R, paper: unsupported}
request:
  params:
    - {name: CANO, title: 종합계좌번호, required: true, length: 8, sensitive: account}
    - {name: PDNO, title: 상품번호, length: 12}
response:
  outputs:
    - name: output
      title: 응답상세
      shape: object
      fields:
        - {name: stck_prpr, title: 현재가, type: Decimal, length: 10}
"""


def spec_dir(tmp_path: Path, text: str, name: str = "thing.yaml") -> Path:
    root = tmp_path / "spec"
    (root / "test" / "quotations").mkdir(parents=True)
    shutil.copy(SPEC_DIR / "_common.yaml", root / "_common.yaml")
    (root / "test" / "quotations" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def errors_of(tmp_path: Path, text: str) -> list[str]:
    root = spec_dir(tmp_path, text)
    with pytest.raises(SpecErrors) as info:
        load_specs(root)
    return str(info.value).splitlines()


def test_the_good_spec_loads(tmp_path: Path) -> None:
    (spec,) = load_specs(spec_dir(tmp_path, GOOD)).specs
    assert spec.module == "test.quotations.thing"


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        # unknown key (a typo must not be silently ignored)
        (
            "    - {name: PDNO, title: 상품번호, length: 12}",
            "    - {name: PDNO, title: 상품번호, lenght: 12}",
            9,
            "unknown key 'lenght'",
        ),
        # wrong type
        (
            "    - {name: PDNO, title: 상품번호, length: 12}",
            "    - {name: PDNO, title: 상품번호, required: maybe}",
            9,
            "expected true or false",
        ),
        # a number YAML would mangle ("00" -> 0)
        (
            "    - {name: PDNO, title: 상품번호, length: 12}",
            "    - {name: PDNO, title: 상품번호, default: 00}",
            9,
            "quote it",
        ),
        # duplicate field
        (
            "    - {name: PDNO, title: 상품번호, length: 12}",
            "    - {name: CANO, title: 상품번호, length: 12}",
            9,
            "duplicate field 'CANO'",
        ),
        # missing tr_ids
        (
            "tr_ids:\n  - {real: TEST0001R, paper: unsupported}\n",
            "",
            1,
            "missing required key 'tr_ids'",
        ),
        # a type name that does not exist
        ("type: Decimal", "type: Decimall", 16, "unknown FieldType 'Decimall'"),
        # a malformed TR id
        ("{real: TEST0001R", "{real: test-1", 5, "not a TR id"),
        # several TR ids without variants
        (
            "  - {real: TEST0001R, paper: unsupported}\n",
            "  - {real: TEST0001R, paper: unsupported}\n  - {real: TEST0002R, paper: unsupported}\n",
            5,
            "needs a `variant`",
        ),
        # duplicate YAML key
        (
            "method: GET\n",
            "method: GET\nmethod: POST\n",
            3,
            "duplicate key 'method' (first at line 2)",
        ),
        # invalid YAML
        ("title: 테스트 조회\n", "title: [테스트 조회\n", 2, "invalid YAML"),
        # a bad length
        ("length: 10}", "length: 1x}", 16, "not a length"),
        # a cursor naming no response field
        (
            "    - {name: PDNO, title: 상품번호, length: 12}",
            "    - {name: PDNO, title: 상품번호, cursor: ctx_area_nk100}",
            9,
            "not a field of response.body",
        ),
        # unknown shape
        ("shape: object", "shape: table", 14, "unknown Shape 'table'"),
        # an account number left unmasked
        (", sensitive: account}", "}", 8, "CANO must be marked `sensitive: account`"),
        # a continuation key that embeds the account, left unmasked (either case, either side)
        (
            "    - {name: PDNO, title: 상품번호, length: 12}",
            "    - {name: CTX_AREA_FK100, title: 연속조회검색조건100, length: 100}",
            9,
            "CTX_AREA_FK100 must be marked `sensitive: account`",
        ),
        (
            "        - {name: stck_prpr, title: 현재가, type: Decimal, length: 10}",
            "        - {name: ctx_area_fk200, title: 연속조회검색조건200}",
            16,
            "ctx_area_fk200 must be marked `sensitive: account`",
        ),
        # a phone number and a secret
        (
            "    - {name: PDNO, title: 상품번호, length: 12}",
            "    - {name: CTAC_TLNO, title: 연락전화번호, length: 20}",
            9,
            "CTAC_TLNO must be marked `sensitive: personal`",
        ),
        (
            "        - {name: stck_prpr, title: 현재가, type: Decimal, length: 10}",
            "        - {name: HASH, title: 해쉬키}",
            16,
            "HASH must be marked `sensitive: secret`",
        ),
        # a shape its description contradicts, without a doc_fix saying why
        (
            "shape: object",
            "shape: object\n      description: array",
            14,
            "shape object, but its description says 'array'",
        ),
        (
            "shape: object",
            "shape: array\n      description: |-\n        Single\n        (one row)",
            14,
            "shape array, but its description says 'Single'",
        ),
    ],
)
def test_each_error_kind_names_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD
    errors = errors_of(tmp_path, GOOD.replace(old, new))
    expected = f"test/quotations/thing.yaml:{line}: "
    assert any(expected in e and message in e for e in errors), errors


def test_a_shape_contradicting_its_description_loads_with_a_doc_fix(tmp_path: Path) -> None:
    text = GOOD.replace(
        "shape: object",
        "shape: array\n      description: single\n      doc_fix: the doc's hint is wrong here",
    )
    (spec,) = load_specs(spec_dir(tmp_path, text)).specs
    assert spec.spec.response.outputs[0].shape.value == "array"


def test_all_errors_are_reported_together(tmp_path: Path) -> None:
    text = GOOD.replace("type: Decimal", "type: float").replace("length: 12}", "size: 12}")
    errors = errors_of(tmp_path, text)
    assert len(errors) == 2
    assert ":9: " in errors[0] and ":16: " in errors[1]


def test_a_tr_id_declared_twice_across_files(tmp_path: Path) -> None:
    root = spec_dir(tmp_path, GOOD)
    (root / "test" / "quotations" / "other.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(SpecErrors, match="TR id TEST0001R is also declared by"):
        load_specs(root)


def test_invalid_spec_leaves_generated_output_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = spec_dir(tmp_path, GOOD)
    out = tmp_path / "out"
    assert codegen_main(["generate", "--spec", str(root), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert any(p.name == "thing.py" for p in before)

    (root / "test" / "quotations" / "broken.yaml").write_text(
        GOOD.replace("TEST0001R", "TEST0002R").replace("shape: object", "shape: blob"),
        encoding="utf-8",
    )
    assert codegen_main(["generate", "--spec", str(root), "--out", str(out)]) == 1

    after = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
    err = capsys.readouterr().err
    assert "broken.yaml:14:" in err and "nothing was generated" in err


# -- what an adversarial spec could slip through -------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing yet\n  # still nothing\n"])
def test_an_empty_or_comment_only_spec_is_refused(tmp_path: Path, text: str) -> None:
    root = spec_dir(tmp_path, GOOD)
    (root / "test" / "quotations" / "blank.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as info:
        load_specs(root)
    assert (
        str(info.value)
        == f"{root}/test/quotations/blank.yaml:1: empty spec file (only blanks or comments)"
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("{name: QTY, title: 수량, type: int, default: abc}", "default 'abc' is not an int"),
        ("{name: AMT, title: 금액, type: Decimal, default: abc}", "default 'abc' is not a Decimal"),
        ("{name: AMT, title: 금액, type: Decimal, default: NaN}", "is not a finite Decimal"),
        ("{name: DT, title: 일자, type: date, default: '20240101'}", "cannot be given for a date"),
        ("{name: NM, title: 이름, length: 12, default: 삼성전자우선주}", "14 bytes long as KIS"),
        ("{name: CD, title: 코드, pattern: '[0-9]+', default: 'A1'}", "does not match the pattern"),
    ],
)
def test_a_default_that_does_not_fit_its_field_is_refused(
    tmp_path: Path, field: str, message: str
) -> None:
    text = GOOD.replace(
        "    - {name: PDNO, title: 상품번호, length: 12}",
        f"    - {{name: PDNO, title: 상품번호, length: 12}}\n    - {field}",
    )
    errors = errors_of(tmp_path, text)
    assert any("thing.yaml:10: " in e and message in e for e in errors), errors


@pytest.mark.parametrize(
    "path",
    [
        '/uapi/x"""\nimport os; os.system("id")\n"""',
        "/uapi/../oauth2/tokenP",
        "/uapi/./quotations",
        "/other/v1/thing",
        "/uapi/a b",
        "/uapi/a%2e%2e",
        "uapi/x",
        "/uapi/",
    ],
)
def test_only_plain_kis_paths_are_accepted(tmp_path: Path, path: str) -> None:
    text = GOOD.replace("path: /uapi/test/v1/quotations/thing", f"path: {json.dumps(path)}")
    errors = errors_of(tmp_path, text)
    assert any("thing.yaml:3: " in e and "plain /uapi/... or /oauth2/..." in e for e in errors)


@pytest.mark.parametrize("char", ["\\0", "\\x1b", "\\r"])
def test_control_characters_in_spec_text_are_refused(tmp_path: Path, char: str) -> None:
    errors = errors_of(tmp_path, GOOD.replace("title: 테스트 조회", f'title: "조회{char}"'))
    assert any("thing.yaml:1: " in e and "which specs may not hold" in e for e in errors), errors


def test_a_spec_named_like_a_generated_module_is_refused(tmp_path: Path) -> None:
    root = spec_dir(tmp_path, GOOD)
    (root / "registry.yaml").write_text(GOOD.replace("TEST0001R", "TEST0002R"), encoding="utf-8")
    with pytest.raises(SpecErrors, match=r"registry.yaml:1: module kis.registry is generated"):
        load_specs(root)


def test_a_module_that_is_also_a_package_is_refused(tmp_path: Path) -> None:
    root = spec_dir(tmp_path, GOOD)
    (root / "test" / "quotations.yaml").write_text(
        GOOD.replace("TEST0001R", "TEST0002R"), encoding="utf-8"
    )
    with pytest.raises(SpecErrors, match=r"quotations.yaml:1: module kis.test.quotations would"):
        load_specs(root)


def test_a_keyword_as_a_module_name_is_refused(tmp_path: Path) -> None:
    root = spec_dir(tmp_path, GOOD, name="class.yaml")
    with pytest.raises(SpecErrors, match="'class' must be a lowercase Python identifier"):
        load_specs(root)


def _as_registry(file: Path) -> None:
    (file.parents[2] / "registry.yaml").write_text(
        GOOD.replace("TEST0001R", "TEST0002R"), encoding="utf-8"
    )


@pytest.mark.parametrize(
    "damage", [lambda p: p.write_text("", encoding="utf-8"), _as_registry], ids=["empty", "clash"]
)
def test_generate_refuses_with_rc_1_and_writes_nothing(
    tmp_path: Path, damage: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = spec_dir(tmp_path, GOOD)
    out = tmp_path / "out"
    damage(root / "test" / "quotations" / "extra.yaml")
    assert codegen_main(["generate", "--spec", str(root), "--out", str(out)]) == 1
    assert not (out / "kis").exists()
    assert "nothing was generated" in capsys.readouterr().err
