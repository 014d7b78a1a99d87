"""Token reuse across clients via the disk cache, expiry, EGW00133, revoke."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import httpx
import pytest
from rt_support import APP_KEY, APP_SECRET, BASE, TOKENS, FakeClock, FakeKis

from kis_runtime import AsyncClient, AuthError, Client, TokenRateLimitError
from kis_runtime.auth import EXPIRY_MARGIN

LIMITED = {
    "error_description": "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)",
    "error_code": "EGW00133",
}


def client(kis: FakeKis, clock: FakeClock, **options: object) -> Client:
    return Client(
        APP_KEY,
        APP_SECRET,
        base_url=BASE,
        transport=kis.transport(),
        rate_limit=0,
        clock=clock,
        sleep=clock.sleep,
        **options,
    )  # type: ignore[arg-type]


def test_token_is_cached_on_disk_and_reused_by_the_next_client(
    kis: FakeKis, clock: FakeClock, cache_dir: Path
) -> None:
    with client(kis, clock) as first:
        assert first.access_token() == TOKENS[0]
        assert first.access_token() == TOKENS[0]
    with client(kis, clock) as second:  # a new run of the script
        assert second.access_token() == TOKENS[0]
    assert len(kis.sent("/oauth2/tokenP")) == 1
    (path,) = cache_dir.glob("*.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert APP_KEY not in path.name and "real" in path.name
    assert json.loads(path.read_text())["access_token"] == TOKENS[0]
    assert not list(cache_dir.glob("*.tmp"))  # the atomic write left no temp file


def test_cache_is_per_environment_key_and_server(
    kis: FakeKis, clock: FakeClock, cache_dir: Path
) -> None:
    with (
        client(kis, clock) as a,
        client(kis, clock, environment="paper") as b,
        Client(
            "other-key-xxxxxxxx",
            APP_SECRET,
            base_url=BASE,
            transport=kis.transport(),
            rate_limit=0,
            clock=clock,
        ) as c,
        Client(
            APP_KEY,
            APP_SECRET,
            base_url="https://sim.test",
            transport=kis.transport(),
            rate_limit=0,
            clock=clock,
        ) as d,
    ):
        tokens = {a.access_token(), b.access_token(), c.access_token(), d.access_token()}
    assert len(tokens) == 4 and len(list(cache_dir.glob("*.json"))) == 4


def test_cache_dir_argument_wins_and_cache_can_be_off(
    kis: FakeKis, clock: FakeClock, tmp_path: Path, cache_dir: Path
) -> None:
    with client(kis, clock, cache_dir=tmp_path / "mine") as c:
        c.access_token()
    assert len(list((tmp_path / "mine").glob("*.json"))) == 1
    with client(kis, clock, token_cache=False) as c:
        c.access_token()
    assert not cache_dir.exists()
    assert len(kis.sent("/oauth2/tokenP")) == 2


def test_token_is_reissued_shortly_before_expiry(kis: FakeKis, clock: FakeClock) -> None:
    with client(kis, clock) as c:
        assert c.access_token() == TOKENS[0]
        clock.now += 86400 - EXPIRY_MARGIN - 1
        assert c.access_token() == TOKENS[0]
        clock.now += 2
        assert c.access_token() == TOKENS[1]


@pytest.mark.parametrize(
    "body", [LIMITED, dict(reversed(LIMITED.items()))], ids=["desc-first", "code-first"]
)
def test_egw00133_raises_token_rate_limit_error_with_retry_after(
    kis: FakeKis, clock: FakeClock, body: dict[str, str]
) -> None:
    kis.on("/oauth2/tokenP", httpx.Response(403, json=body))
    with client(kis, clock) as c, pytest.raises(TokenRateLimitError) as caught:
        c.access_token()
    assert caught.value.error_code == "EGW00133" and caught.value.status == 403
    assert caught.value.retry_after == 60.0
    assert "retry after 60s" in str(caught.value)


def test_retry_after_counts_from_the_last_known_issuance(kis: FakeKis, clock: FakeClock) -> None:
    with client(kis, clock) as c:
        c.access_token()
    clock.now += 86400  # expired: another issuance is needed ...
    kis.on("/oauth2/tokenP", httpx.Response(403, json=LIMITED))
    with client(kis, clock) as c, pytest.raises(TokenRateLimitError) as caught:
        c.access_token()
    assert caught.value.retry_after == 60.0  # ... and the last one is long ago
    # A token revoked 20 s after issuance: KIS still counts the minute from the issuance.
    kis2, clock2 = FakeKis(), FakeClock()
    kis2.on(
        "/oauth2/tokenP",
        httpx.Response(200, json={"access_token": TOKENS[5], "expires_in": 86400}),
        httpx.Response(403, json=LIMITED),
    )
    with client(kis2, clock2, token_cache=False) as c:
        c.access_token()
        clock2.now += 20
        c.revoke()
        with pytest.raises(TokenRateLimitError) as caught:
            c.access_token()
    assert caught.value.retry_after == pytest.approx(40.0)


def test_wait_on_token_limit_sleeps_once_then_issues(kis: FakeKis, clock: FakeClock) -> None:
    kis.on("/oauth2/tokenP", httpx.Response(403, json=LIMITED))
    with client(kis, clock, wait_on_token_limit=True) as c:
        assert c.access_token() == TOKENS[0]
    assert clock.slept == [60.0]
    assert len(kis.sent("/oauth2/tokenP")) == 2


def test_other_oauth_errors_are_auth_errors_not_key_errors(kis: FakeKis, clock: FakeClock) -> None:
    kis.on(
        "/oauth2/tokenP",
        httpx.Response(
            403, json={"error_code": "EGW00103", "error_description": "유효하지 않은 AppKey"}
        ),
        httpx.Response(500, text="<html>oops</html>"),
        httpx.Response(200, json={"token_type": "Bearer"}),
    )
    with client(kis, clock) as c:
        with pytest.raises(AuthError, match="EGW00103"):
            c.access_token()
        with pytest.raises(Exception, match="HTTP 500"):
            c.access_token()
        with pytest.raises(AuthError, match="no access_token"):
            c.access_token()


def test_revoke_sends_the_token_and_drops_it_from_disk(
    kis: FakeKis, clock: FakeClock, cache_dir: Path
) -> None:
    with client(kis, clock) as c:
        c.access_token()
        c.revoke()
        (revoke,) = kis.sent("/oauth2/revokeP")
        assert json.loads(revoke.content) == {
            "appkey": APP_KEY,
            "appsecret": APP_SECRET,
            "token": TOKENS[0],
        }
        assert not list(cache_dir.glob("*.json"))
        clock.now += 61
        assert c.access_token() == TOKENS[1]


async def test_async_client_shares_the_disk_cache_and_revokes(
    kis: FakeKis, clock: FakeClock, cache_dir: Path
) -> None:
    with client(kis, clock) as c:
        c.access_token()
    async with AsyncClient(
        APP_KEY,
        APP_SECRET,
        base_url=BASE,
        transport=kis.async_transport(),
        rate_limit=0,
        clock=clock,
    ) as ac:
        assert await ac.access_token() == TOKENS[0]
        await ac.revoke()
        assert json.loads(kis.sent("/oauth2/revokeP")[0].content)["token"] == TOKENS[0]
    assert len(kis.sent("/oauth2/tokenP")) == 1
    assert not list(cache_dir.glob("*.json"))


def test_a_world_writable_cache_dir_is_tightened_to_0700(
    kis: FakeKis, clock: FakeClock, cache_dir: Path
) -> None:
    cache_dir.mkdir(parents=True)
    cache_dir.chmod(0o777)
    with client(kis, clock) as c:
        c.access_token()
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
