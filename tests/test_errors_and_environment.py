"""Typed errors from one base, and requests refused before anything is sent."""

from __future__ import annotations

import httpx
import pytest

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from tests.conftest import APP_KEY, APP_SECRET, CANO, FakeKis, reply_body

REQUEST = bal.PensionInquireBalanceRequest(cano=CANO)


def test_paper_client_is_refused_before_any_request(fake: FakeKis) -> None:
    transport = httpx.MockTransport(fake)
    with kis.Client(APP_KEY, APP_SECRET, environment="paper", transport=transport) as client:
        with pytest.raises(kis.UnsupportedEnvironmentError, match="TTTC2208R"):
            bal.fetch(client, REQUEST)
    assert fake.requests == []  # not even a token request


async def test_paper_async_client_is_refused_before_any_request(fake: FakeKis) -> None:
    transport = httpx.MockTransport(fake)
    async with kis.AsyncClient(APP_KEY, APP_SECRET, environment="paper", transport=transport) as c:
        with pytest.raises(kis.UnsupportedEnvironmentError):
            await bal.fetch_async(c, REQUEST)
    assert fake.requests == []


def test_paper_client_uses_the_paper_domain() -> None:
    with kis.Client(APP_KEY, APP_SECRET, environment="paper") as client:
        assert client.settings.base_url == "https://openapivts.koreainvestment.com:29443"
    with kis.Client(APP_KEY, APP_SECRET) as client:
        assert client.settings.base_url == "https://openapi.koreainvestment.com:9443"


@pytest.mark.parametrize(
    ("rt_cd", "msg_cd", "status", "error_type"),
    [
        ("1", "OPSQ0002", 200, kis.ApiError),
        ("7", "APBK0919", 200, kis.ApiError),
        ("2", "OPSQ2000", 200, kis.ApiError),
        ("1", "EGW00201", 500, kis.RateLimitError),
        ("1", "EGW00123", 500, kis.TokenExpiredError),
        ("1", "SYDB0050", 200, kis.DataChangedError),
    ],
)
def test_rt_cd_other_than_0_raises_the_right_type(
    fake: FakeKis, client: kis.Client, rt_cd: str, msg_cd: str, status: int, error_type: type
) -> None:
    # Enough copies for the retries the runtime makes (EGW00201) or its one token refresh (EGW00123).
    fake.reply(
        {"rt_cd": rt_cd, "msg_cd": msg_cd, "msg1": "오류 메시지".ljust(40)}, status=status, times=4
    )
    with pytest.raises(error_type) as info:
        bal.fetch(client, REQUEST)
    error = info.value
    assert isinstance(error, kis.ApiError) and isinstance(error, kis.KisError)
    assert (error.tr_id, error.rt_cd, error.msg_cd, error.msg1) == (
        "TTTC2208R",
        rt_cd,
        msg_cd,
        "오류 메시지",
    )
    assert error.status == status


def test_recorded_expired_token_reply_is_typed(fake: FakeKis, client: kis.Client) -> None:
    # Refused again after the one refresh the runtime makes.
    fake.reply(reply_body("TTTC2208R__EGW00123-expired-token__blog-http500"), status=500, times=2)
    with pytest.raises(kis.TokenExpiredError, match="EGW00123"):
        bal.fetch(client, REQUEST)


@pytest.mark.parametrize(
    "body",
    [
        reply_body("tokenP__EGW00133__java-log"),  # error_description first
        {
            "error_code": "EGW00133",
            "error_description": "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)",
        },
    ],
)
def test_oauth_rate_limit_shape_in_either_key_order(
    fake: FakeKis, client: kis.Client, body: dict[str, str]
) -> None:
    fake.token_reply = httpx.Response(403, json=body)
    with pytest.raises(kis.TokenRateLimitError) as info:
        bal.fetch(client, REQUEST)
    assert info.value.error_code == "EGW00133" and info.value.status == 403
    assert isinstance(info.value, kis.AuthError)
    assert fake.tr_requests == []


def test_oauth_bad_credentials_is_an_auth_error(fake: FakeKis, client: kis.Client) -> None:
    fake.token_reply = httpx.Response(
        403, json={"error_code": "EGW00103", "error_description": "유효하지 않은 AppKey입니다."}
    )
    with pytest.raises(kis.AuthError, match="EGW00103") as info:
        bal.fetch(client, REQUEST)
    assert not isinstance(info.value, kis.TokenRateLimitError)


def test_token_is_issued_once_and_reused(fake: FakeKis, client: kis.Client) -> None:
    for _ in range(3):
        fake.reply(reply_body("TTTC2208R__pension-inquire-balance__portal-example"))
        bal.fetch(client, REQUEST)
    assert [r.url.path for r in fake.requests].count("/oauth2/tokenP") == 1
    assert {r.headers["authorization"] for r in fake.tr_requests} == {
        "Bearer " + fake.token_reply.json()["access_token"]
    }


def test_a_proxy_error_page_is_an_http_error(fake: FakeKis, client: kis.Client) -> None:
    fake.replies.extend(httpx.Response(502, content=b"Bad Gateway") for _ in range(4))
    with pytest.raises(kis.HttpError) as info:
        bal.fetch(client, REQUEST)
    assert info.value.status == 502
    assert len(fake.tr_requests) == 4  # a GET is retried up to the cap


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"cano": "1234567"}, "CANO"),  # too short for the pattern
        ({"cano": "123456789"}, "CANO"),  # too long
        ({"cano": "1234567a"}, "CANO"),
        ({"cano": ""}, "CANO"),  # required
        ({"cano": 12345678}, "CANO"),  # not a string
        ({"cano": CANO, "inqr_dvsn": "01"}, "INQR_DVSN"),  # not an allowed value
        ({"cano": CANO, "acnt_prdt_cd": "299"}, "ACNT_PRDT_CD"),  # over the length
    ],
)
def test_invalid_parameters_are_refused_before_sending(
    fake: FakeKis, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(kis.InvalidParameterError) as info:
        bal.PensionInquireBalanceRequest(**kwargs)  # type: ignore[arg-type]
    assert (info.value.tr_id, info.value.field) == ("TTTC2208R", field)
    assert isinstance(info.value, ValueError)
    assert "1234567" not in str(info.value)  # an account number is never quoted back
    assert fake.requests == []


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "KIS_APP_KEY": APP_KEY,
        "KIS_APP_SECRET": APP_SECRET,
        "KIS_ENVIRONMENT": "paper",
        "KIS_BASE_URL": "http://127.0.0.1:8999/",
    }
    with kis.Client.from_env(env) as client:
        assert client.environment is kis.Environment.PAPER
        assert client.settings.base_url == "http://127.0.0.1:8999"
    with pytest.raises(kis.ConfigError, match="KIS_APP_SECRET"):
        kis.Client.from_env({"KIS_APP_KEY": APP_KEY})
    with pytest.raises(kis.ConfigError, match="KIS_ENVIRONMENT"):
        kis.Client.from_env({**env, "KIS_ENVIRONMENT": "demo"})


def test_corporate_headers_are_sent(fake: FakeKis) -> None:
    corporate = kis.CorporateHeaders(
        personalseckey="PSK-secret", seq_no="001", gt_uid="G" * 32, ip_addr="203.0.113.7"
    )
    transport = httpx.MockTransport(fake)
    with kis.Client(
        APP_KEY, APP_SECRET, custtype="B", corporate=corporate, transport=transport
    ) as c:
        fake.reply(reply_body("TTTC2208R__pension-inquire-balance__portal-example"))
        bal.fetch(c, REQUEST)
    sent = fake.tr_requests[0].headers
    assert (sent["custtype"], sent["seq_no"], sent["gt_uid"]) == ("B", "001", "G" * 32)
    assert sent["personalseckey"] == "PSK-secret"
    assert sent["ip_addr"] == "203.0.113.7"
    assert "PSK-secret" not in repr(corporate) and "203.0.113.7" not in repr(corporate)


def test_client_repr_hides_credentials() -> None:
    with kis.Client(APP_KEY, APP_SECRET) as client:
        text = repr(client) + repr(client.settings)
    assert APP_KEY not in text and APP_SECRET not in text
