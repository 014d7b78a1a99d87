"""Simulators over real loopback TCP, and kis clients pointed at them.

Test clients never really sleep for back-off (no-op sleeps), never limit themselves (rate_limit=0)
unless a test says otherwise, and keep their token cache in the per-test KIS_CACHE_DIR set by the
root conftest.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import kis
from kis_runtime.endpoint import Endpoint
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, ManualClock, SimConfig, Simulator


@pytest.fixture(scope="session")
def synthetic() -> Endpoint[Any, Any]:
    """synthetic_tr.ENDPOINT (loaded by path: tests are not a package)."""
    name = "kis_sim_tests_synthetic_tr"
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("synthetic_tr.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # cattrs resolves the classes' annotations through it
    spec.loader.exec_module(module)
    endpoint: Endpoint[Any, Any] = module.ENDPOINT
    return endpoint


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sim(clock: ManualClock) -> Iterator[Simulator]:
    """A fresh simulator per test: 25 holdings, pages of 10, a clock the test moves."""
    with Simulator(SimConfig(rows=25, page_size=10), clock=clock) as server:
        yield server


@pytest.fixture(scope="session")
def shared_sim() -> Iterator[Simulator]:
    """One simulator for the every-TR test, so adding TRs costs one request each."""
    with Simulator(SimConfig(rows=3, page_size=10)) as server:
        yield server


def no_sleep(_: float) -> None:
    """Back-off without waiting."""


async def no_sleep_async(_: float) -> None:
    """AsyncClient's back-off without waiting."""


def make_client(server: Simulator, **options: Any) -> kis.Client:
    options.setdefault("timeout", 5.0)
    options.setdefault("rate_limit", 0)
    options.setdefault("sleep", no_sleep)
    return kis.Client(DEMO_APP_KEY, DEMO_APP_SECRET, base_url=server.url, **options)


def make_async_client(server: Simulator, **options: Any) -> kis.AsyncClient:
    options.setdefault("timeout", 5.0)
    options.setdefault("rate_limit", 0)
    options.setdefault("sleep", no_sleep_async)
    return kis.AsyncClient(DEMO_APP_KEY, DEMO_APP_SECRET, base_url=server.url, **options)


@pytest.fixture
def client_for() -> Callable[..., kis.Client]:
    """make_client(server, **options) for tests that need their own simulator or options."""
    return make_client


@pytest.fixture
def async_client_for() -> Callable[..., kis.AsyncClient]:
    """make_async_client(server, **options): use as `async with async_client_for(sim) as c`."""
    return make_async_client


@pytest.fixture
def client(sim: Simulator) -> Iterator[kis.Client]:
    with make_client(sim) as c:
        yield c


@pytest.fixture
async def async_client(sim: Simulator) -> AsyncIterator[kis.AsyncClient]:
    async with make_async_client(sim) as c:
        yield c
