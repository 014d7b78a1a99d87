"""One token for every client sharing a Redis: one issuance, refresh once for everyone after
EGW00121 / EGW00123, the 1-a-minute rule kept across processes; secrets stored hashed, expiring."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from redis_support import APP_KEY, APP_SECRET, BASE, RedisServer, SharedKis

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_runtime.coordination import RedisRateLimiter

REQUEST = bal.PensionInquireBalanceRequest(cano="12345678")


def host(server: RedisServer, fake: SharedKis, **options: Any) -> kis.Client:
    """A client with a coordinator of its own, as on another host."""
    return kis.Client(
        APP_KEY,
        APP_SECRET,
        base_url=BASE,
        transport=httpx.MockTransport(fake),
        coordinator=kis.RedisCoordinator(server.url),
        rate_limit=1000,
        **options,
    )


def expire_issuance_guards(redis: Any) -> None:
    """What a minute's passing does to the 1-a-minute guard."""
    for key in redis.scan_iter("*:guard"):
        redis.delete(key)


def test_clients_on_three_hosts_share_one_token(redis_server: RedisServer, redis: Any) -> None:
    fake = SharedKis()
    clients = [host(redis_server, fake) for _ in range(3)]
    for client in clients:
        bal.fetch(client, REQUEST)
    assert fake.issued == ["token-1"]
    assert set(fake.used) == {"token-1"}


def test_threads_of_many_hosts_starting_together_issue_once(
    redis_server: RedisServer,
) -> None:
    fake = SharedKis(issue_delay=0.2)
    clients = [host(redis_server, fake) for _ in range(6)]
    threads = [threading.Thread(target=bal.fetch, args=(c, REQUEST)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert fake.issued == ["token-1"]
    assert len(fake.used) == 6


def test_a_token_revoked_on_one_host_is_reissued_once_for_all(
    redis_server: RedisServer, redis: Any
) -> None:
    fake = SharedKis()
    a, b, c = (host(redis_server, fake) for _ in range(3))
    for client in (a, b, c):
        bal.fetch(client, REQUEST)
    a.revoke()
    assert not [k for k in redis.scan_iter("*:token:*") if not k.endswith(":guard")]
    # Within the minute of the last issuance KIS would refuse another: so does the guard.
    with pytest.raises(kis.TokenRateLimitError) as caught:
        bal.fetch(b, REQUEST)
    assert 0 < caught.value.retry_after <= 60
    assert fake.issued == ["token-1"]

    expire_issuance_guards(redis)
    for client in (b, c, a):
        assert bal.fetch(client, REQUEST).output1[0].hldg_qty == 7
    assert fake.issued == ["token-1", "token-2"]
    assert fake.used.count("token-2") == 3  # c was refused token-1 once, then found token-2


def test_a_token_refused_everywhere_is_refreshed_once(
    redis_server: RedisServer, redis: Any
) -> None:
    fake = SharedKis(issue_delay=0.1)
    clients = [host(redis_server, fake) for _ in range(4)]
    for client in clients:
        bal.fetch(client, REQUEST)
    fake.revoke("token-1")  # expired or revoked outside: Redis still holds it
    expire_issuance_guards(redis)
    errors: list[BaseException] = []

    def call(client: kis.Client) -> None:
        try:
            bal.fetch(client, REQUEST)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert fake.issued == ["token-1", "token-2"]


def test_secrets_are_stored_under_hashed_keys_expiring_with_the_token(
    redis_server: RedisServer, redis: Any
) -> None:
    fake = SharedKis()
    client = host(redis_server, fake)
    bal.fetch(client, REQUEST)
    keys = sorted(redis.scan_iter("*"))
    assert keys and not any(APP_KEY in k or APP_SECRET in k for k in keys)
    (token_key,) = [k for k in keys if ":token:" in k and not k.endswith(":guard")]
    assert redis.hgetall(token_key).keys() == {"value", "expires_at", "issued_at"}
    assert redis.hget(token_key, "value") == "token-1"
    # Expires 5 minutes before the token (when no client would use it any more).
    assert 86400 - 300 - 5 < redis.ttl(token_key) <= 86400 - 300
    assert 0 < redis.ttl(token_key.replace(":token:", ":token:") + ":guard") <= 60
    # Nothing else: the send log, the limiter ids, the issuance guard.
    kinds = {k.rsplit("}", 1)[1].split(":")[1] for k in keys}
    assert kinds == {"sent", "peers", "token"}
    assert not any(
        APP_SECRET in v for k in keys if k.endswith(":sent") for v in redis.zrange(k, 0, -1)
    )


def test_no_token_file_with_a_coordinator(redis_server: RedisServer, _tmp_cache: Any) -> None:
    client = host(redis_server, SharedKis())
    bal.fetch(client, REQUEST)
    assert not list(_tmp_cache.rglob("*.json"))
    assert isinstance(client.rate_limiter, RedisRateLimiter)


def test_from_env_uses_kis_redis_url(redis_server: RedisServer) -> None:
    environ = {
        "KIS_APP_KEY": APP_KEY,
        "KIS_APP_SECRET": APP_SECRET,
        "KIS_REDIS_URL": redis_server.url,
    }
    one = kis.Client.from_env(environ, base_url=BASE, transport=httpx.MockTransport(SharedKis()))
    two = kis.AsyncClient.from_env(environ, base_url=BASE)
    assert isinstance(one.rate_limiter, RedisRateLimiter)
    assert one.coordinator is two.coordinator is not None
    assert one.rate_limiter is two.rate_limiter  # one coordinator per URL in a process
    assert one.rate_limiter.rate == 18  # the real default, under KIS's 20/s
    plain = kis.Client.from_env({"KIS_APP_KEY": APP_KEY, "KIS_APP_SECRET": APP_SECRET})
    assert not isinstance(plain.rate_limiter, RedisRateLimiter)


async def test_async_clients_share_token_and_limit(redis_server: RedisServer) -> None:
    import asyncio

    from redis_support import busiest_window

    fake = SharedKis(issue_delay=0.1)
    coordinators = [kis.RedisCoordinator(redis_server.url) for _ in range(3)]
    clients = [
        kis.AsyncClient(
            APP_KEY,
            APP_SECRET,
            base_url=BASE,
            transport=httpx.MockTransport(fake),
            coordinator=coordinator,
            rate_limit=10,
        )
        for coordinator in coordinators
    ]
    await asyncio.gather(*(bal.fetch_async(c, REQUEST) for c in clients for _ in range(8)))
    for coordinator in coordinators:
        await coordinator.aclose()
    assert fake.issued == ["token-1"]
    assert len(fake.sent) == 24
    assert busiest_window(fake.sent) <= 10
