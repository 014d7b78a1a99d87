"""The `kis` command run in-process (main(argv)) against a simulator started in the test."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest

from kis_runtime.cli import main
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator


@attrs.frozen
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(int(code), captured.out, captured.err)

    return invoke


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """25 holdings in pages of 10; credentials exported as a user of `kis-sim` would."""
    with Simulator(SimConfig(rows=25, page_size=10)) as server:
        monkeypatch.setenv("KIS_APP_KEY", DEMO_APP_KEY)
        monkeypatch.setenv("KIS_APP_SECRET", DEMO_APP_SECRET)
        monkeypatch.setenv("KIS_BASE_URL", server.url)
        monkeypatch.delenv("KIS_ENVIRONMENT", raising=False)
        yield server
