"""Fixtures for the coordination tests: a real redis-server on 127.0.0.1, a fresh one per test
that stops it, else one per session emptied between tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from redis_support import RedisServer


@pytest.fixture(scope="session")
def _session_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_server(_session_redis: RedisServer) -> Iterator[RedisServer]:
    """The session's server, empty."""
    client = _session_redis.client()
    client.flushall()
    yield _session_redis
    client.close()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A server of this test's own (which it may stop and restart)."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis(redis_server: RedisServer) -> Any:
    return redis_server.client()
