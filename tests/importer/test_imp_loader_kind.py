"""The spec format's `kind: auth` (no TR id) and the loader errors that keep TR specs strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.loader import SpecErrors, load_specs
from tests.importer.conftest import SPEC

COMMON = (SPEC / "_common.yaml").read_text(encoding="utf-8")


def _load(tmp_path: Path, text: str) -> str:
    (tmp_path / "_common.yaml").write_text(COMMON, encoding="utf-8")
    (tmp_path / "area").mkdir()
    (tmp_path / "area" / "thing.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_specs(tmp_path)
    return str(caught.value)


def test_tr_spec_without_tr_ids_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    message = _load(tmp_path, "title: 시세\nmethod: GET\npath: /uapi/x/v1/q/p\n")
    assert f"{tmp_path / 'area' / 'thing.yaml'}:1: missing required key 'tr_ids'" in message


def test_auth_spec_may_not_carry_tr_ids_or_paging(tmp_path: Path) -> None:
    text = (
        "title: 토큰\nkind: auth\nmethod: POST\npath: /oauth2/tokenP\n"
        "tr_ids:\n  - {real: TTTC0000R, paper: unsupported}\npaging: true\n"
    )
    message = _load(tmp_path, text)
    assert "thing.yaml:5: tr_ids: an auth endpoint" in message
    assert "thing.yaml:7: paging: an auth endpoint" in message


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    message = _load(tmp_path, "title: x\nkind: websocket\nmethod: GET\npath: /x\n")
    assert "unknown Kind 'websocket' (expected one of: tr, auth, realtime)" in message


def test_field_shadowing_generated_names_is_refused(tmp_path: Path) -> None:
    text = (
        "title: x\nmethod: GET\npath: /uapi/x/v1/q/p\ntr_ids:\n  - {real: TTTC0000R, paper: unsupported}\n"
        "response:\n  body:\n    - {name: check, title: 검사}\n"
    )
    assert "thing.yaml:8: field name 'check' would shadow the generated 'check'" in _load(
        tmp_path, text
    )


def test_repo_auth_specs_load_as_auth(tmp_path: Path) -> None:
    specs = load_specs(SPEC)
    auth = sorted(s.module for s in specs.specs if s.spec.kind.value == "auth")
    assert auth == ["auth.approval", "auth.hashkey", "auth.revoke_p", "auth.token_p"]
