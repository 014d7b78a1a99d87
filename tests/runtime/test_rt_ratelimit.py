"""The limiter holds its rate, measured on a fake clock, for threads' and tasks' callers."""

from __future__ import annotations

import asyncio
import itertools
import random
import threading
import time
from bisect import bisect_left

import httpx
import pytest
from rt_support import (
    BASE,
    CANO,
    PENSION_PATH,
    TOKENS,
    FakeClock,
    FakeKis,
    VirtualTimeLoop,
    pension_page,
)

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime import AsyncClient, Client, ConfigError
from kis_runtime.environment import Environment
from kis_runtime.ratelimit import RateLimiter, shared_limiter


def max_in_any_window(times: list[float], period: float = 1.0) -> int:
    """The most events in any half-open window [t, t + period)."""
    times = sorted(times)
    return max(bisect_left(times, t + period) - i for i, t in enumerate(times))


def test_sync_callers_are_held_to_the_rate(clock: FakeClock) -> None:
    limiter = RateLimiter(20, margin=0, clock=clock, sleep=clock.sleep)
    released = []
    for _ in range(200):
        limiter.acquire()
        released.append(clock.now)
    assert max_in_any_window(released) == 20
    # Evenly spaced, never in bursts: one every 50 ms, and no slower than the rate.
    gaps = [b - a for a, b in itertools.pairwise(released)]
    assert gaps == pytest.approx([0.05] * 199, abs=1e-5)
    assert released[-1] - released[0] == pytest.approx(199 * 0.05)


def test_callers_after_idle_go_at_once_and_never_more_than_the_rate(clock: FakeClock) -> None:
    limiter = RateLimiter(5, clock=clock, sleep=clock.sleep)
    released = []
    waited_after_idle = []
    for burst in range(4):
        for i in range(7):
            before = clock.now
            limiter.acquire()
            if i == 0:
                waited_after_idle.append(clock.now - before)
            released.append(clock.now)
        clock.now += 0.7 * burst + 1.0
    assert max_in_any_window(released) == 5
    assert waited_after_idle == [0.0] * 4


def test_fractional_rates_round_down_so_no_second_holds_more(clock: FakeClock) -> None:
    limiter = RateLimiter(2.5, margin=0, clock=clock, sleep=clock.sleep)
    released = []
    for _ in range(50):
        limiter.acquire()
        released.append(clock.now)
    assert max_in_any_window(released, 1.0) == 2  # 2.5 in one second is 2
    assert (len(released) - 1) / (released[-1] - released[0]) == pytest.approx(2.0)


async def test_1000_concurrent_async_acquisitions_hold_the_rate() -> None:
    loop_time = VirtualTimeLoop()
    limiter = RateLimiter(20, margin=0, clock=loop_time, async_sleep=loop_time.sleep)
    released: list[float] = []

    async def one() -> None:
        await limiter.acquire_async()
        released.append(loop_time.now)

    tasks = [asyncio.create_task(one()) for _ in range(1000)]
    await loop_time.run(tasks)
    assert len(released) == 1000
    assert max_in_any_window(released) == 20
    assert max(released) == pytest.approx(999 / 20)  # and no slower than the rate


async def test_paper_default_is_under_two_per_second_and_shared_across_async_and_sync() -> None:
    loop_time = VirtualTimeLoop()
    count, period = Environment.PAPER.default_limit
    limiter = RateLimiter(
        count,
        period,
        clock=loop_time,
        sleep=lambda s: None,
        async_sleep=loop_time.sleep,
    )
    released: list[float] = []

    async def one() -> None:
        await limiter.acquire_async()
        released.append(loop_time.now)

    limiter.acquire()  # a sync caller spends part of the same budget
    released.append(loop_time.now)
    tasks = [asyncio.create_task(one()) for _ in range(9)]
    await loop_time.run(tasks)
    assert max_in_any_window(released) == 2
    assert max_in_any_window(released, 1.1) == 2  # the margin under KIS's 2/s
    assert max(released) == pytest.approx(9 * (1.1 + limiter.margin) / 2)  # evenly spaced


def test_clients_of_one_app_key_share_a_limiter() -> None:
    a = Client("same-key-0000000000", "s" * 20, token_cache=False)
    b = Client("same-key-0000000000", "t" * 20, token_cache=False)
    other = Client("other-key-000000000", "s" * 20, token_cache=False)
    paper = Client("same-key-0000000000", "s" * 20, environment="paper", token_cache=False)
    assert (
        a.rate_limiter is b.rate_limiter is shared_limiter(Environment.REAL, "same-key-0000000000")
    )
    assert other.rate_limiter is not a.rate_limiter
    # The defaults keep a margin under KIS's 20/s and 2/s.
    assert paper.rate_limiter is not None
    assert (paper.rate_limiter.rate, paper.rate_limiter.period) == (2.0, 1.1)
    assert a.rate_limiter is not None
    assert (a.rate_limiter.rate, a.rate_limiter.period) == (18.0, 1.0)
    assert Client("k" * 20, "s" * 20, rate_limit=0, token_cache=False).rate_limiter is None


def test_client_requests_wait_for_the_limiter(kis: FakeKis, clock: FakeClock) -> None:
    limiter = RateLimiter(2, margin=0, clock=clock, sleep=clock.sleep)
    kis.on(PENSION_PATH, *[pension_page(1, more=False) for _ in range(6)])
    sent_at: list[float] = []
    kis_handle = kis.handle
    kis.handle = lambda request: (sent_at.append(clock.now), kis_handle(request))[1]  # type: ignore[method-assign]
    with Client(
        "k" * 20,
        "s" * 20,
        base_url=BASE,
        transport=kis.transport(),
        rate_limit=limiter,
        clock=clock,
    ) as c:
        for _ in range(6):
            bal.fetch(c, bal.PensionInquireBalanceRequest(cano=CANO))
    data_times = [
        t for t, r in zip(sent_at, kis.requests, strict=True) if r.url.path == PENSION_PATH
    ]
    assert max_in_any_window(data_times) == 2
    assert data_times[-1] - data_times[0] == pytest.approx(2.5)  # 6 at 2/s, 0.5 s apart


def test_slow_rates_and_bad_rates(clock: FakeClock) -> None:
    limiter = RateLimiter(0.5, margin=0, clock=clock, sleep=clock.sleep)
    released = []
    for _ in range(4):
        limiter.acquire()
        released.append(clock.now - 1_700_000_000.0)
    assert released == [0.0, 2.0, 4.0, 6.0]
    with pytest.raises(ConfigError):
        RateLimiter(0)


async def test_async_client_calls_wait_for_the_shared_limiter(kis: FakeKis) -> None:
    loop_time = VirtualTimeLoop()
    limiter = RateLimiter(2, margin=0, clock=loop_time, async_sleep=loop_time.sleep)
    kis.on(PENSION_PATH, *[pension_page(1, more=False) for _ in range(10)])
    sent_at: list[float] = []
    kis_handle = kis.handle
    kis.handle = lambda request: (sent_at.append(loop_time.now), kis_handle(request))[1]  # type: ignore[method-assign]
    async with AsyncClient(
        "k" * 20, "s" * 20, base_url=BASE, transport=kis.async_transport(), rate_limit=limiter
    ) as c:
        request = bal.PensionInquireBalanceRequest(cano=CANO)
        tasks = [asyncio.create_task(bal.fetch_async(c, request)) for _ in range(10)]
        await loop_time.run(tasks)
    data_times = [
        t for t, r in zip(sent_at, kis.requests, strict=True) if r.url.path == PENSION_PATH
    ]
    assert len(data_times) == 10
    assert max_in_any_window(data_times) == 2
    assert max(data_times) == pytest.approx(4.5)  # 10 at 2/s, 0.5 s apart


# -- the rate holds when requests really leave, not only when slots are promised ------------------


async def test_tasks_woken_late_never_put_more_than_the_rate_in_a_window(kis: FakeKis) -> None:
    """Every sleep oversleeps by up to 0.3 s (virtual time; a busy event loop does this): the
    send times the transport records still hold at most `rate` in any one-second window."""
    loop_time = VirtualTimeLoop()
    lateness = random.Random(7)

    async def oversleep(seconds: float) -> None:
        await loop_time.sleep(seconds + lateness.uniform(0, 0.3))

    limiter = RateLimiter(20, margin=0, clock=loop_time, async_sleep=oversleep)
    sent_at: list[float] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent_at.append(loop_time.now)
        return pension_page(1, more=False)

    kis.on(PENSION_PATH, *[record] * 200)
    async with AsyncClient(
        "k" * 20, "s" * 20, base_url=BASE, transport=kis.transport(), rate_limit=limiter
    ) as c:
        request = bal.PensionInquireBalanceRequest(cano=CANO)
        await c.access_token()
        tasks = [asyncio.create_task(bal.fetch_async(c, request)) for _ in range(200)]
        await loop_time.run(tasks)
    assert len(sent_at) == 200
    assert max_in_any_window(sent_at) == 20


def test_late_wake_ups_across_threads_keep_the_rate_at_the_transport() -> None:
    """8 threads on the real clock, every sleep overslept by up to 40 ms: send times recorded by
    the transport never hold more than `rate` in any window. (The margin, 0.1 s here, only has to
    cover a thread's way from its release to the transport.)"""
    rate, period = 10, 0.25

    def oversleep(seconds: float) -> None:
        time.sleep(seconds + random.uniform(0, 0.04))

    limiter = RateLimiter(rate, period, margin=0.1, sleep=oversleep)
    sent_at: list[float] = []
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/tokenP":
            return httpx.Response(200, json={"access_token": TOKENS[0], "expires_in": 86400})
        with lock:
            sent_at.append(time.monotonic())
        return pension_page(1, more=False)

    with Client(
        "k" * 20,
        "s" * 20,
        base_url=BASE,
        transport=httpx.MockTransport(handler),
        rate_limit=limiter,
        token_cache=False,
    ) as c:
        request = bal.PensionInquireBalanceRequest(cano=CANO)
        c.access_token()

        def worker() -> None:
            for _ in range(10):
                bal.fetch(c, request)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(sent_at) == 80
    assert max_in_any_window(sent_at, period) <= rate


def test_a_caller_woken_late_waits_again_rather_than_overfill_a_window(clock: FakeClock) -> None:
    """Slots 0, 0.5, 1.0, 1.5 at 2/s; the first two leave late, both at 0.9: the third may not
    leave at its slot (1.0) but only a window after the real releases (1.9)."""
    limiter = RateLimiter(2, margin=0, clock=clock, sleep=clock.sleep)
    start = clock.now
    promised = [limiter.reserve() for _ in range(4)]
    assert promised == [0.0, 0.5, 1.0, 1.5]
    clock.now = start + 0.9
    assert limiter.release() == 0.0 and limiter.release() == 0.0  # both leave at 0.9
    clock.now = start + 1.0
    assert limiter.release() == pytest.approx(0.9)
    clock.now = start + 1.9
    assert limiter.release() == 0.0 and limiter.release() == 0.0
