"""Adversarial cases: secrets in odd replies, bad header values, what transport errors say."""

from __future__ import annotations

import httpx
import pytest
from rt_support import (
    APP_KEY,
    APP_SECRET,
    BASE,
    CANO,
    ORDER_UNSIGNED,
    TOKENS,
    FakeClock,
    FakeKis,
    OrderRequest,
)

from kis_runtime import (
    Client,
    ConfigError,
    CorporateHeaders,
    InvalidParameterError,
    KisError,
    OutcomeUnknownError,
    TransportError,
)
from kis_runtime.lengths import kis_length

ORDER_PATH = ORDER_UNSIGNED.path


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


@pytest.mark.parametrize("status", [200, 502])
def test_a_non_json_token_reply_never_quotes_the_token(
    kis: FakeKis, clock: FakeClock, status: int
) -> None:
    body = f"access_token={TOKENS[0]}&expires_in=86400 <not json>"
    kis.on("/oauth2/tokenP", httpx.Response(status, text=body))
    with client(kis, clock) as c, pytest.raises(KisError) as info:
        c.access_token()
    assert TOKENS[0] not in str(info.value) and TOKENS[0] not in repr(info.value.args)
    assert "bytes" in str(info.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gt_uid", "x\r\nX-Injected: 1"),
        ("seq_no", "01\n"),
        ("ip_addr", "십"),
        ("mac_address", "\x00"),
    ],
)
def test_header_values_are_checked_when_the_client_is_built(field: str, value: str) -> None:
    with pytest.raises(ConfigError, match=field) as info:
        Client(APP_KEY, APP_SECRET, corporate=CorporateHeaders(**{field: value}), token_cache=False)
    assert value not in str(info.value)


def test_credentials_with_a_line_break_are_refused_without_quoting_them() -> None:
    with pytest.raises(ConfigError, match="app_secret") as info:
        Client(APP_KEY, APP_SECRET + "\n", token_cache=False)
    assert APP_SECRET not in str(info.value)


def test_a_request_httpx_refuses_to_write_is_not_an_unknown_outcome(
    kis: FakeKis, clock: FakeClock
) -> None:
    """httpx's LocalProtocolError is raised before anything is sent: a plain TransportError,
    never OutcomeUnknownError, and not resent."""
    kis.on(ORDER_PATH, httpx.LocalProtocolError("Illegal header value"))
    with client(kis, clock) as c, pytest.raises(TransportError) as info:
        c.call(ORDER_UNSIGNED, OrderRequest(cano=CANO, pdno="005930", ord_qty="1"), variant="buy")
    assert not isinstance(info.value, OutcomeUnknownError)
    assert len(kis.sent(ORDER_PATH)) == 1


def test_lengths_are_counted_in_bytes_as_kis_counts_them() -> None:
    """'삼성전자우선주' is 7 characters but 14 bytes in cp949 (KIS's code page): over a length 12."""
    from kis.domestic_stock.quotations import inquire_asking_price_exp_ccn as asking

    with pytest.raises(InvalidParameterError, match="14 bytes long as KIS counts them"):
        asking.InquireAskingPriceExpCcnRequest(
            fid_cond_mrkt_div_code="J", fid_input_iscd="삼성전자우선주"
        )
    asking.InquireAskingPriceExpCcnRequest(fid_cond_mrkt_div_code="J", fid_input_iscd="삼성전자")
    assert (kis_length("삼성전자"), kis_length("005930"), kis_length("😀")) == (8, 6, 4)


def test_a_huge_argument_is_not_repeated_in_full() -> None:
    from kis.domestic_stock.quotations import inquire_asking_price_exp_ccn as asking

    with pytest.raises(InvalidParameterError) as info:
        asking.InquireAskingPriceExpCcnRequest(
            fid_cond_mrkt_div_code="J", fid_input_iscd="9" * 100_000
        )
    assert len(str(info.value)) < 300 and "100000 characters" in str(info.value)


def test_a_transport_error_names_the_host_and_the_os_reason(kis: FakeKis, clock: FakeClock) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connect failed", request=request) from ConnectionRefusedError(
            111, "Connection refused"
        )

    kis.on("/oauth2/tokenP", refuse)
    with client(kis, clock) as c, pytest.raises(TransportError) as info:
        c.access_token()
    message = str(info.value)
    assert "POST /oauth2/tokenP: ConnectError to kis.test:443" in message
    assert "[Errno 111] Connection refused" in message
    assert APP_KEY not in message and APP_SECRET not in message
