"""Every command's --help describes its subcommands and states defaults; kis-sim's start-up text."""

from __future__ import annotations

import argparse

import pytest

from codegen.cli import main as codegen_main
from kis_runtime.cli import main as kis_main
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET
from kis_sim.__main__ import parse_args, startup_text


def help_text(entry, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        entry([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_kis_help(capsys) -> None:
    top = help_text(kis_main, [], capsys)
    for command in ("trs", "describe", "call"):
        assert command in top
    assert "exit codes:" in top and "KIS_APP_KEY" in top
    call = help_text(kis_main, ["call"], capsys)
    assert "(default: table)" in call and "(default: 100)" in call
    assert "(default: None)" not in call and "(default: False)" not in call


def test_codegen_help(capsys) -> None:
    top = help_text(codegen_main, [], capsys)
    for command in ("generate", "check", "import", "coverage", "reference"):
        assert f"    {command}" in top
    assert "(default: spec)" in help_text(codegen_main, ["generate"], capsys)
    assert "(default: docs/reference)" in help_text(codegen_main, ["reference"], capsys)


def test_kis_sim_help_and_startup_text(capsys) -> None:
    from kis_sim.__main__ import parse_args as sim_args

    out = help_text(sim_args, [], capsys)
    assert "(default: 8999)" in out and "(default: 25)" in out
    text = startup_text(parse_args(["--port", "0"]), "http://127.0.0.1:1234")
    assert DEMO_APP_KEY in text and DEMO_APP_SECRET in text
    assert f"export KIS_APP_KEY={DEMO_APP_KEY}" in text
    assert "export KIS_BASE_URL=http://127.0.0.1:1234" in text
    own = startup_text(parse_args(["--app", "MYKEY:my-own-secret"]), "http://x")
    assert "MYKEY" in own and "my-own-secret" not in own
    assert isinstance(parse_args([]), argparse.Namespace)
