"""Redis unreachable: never unlimited sending, never an issuance without the shared guard.

Documented behaviour (README, coordination/limiter.py): a limiter that has reached Redis falls
back to its share of the rate (rate / processes seen) after one window, logs it, and returns to
Redis when it is back; one that never reached it raises CoordinationError. A token in memory is
used on; one that must be issued or refreshed raises CoordinationError.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
import pytest
from redis_support import APP_KEY, APP_SECRET, BASE, RedisServer, SharedKis, busiest_window

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime.coordination import limiter as limiter_module

REQUEST = bal.PensionInquireBalanceRequest(cano="12345678")


def host(url: str, fake: SharedKis, rate: float = 10) -> kis.Client:
    return kis.Client(
        APP_KEY,
        APP_SECRET,
        base_url=BASE,
        transport=httpx.MockTransport(fake),
        coordinator=kis.RedisCoordinator(url, timeout=0.5),
        rate_limit=rate,
    )


def test_redis_stopped_mid_run(own_redis: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kis")
    fake = SharedKis()
    a, b = host(own_redis.url, fake), host(own_redis.url, fake)
    for client in (a, b, a, b):
        bal.fetch(client, REQUEST)
    assert fake.issued == ["token-1"]
    last_shared_send = fake.sent[-1]

    own_redis.stop()
    for _ in range(7):
        bal.fetch(a, REQUEST)  # the token in memory; the limiter on its share
    local = fake.sent[-7:]
    fallback = a.rate_limiter.fallback  # type: ignore[union-attr]
    assert fallback is not None and fallback.rate == 5  # 10/s shared by 2 processes
    assert busiest_window(local) <= 5
    # No local send in a window with the last sends counted in Redis.
    assert local[0] - last_shared_send >= 1.0
    assert any("limiting locally at 5/s (1/2 of 10/s" in r.getMessage() for r in caplog.records)
    assert all(r.levelno == logging.WARNING for r in caplog.records if "locally" in r.getMessage())

    # A process that never reached Redis does not know its share: it sends nothing.
    newcomer = host(own_redis.url, fake)
    with pytest.raises(kis.CoordinationError, match="never reached it"):
        newcomer.rate_limiter.acquire()  # type: ignore[union-attr]

    # A refused token is not re-issued without the shared guard: no issuance storm.
    fake.revoke("token-1")
    with pytest.raises(kis.CoordinationError, match=r"Redis at redis://127\.0\.0\.1:\d+/0"):
        bal.fetch(b, REQUEST)
    assert fake.issued == ["token-1"]

    own_redis.start()  # back, empty (no persistence): the guard is gone with it
    last_local_send = fake.sent[-1]
    time.sleep(limiter_module.PROBE_INTERVAL)
    bal.fetch(b, REQUEST)
    assert b.rate_limiter.fallback is None  # type: ignore[union-attr]
    # Its first Redis-counted send waited until every process's local sends left the window.
    assert fake.sent[-1] - last_local_send >= 1.0 + limiter_module.PROBE_INTERVAL
    assert any("is back" in r.getMessage() for r in caplog.records)
    bal.fetch(a, REQUEST)  # refused token-1, finds token-2 in Redis
    assert fake.issued == ["token-1", "token-2"]


def test_unreachable_at_start_is_a_clear_error_without_the_password(tmp_path: Any) -> None:
    server = RedisServer(tmp_path, password="hunter2-secret")  # never started
    fake = SharedKis()
    client = host(server.url, fake)
    with pytest.raises(kis.CoordinationError) as caught:
        bal.fetch(client, REQUEST)
    message = str(caught.value)
    assert f"redis://127.0.0.1:{server.port}/0" in message
    assert "hunter2" not in message and "hunter2" not in repr(client.rate_limiter)
    assert fake.issued == [] and fake.sent == []


def test_wrong_password_is_a_clear_error(tmp_path: Any) -> None:
    server = RedisServer(tmp_path, password="right-password")
    server.start()
    try:
        url = server.url.replace("right-password", "wrong-password")
        client = host(url, SharedKis())
        with pytest.raises(kis.CoordinationError) as caught:
            bal.fetch(client, REQUEST)
        assert "password" not in str(caught.value).replace("username-password", "")
        assert "wrong-password" not in str(caught.value)
    finally:
        server.stop()
