"""Each injected fault, end to end over loopback TCP, gives the documented client behaviour
(kis_runtime: retry.py, flow.py, token_source.py), with both kis.Client and kis.AsyncClient.

Nothing here really sleeps for back-off: `sleep` is a no-op, a recorder, or `clock.advance` (the
simulator's ManualClock, so waiting out a limit moves the simulator's time, not the test's).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime.auth import TOKEN_PATH
from kis_runtime.ratelimit import RateLimiter
from kis_runtime.retry import RetryPolicy
from kis_sim import (
    DEMO_APP_KEY,
    DEMO_APP_SECRET,
    Fault,
    FaultKind,
    ManualClock,
    Record,
    SimConfig,
    Simulator,
    example_request,
)

ACCOUNT = "12345678"
REQUEST = bal.PensionInquireBalanceRequest(cano=ACCOUNT)
PARAMS = {"CANO": ACCOUNT, "ACNT_PRDT_CD": "29", "ACCA_DVSN_CD": "00", "INQR_DVSN": "00"}
OK = "KIOK0510"
# Small timeouts keep the slow-reply cases fast; the slow fault outlasts the client's timeout.
TIMEOUT = 0.4
SLOW = Fault(FaultKind.SLOW, delay=TIMEOUT + 0.4)
ATTEMPTS = 3
NO_JITTER = RetryPolicy(attempts=ATTEMPTS, random=lambda: 1.0)  # delays 0.5, 1.0, ...


# -- one test body for Client and AsyncClient ----------------------------------------------------


class Driver:
    """The calls the tests make, awaited the same way for both clients."""

    def __init__(self, client: kis.Client | kis.AsyncClient) -> None:
        self.client = client

    async def fetch(self) -> bal.PensionInquireBalanceResponse:
        if isinstance(self.client, kis.Client):
            return bal.fetch(self.client, REQUEST)
        return await bal.fetch_async(self.client, REQUEST)

    async def pages(
        self, after_page: Callable[[int], None] = lambda n: None
    ) -> list[bal.PensionInquireBalanceResponse]:
        """Every page of REQUEST; after_page(n) runs once page n has arrived."""
        pages = []
        if isinstance(self.client, kis.Client):
            for page in bal.iter_pages(self.client, REQUEST):
                pages.append(page)
                after_page(len(pages))
        else:
            async for page in bal.iter_pages_async(self.client, REQUEST):
                pages.append(page)
                after_page(len(pages))
        return pages

    async def call(self, endpoint: Any, request: Any, variant: str) -> Any:
        if isinstance(self.client, kis.Client):
            return self.client.call(endpoint, request, variant=variant)
        return await self.client.call(endpoint, request, variant=variant)

    async def access_token(self) -> str:
        if isinstance(self.client, kis.Client):
            return self.client.access_token()
        return await self.client.access_token()


Connect = Callable[..., contextlib.AbstractAsyncContextManager[Driver]]


@pytest.fixture(params=["sync", "async"])
def connect(request: pytest.FixtureRequest, client_for: Any, async_client_for: Any) -> Connect:
    """connect(server, sleep=<sync callable>, **options): a Driver over Client or AsyncClient."""

    @contextlib.asynccontextmanager
    async def open_client(
        server: Simulator, sleep: Callable[[float], None] | None = None, **options: Any
    ) -> AsyncIterator[Driver]:
        if request.param == "sync":
            if sleep is not None:
                options["sleep"] = sleep
            with client_for(server, **options) as c:
                yield Driver(c)
        else:
            if sleep is not None:
                wait = sleep

                async def async_sleep(seconds: float) -> None:
                    wait(seconds)

                options["sleep"] = async_sleep
            async with async_client_for(server, **options) as c:
                yield Driver(c)

    return open_client


# -- what the simulator saw ------------------------------------------------------------------------


def tr_requests(sim: Simulator, path: str = bal.ENDPOINT.path) -> list[Record]:
    return [r for r in sim.records if r.path == path]


def token_statuses(sim: Simulator) -> list[int]:
    return [r.status for r in sim.records if r.path == TOKEN_PATH]


def predicted_rows(sim: Simulator) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = sim.app.data.blocks(bal.ENDPOINT, "TTTC2208R", PARAMS)["output1"]
    return rows


def check_first_page(sim: Simulator, page: bal.PensionInquireBalanceResponse) -> None:
    assert page.rt_cd == "0" and page.headers.tr_cont == "F"
    assert page.raw["output1"] == predicted_rows(sim)[:10]


def check_all_pages(sim: Simulator, pages: list[bal.PensionInquireBalanceResponse]) -> None:
    rows = predicted_rows(sim)
    assert [p.raw["output1"] for p in pages] == [rows[0:10], rows[10:20], rows[20:25]]
    assert [p.headers.tr_cont for p in pages] == ["F", "M", "D"]


# -- EGW00201 / EGW00215: refused at the gateway, resent (any method) up to the cap -------------


async def test_short_rate_limit_burst_is_retried(sim: Simulator, connect: Connect) -> None:
    sim.faults.next(FaultKind.RATE_LIMIT, times=ATTEMPTS - 1)
    sleeps: list[float] = []
    async with connect(sim, retry=NO_JITTER, sleep=sleeps.append) as c:
        check_first_page(sim, await c.fetch())
    sent = tr_requests(sim)
    assert [(r.status, r.msg_cd) for r in sent] == [(500, "EGW00201")] * 2 + [(200, OK)]
    assert sleeps == [0.5, 1.0]  # capped exponential back-off (full jitter pinned to its ceiling)


async def test_long_rate_limit_burst_raises_after_the_cap(sim: Simulator, connect: Connect) -> None:
    sim.faults.next(FaultKind.RATE_LIMIT, times=ATTEMPTS + 2)
    async with connect(sim, retry=RetryPolicy(attempts=ATTEMPTS, base_delay=0)) as c:
        with pytest.raises(kis.RateLimitError) as caught:
            await c.fetch()
        assert (caught.value.msg_cd, caught.value.status) == ("EGW00201", 500)
        assert len(tr_requests(sim)) == ATTEMPTS
        sim.faults.clear()
        check_first_page(sim, await c.fetch())


async def test_rate_window_is_waited_out(clock: ManualClock, connect: Connect) -> None:
    """The simulator allows 2/s; the back-off (moving the simulator's clock) gets the 3rd in."""
    with Simulator(SimConfig(rate_limit=2), clock=clock) as server:
        async with connect(server, retry=NO_JITTER, sleep=clock.advance) as c:
            for _ in range(3):
                assert (await c.fetch()).rt_cd == "0"
        assert [r.status for r in tr_requests(server)] == [200, 200, 500, 500, 200]


async def test_rate_window_not_waited_out_raises(clock: ManualClock, connect: Connect) -> None:
    with Simulator(SimConfig(rate_limit=2), clock=clock) as server:
        async with connect(server, retry=RetryPolicy(attempts=ATTEMPTS, base_delay=0)) as c:
            await c.fetch()
            await c.fetch()
            with pytest.raises(kis.RateLimitError):
                await c.fetch()  # the simulator's clock stands still
            assert len(tr_requests(server)) == 2 + ATTEMPTS
            clock.advance(1.0)
            assert (await c.fetch()).rt_cd == "0"


async def test_client_limiter_keeps_under_the_simulator_window(
    clock: ManualClock, connect: Connect
) -> None:
    limiter = RateLimiter(2, clock=clock, sleep=clock.advance, async_sleep=_advance_async(clock))
    with Simulator(SimConfig(rate_limit=2), clock=clock) as server:
        async with connect(server, rate_limit=limiter) as c:
            for _ in range(5):
                await c.fetch()
        assert [r.status for r in tr_requests(server)] == [200] * 5


def _advance_async(clock: ManualClock) -> Callable[[float], Any]:
    async def advance(seconds: float) -> None:
        clock.advance(seconds)

    return advance


def test_run_wide_fault_hits_every_tr_request(clock: ManualClock, client_for: Any) -> None:
    config = SimConfig(faults=(Fault.parse("rate_limit"),))
    retry = RetryPolicy(attempts=ATTEMPTS, base_delay=0)
    with Simulator(config, clock=clock) as server, client_for(server, retry=retry) as c:
        for _ in range(2):
            with pytest.raises(kis.RateLimitError):
                bal.fetch(c, REQUEST)
        assert len(tr_requests(server)) == 2 * ATTEMPTS


# -- EGW00123 / EGW00121: drop the token, issue one, resend once ----------------------------------


async def test_expired_token_is_renewed_and_the_request_resent(
    sim: Simulator, clock: ManualClock, connect: Connect
) -> None:
    async with connect(sim) as c:
        await c.fetch()
        clock.advance(sim.config.token_lifetime)  # the client's own clock still says fresh
        check_first_page(sim, await c.fetch())
    assert token_statuses(sim) == [200, 200]
    assert [r.msg_cd for r in tr_requests(sim)] == [OK, "EGW00123", OK]


async def test_scheduled_token_expiry_is_renewed(
    sim: Simulator, clock: ManualClock, connect: Connect
) -> None:
    async with connect(sim) as c:
        first = await c.access_token()
        clock.advance(60)  # outside the simulator's one-token-per-minute window
        sim.faults.next(FaultKind.TOKEN_EXPIRED)
        check_first_page(sim, await c.fetch())
        assert await c.access_token() != first
    assert token_statuses(sim) == [200, 200]
    assert [r.msg_cd for r in tr_requests(sim)] == ["EGW00123", OK]


async def test_token_refused_twice_is_not_renewed_again(
    sim: Simulator, clock: ManualClock, connect: Connect
) -> None:
    async with connect(sim) as c:
        await c.access_token()
        clock.advance(60)
        sim.faults.next(FaultKind.TOKEN_EXPIRED, times=2)
        with pytest.raises(kis.TokenExpiredError):
            await c.fetch()
    assert token_statuses(sim) == [200, 200]  # one re-issuance, one resend
    assert len(tr_requests(sim)) == 2


async def test_expiry_within_the_issue_window(
    sim: Simulator, clock: ManualClock, connect: Connect
) -> None:
    """EGW00123 right after issuance: the new token is refused (EGW00133) and the error says
    how long to wait; wait_on_token_limit waits it out once (on the simulator's clock)."""
    async with connect(sim, clock=clock) as c:
        await c.access_token()
        sim.faults.next(FaultKind.TOKEN_EXPIRED)
        with pytest.raises(kis.TokenRateLimitError) as caught:
            await c.fetch()
        assert caught.value.retry_after == 60.0
    sleeps: list[float] = []

    def wait(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)

    sim.faults.next(FaultKind.TOKEN_EXPIRED)
    async with connect(sim, clock=clock, wait_on_token_limit=True, sleep=wait) as c:
        check_first_page(sim, await c.fetch())  # the cached token, refused, renewed after 60 s
    assert sleeps == [60.0]
    assert token_statuses(sim) == [200, 403, 403, 200]


async def test_token_expiry_mid_paging_loses_no_page(
    sim: Simulator, clock: ManualClock, connect: Connect
) -> None:
    def expire(page: int) -> None:
        if page == 1:
            clock.advance(sim.config.token_lifetime)

    async with connect(sim) as c:
        pages = await c.pages(after_page=expire)
    check_all_pages(sim, pages)
    assert token_statuses(sim) == [200, 200]
    sent = tr_requests(sim)
    assert [(r.tr_cont, r.msg_cd) for r in sent] == [
        ("", OK),
        ("N", "EGW00123"),
        ("N", OK),
        ("N", OK),
    ]
    keys = [(r.params["CTX_AREA_FK100"], r.params["CTX_AREA_NK100"]) for r in sent]
    assert keys[1] == keys[2] == (pages[0].ctx_area_fk100, pages[0].ctx_area_nk100)
    assert keys[3] == (pages[1].ctx_area_fk100, pages[1].ctx_area_nk100)


# -- HTTP 5xx without a KIS envelope, and slow replies: retried for GET only ---------------------


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_on_get_is_retried(sim: Simulator, connect: Connect, status: int) -> None:
    sim.faults.next(Fault(FaultKind.SERVER_ERROR, status=status), times=ATTEMPTS - 1)
    async with connect(sim, retry=NO_JITTER) as c:
        check_first_page(sim, await c.fetch())
    assert [r.status for r in tr_requests(sim)] == [status, status, 200]


async def test_persistent_5xx_on_get_raises_after_the_cap(sim: Simulator, connect: Connect) -> None:
    sim.faults.next(Fault(FaultKind.SERVER_ERROR, status=503), times=ATTEMPTS)
    async with connect(sim, retry=NO_JITTER) as c:
        with pytest.raises(kis.HttpError) as caught:
            await c.fetch()
    assert caught.value.status == 503
    assert len(tr_requests(sim)) == ATTEMPTS


async def test_slow_get_is_retried(sim: Simulator, connect: Connect) -> None:
    sim.faults.next(SLOW)
    async with connect(sim, timeout=TIMEOUT) as c:
        check_first_page(sim, await c.fetch())
    assert len(tr_requests(sim)) == 2


async def test_persistently_slow_get_raises_transport_error(
    sim: Simulator, connect: Connect
) -> None:
    sim.faults.next(SLOW, times=2)
    async with connect(sim, timeout=TIMEOUT, retry=RetryPolicy(attempts=2, base_delay=0)) as c:
        with pytest.raises(kis.TransportError) as caught:
            await c.fetch()
    assert not isinstance(caught.value, kis.OutcomeUnknownError)  # a GET changes nothing
    assert len(tr_requests(sim)) == 2


def test_slow_reply_within_timeout_is_the_normal_reply(sim: Simulator, client: Any) -> None:
    sim.faults.next(Fault(FaultKind.SLOW, delay=0.05))
    assert len(bal.fetch(client, REQUEST).output1) == 10
    assert len(tr_requests(sim)) == 1


# -- an order (POST): never resent once it may have been executed --------------------------------


@pytest.fixture
def order_sim(clock: ManualClock, synthetic: Any) -> Any:
    with Simulator(SimConfig(rows=3), clock=clock, endpoints=[synthetic]) as server:
        yield server


@pytest.mark.parametrize(
    "fault", [SLOW, Fault(FaultKind.SERVER_ERROR, status=502)], ids=["slow", "502"]
)
async def test_order_with_unknown_outcome_is_sent_once(
    order_sim: Simulator, synthetic: Any, connect: Connect, fault: Fault
) -> None:
    order = example_request(synthetic)
    order_sim.faults.next(fault, times=ATTEMPTS)
    async with connect(order_sim, timeout=TIMEOUT) as c:
        with pytest.raises(kis.OutcomeUnknownError) as caught:
            await c.call(synthetic, order, "buy")
    assert len(tr_requests(order_sim, synthetic.path)) == 1
    sent = caught.value.sent
    assert (sent["method"], sent["path"], sent["tr_id"]) == ("POST", synthetic.path, "TSYN0002U")
    assert sent["body"]["PDNO"] == order.pdno and sent["body"]["ORD_QTY"] == "1"


async def test_order_refused_by_the_gateway_is_resent(
    order_sim: Simulator, synthetic: Any, connect: Connect
) -> None:
    order_sim.faults.next(FaultKind.RATE_LIMIT, times=ATTEMPTS - 1)
    async with connect(order_sim) as c:
        reply = await c.call(synthetic, example_request(synthetic), "buy")
    assert reply.rt_cd == "0" and reply.msg_cd == "APBK0013"
    sent = tr_requests(order_sim, synthetic.path)
    assert [r.msg_cd for r in sent] == ["EGW00201", "EGW00201", "APBK0013"]
    assert len(tr_requests(order_sim, "/uapi/hashkey")) == 1  # the same body and hashkey resent


async def test_order_with_expired_token_is_resent_once(
    order_sim: Simulator, synthetic: Any, clock: ManualClock, connect: Connect
) -> None:
    async with connect(order_sim) as c:
        await c.access_token()
        clock.advance(order_sim.config.token_lifetime)
        reply = await c.call(synthetic, example_request(synthetic), "sell")
    assert reply.rt_cd == "0"
    assert [r.msg_cd for r in tr_requests(order_sim, synthetic.path)] == ["EGW00123", "APBK0013"]
    assert token_statuses(order_sim) == [200, 200]


# -- replies that are not what the spec says ------------------------------------------------------


async def test_malformed_json_is_not_retried(sim: Simulator, connect: Connect) -> None:
    """HTTP 200 with a complete (content-length) but invalid body: the server answered, so this
    is not a transient transport failure; resending would only repeat it. (A connection cut
    mid-body is an httpx transport error instead, retried for GET.)"""
    sim.faults.next(FaultKind.MALFORMED_JSON)
    async with connect(sim) as c:
        with pytest.raises(kis.ResponseFormatError) as caught:
            await c.fetch()
        assert caught.value.tr_id == "TTTC2208R"
        assert len(tr_requests(sim)) == 1
        check_first_page(sim, await c.fetch())


async def test_malformed_json_on_an_order_is_an_unknown_outcome(
    order_sim: Simulator, synthetic: Any, connect: Connect
) -> None:
    """The order reached the server and its reply is unreadable: it may have been placed."""
    order_sim.faults.next(FaultKind.MALFORMED_JSON)
    async with connect(order_sim) as c:
        with pytest.raises(kis.OutcomeUnknownError) as caught:
            await c.call(synthetic, example_request(synthetic), "buy")
    assert len(tr_requests(order_sim, synthetic.path)) == 1
    assert caught.value.sent["method"] == "POST" and caught.value.sent["path"] == synthetic.path


@pytest.mark.parametrize("failing_page", [2, 3])
async def test_data_changed_mid_paging_keeps_pages(
    sim: Simulator, connect: Connect, failing_page: int
) -> None:
    sim.faults.at(failing_page, FaultKind.DATA_CHANGED)
    async with connect(sim) as c:
        with pytest.raises(kis.DataChangedError) as caught:
            await c.pages()
    assert (caught.value.msg_cd, caught.value.status) == ("SYDB0050", 200)
    received = 10 * (failing_page - 1)
    assert [r for p in caught.value.pages for r in p.raw["output1"]] == predicted_rows(sim)[
        :received
    ]
    assert [r.msg_cd for r in tr_requests(sim)] == [OK] * (failing_page - 1) + ["SYDB0050"]


# -- EGW00133: one token per minute per app key ----------------------------------------------------


@pytest.mark.parametrize("separate", ["no_cache", "other_cache_dirs"])
async def test_second_token_within_a_minute_is_refused(
    sim: Simulator, clock: ManualClock, connect: Connect, tmp_path: Any, separate: str
) -> None:
    def options(name: str) -> dict[str, Any]:
        if separate == "no_cache":
            return {"token_cache": False}
        return {"cache_dir": tmp_path / name}

    async with connect(sim, **options("a")) as first, connect(sim, **options("b")) as second:
        token = await first.access_token()
        with pytest.raises(kis.TokenRateLimitError) as caught:
            await second.access_token()
        assert (caught.value.error_code, caught.value.status) == ("EGW00133", 403)
        assert 0 < caught.value.retry_after <= 60
        clock.advance(60)
        assert await second.access_token() != token
    assert token_statuses(sim) == [200, 403, 200]


async def test_shared_token_cache_issues_once(sim: Simulator, connect: Connect) -> None:
    async with connect(sim) as first, connect(sim) as second:
        token = await first.access_token()
        assert await second.access_token() == token
        check_first_page(sim, await second.fetch())
    assert token_statuses(sim) == [200]


async def test_sync_and_async_clients_share_the_cached_token(
    sim: Simulator, client_for: Any, async_client_for: Any
) -> None:
    with client_for(sim) as sync_client:
        token = sync_client.access_token()
    async with async_client_for(sim) as async_client:
        assert await async_client.access_token() == token
    assert token_statuses(sim) == [200]


async def test_wait_on_token_limit_waits_once(
    sim: Simulator, clock: ManualClock, connect: Connect
) -> None:
    sleeps: list[float] = []

    def wait(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)

    async with connect(sim, token_cache=False) as first:
        await first.access_token()
    async with connect(sim, token_cache=False, wait_on_token_limit=True, sleep=wait) as second:
        check_first_page(sim, await second.fetch())
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 60
    assert token_statuses(sim) == [200, 403, 200]


# -- refused before anything is sent ---------------------------------------------------------------


def test_paper_client_sends_nothing_for_an_unsupported_tr(sim: Simulator, client_for: Any) -> None:
    with (
        client_for(sim, environment="paper") as paper,
        pytest.raises(kis.UnsupportedEnvironmentError),
    ):
        bal.fetch(paper, REQUEST)
    assert sim.records == []


def test_bad_credentials_are_refused(sim: Simulator) -> None:
    with (
        kis.Client(DEMO_APP_KEY, "wrong-secret", base_url=sim.url, rate_limit=0) as c,
        pytest.raises(kis.AuthError) as caught,
    ):
        c.access_token()
    assert caught.value.status == 403


async def test_the_default_limiter_gets_no_egw00201_from_a_kis_like_20_per_second_window() -> None:
    """60 concurrent calls against a server that refuses a 21st request within one second (real
    clock, real sockets), through the real environment's default limiter, with no retries: none
    is refused."""
    import asyncio

    from kis_runtime.environment import Environment

    count, period = Environment.REAL.default_limit
    with Simulator(SimConfig(rate_limit=20)) as server:
        async with kis.AsyncClient(
            DEMO_APP_KEY,
            DEMO_APP_SECRET,
            base_url=server.url,
            rate_limit=RateLimiter(count, period),
            retry=RetryPolicy(attempts=1),
            token_cache=False,
        ) as c:
            await asyncio.gather(*(bal.fetch_async(c, REQUEST) for _ in range(60)))
        assert [r.status for r in tr_requests(server)] == [200] * 60
