"""The generic pieces for other clients (realtime): the single-holder session lease and a shared
credential (approval key) issued once for everyone."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from redis_support import APP_KEY, RedisServer

import kis
from kis_runtime import Environment
from kis_runtime.coordination import credentials
from kis_runtime.coordination.credentials import Issued
from kis_runtime.errors import TransportError


def coordinator(server: RedisServer) -> kis.RedisCoordinator:
    return kis.RedisCoordinator(server.url)


def test_one_holder_per_app_key(redis_server: RedisServer, redis: Any) -> None:
    first = coordinator(redis_server).session_lease(Environment.REAL, APP_KEY, holder="host-a:1")
    second = coordinator(redis_server).session_lease(Environment.REAL, APP_KEY, holder="host-b:2")
    first.acquire()
    first.acquire()  # re-entrant for its holder
    with pytest.raises(kis.SessionHeldError) as caught:
        second.acquire()
    assert caught.value.holder == "host-a:1"
    assert "realtime session of this app key is held by 'host-a:1'" in str(caught.value)
    assert 0 < caught.value.expires_in <= 30
    # Another environment (paper) of the same key is another lease.
    coordinator(redis_server).session_lease(Environment.PAPER, APP_KEY, holder="p").acquire()
    first.renew()
    first.release()
    second.acquire()
    with pytest.raises(kis.LeaseLostError, match="held by 'host-b:2'"):
        first.renew()
    assert not any(APP_KEY in k for k in redis.scan_iter("*"))


def test_an_unrenewed_lease_lapses(redis_server: RedisServer) -> None:
    c = coordinator(redis_server)
    dead = c.session_lease(Environment.REAL, APP_KEY, holder="crashed", ttl=0.2)
    dead.acquire()
    time.sleep(0.3)
    live = c.session_lease(Environment.REAL, APP_KEY)
    live.acquire()
    assert live.held and str(live.holder).count(":") == 2  # host:pid:id by default


async def test_lease_async(redis_server: RedisServer) -> None:
    c = coordinator(redis_server)
    async with c.session_lease(Environment.REAL, APP_KEY, holder="a") as lease:
        assert lease.held
        with pytest.raises(kis.SessionHeldError):
            await c.session_lease(Environment.REAL, APP_KEY, holder="b").acquire_async()
        await lease.renew_async()
    await c.session_lease(Environment.REAL, APP_KEY, holder="b").acquire_async()
    await c.aclose()


def approval(server: RedisServer) -> credentials.SharedCredential:
    return coordinator(server).credential(Environment.REAL, APP_KEY, "https://kis.test", "approval")


def test_approval_key_issued_once_for_many_threads(redis_server: RedisServer) -> None:
    calls: list[int] = []

    def issue() -> Issued:
        calls.append(1)
        time.sleep(0.2)
        return Issued("approval-1", time.time() + 86400, time.time())

    got: list[str] = []
    threads = [
        threading.Thread(
            target=lambda: got.append(credentials.obtain_sync(approval(redis_server), issue).value)
        )
        for _ in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert calls == [1] and got == ["approval-1"] * 5


def test_a_failed_issuance_lets_the_next_one_try(redis_server: RedisServer) -> None:
    def fail() -> Issued:
        raise TransportError("connection refused")

    with pytest.raises(TransportError):
        credentials.obtain_sync(approval(redis_server), fail)
    issued = credentials.obtain_sync(
        approval(redis_server), lambda: Issued("approval-2", time.time() + 600, time.time())
    )
    assert issued.value == "approval-2"


def test_a_refusal_for_the_interval_keeps_the_guard(redis_server: RedisServer) -> None:
    def refused() -> Issued:
        raise kis.TokenRateLimitError("EGW00133", "1분당 1회", retry_after=42)

    with pytest.raises(kis.TokenRateLimitError):
        credentials.obtain_sync(approval(redis_server), refused)
    with pytest.raises(kis.TokenRateLimitError) as caught:
        credentials.obtain_sync(approval(redis_server), refused)
    assert 40 < caught.value.retry_after <= 42  # from the guard: `refused` was not called again


async def test_async_obtain_and_stale_value(redis_server: RedisServer) -> None:
    async def issue() -> Issued:
        return Issued("approval-3", time.time() + 600, time.time())

    shared, elsewhere = approval(redis_server), approval(redis_server)
    first = await credentials.obtain_async(shared, issue)
    again = await credentials.obtain_async(elsewhere, issue)
    assert first.value == again.value == "approval-3"
    with pytest.raises(kis.TokenRateLimitError):  # the stale one is not reused; within a minute
        await credentials.obtain_async(shared, issue, stale="approval-3")
    await shared.store.aclose()
    await elsewhere.store.aclose()


def test_waiting_out_the_interval_once_when_asked(redis_server: RedisServer, redis: Any) -> None:
    shared = approval(redis_server)
    values = iter(["approval-4", "approval-5"])
    calls: list[str] = []

    def issue() -> Issued:
        calls.append(value := next(values))
        return Issued(value, time.time() + 600, time.time())

    credentials.obtain_sync(shared, issue)
    redis.pexpire(shared.keys[1], 1500)  # the guard: as if the minute were nearly over
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    renewed = credentials.obtain_sync(
        shared, issue, stale="approval-4", wait_on_limit=True, sleep=sleep
    )
    assert renewed.value == "approval-5" and calls == ["approval-4", "approval-5"]
    assert len(slept) == 1 and 0 < slept[0] <= 1.6  # the guard's rest, plus 50 ms of slack
