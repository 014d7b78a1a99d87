"""Fixtures for the runtime tests. No test here touches the network or the real user cache dir."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Test modules import rt_support (pytest runs with --import-mode=importlib: no implicit sys.path).
sys.path.insert(0, str(Path(__file__).parent))

from rt_support import FakeClock, FakeKis


@pytest.fixture
def cache_dir(_tmp_cache: Path) -> Path:
    return _tmp_cache


@pytest.fixture
def kis() -> FakeKis:
    return FakeKis()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
