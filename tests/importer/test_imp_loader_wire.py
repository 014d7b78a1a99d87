"""Loader checks of the wire keys: reply `alias` / `null_values`, output block `optional`."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.loader import SpecErrors, load_specs
from tests.importer.conftest import SPEC

COMMON = (SPEC / "_common.yaml").read_text(encoding="utf-8")
HEAD = (
    "title: 시세\nmethod: GET\npath: /uapi/x/v1/q/p\n"
    "tr_ids:\n  - {real: FHKST00000000, paper: unsupported}\n"
)


def _load(tmp_path: Path, text: str) -> str | None:
    (tmp_path / "_common.yaml").write_text(COMMON, encoding="utf-8")
    (tmp_path / "area").mkdir()
    (tmp_path / "area" / "thing.yaml").write_text(HEAD + text, encoding="utf-8")
    try:
        load_specs(tmp_path)
    except SpecErrors as caught:
        return str(caught)
    return None


def _reply(field: str, block_extra: str = "") -> str:
    return (
        "response:\n  outputs:\n    - name: output\n      shape: object\n"
        f"{block_extra}      fields:\n        - {{name: a_b, title: 다른 필드}}\n"
        f"        - {field}\n"
    )


def test_wire_keys_load_when_valid(tmp_path: Path) -> None:
    text = _reply(
        '{name: ratem, title: 비율, type: Decimal, alias: "ratem name", '
        'null_values: ["999999"], markers: {"N/A": 해당없음}}',
        "      optional: the server leaves it out when the account holds nothing\n",
    )
    assert _load(tmp_path, text) is None


@pytest.mark.parametrize(
    ("field", "line", "message"),
    [
        ("{name: odno, title: 주문번호, alias: ODNO}", 12, "differs from the name by case at most"),
        ("{name: odno, title: 주문번호, alias: A_B}", 12, "is also the key of field a_b"),
        ("{name: hour, title: 시간, null_values: ['0', '0']}", 12, "lists a value twice"),
    ],
)
def test_bad_reply_wire_keys_are_located(
    tmp_path: Path, field: str, line: int, message: str
) -> None:
    error = _load(tmp_path, _reply(field))
    assert error is not None and f"thing.yaml:{line}: " in error and message in error


def test_request_fields_take_no_alias_or_null_values(tmp_path: Path) -> None:
    text = "request:\n  params:\n    - {name: FID_X, title: 코드, alias: fid_x_y, null_values: ['0']}\n"
    error = _load(tmp_path, text)
    assert error is not None
    assert "thing.yaml:8: FID_X: alias applies to reply fields only" in error
    assert "thing.yaml:8: FID_X: null_values applies to reply fields only" in error


def test_optional_block_needs_a_reason(tmp_path: Path) -> None:
    error = _load(tmp_path, _reply("{name: x, title: 값}", '      optional: " "\n'))
    assert error is not None and "thing.yaml:10: output: optional needs the reason" in error
