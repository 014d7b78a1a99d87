"""An order (POST) is placed at most once, and the caller always learns what is known of it."""

from __future__ import annotations

import httpx
import pytest

import kis
from kis.domestic_stock.trading import order_cash
from tests.conftest import CANO, FakeKis

ORDER = order_cash.OrderCashRequest(
    cano=CANO, acnt_prdt_cd="01", pdno="005930", ord_dvsn="00", ord_qty="10", ord_unpr="70000"
)
# The shape KIS answers an accepted cash order with (output is one object).
ACCEPTED = {
    "rt_cd": "0",
    "msg_cd": "APBK0013",
    "msg1": "주문 전송 완료 되었습니다.",
    "output": {"KRX_FWDG_ORD_ORGNO": "91252", "ODNO": "0000117057", "ORD_TMD": "121052"},
}


def test_an_accepted_order_is_parsed(fake: FakeKis, client: kis.Client) -> None:
    fake.reply(ACCEPTED)
    reply = order_cash.fetch(client, ORDER, variant="buy")
    assert reply.output.odno == "0000117057"  # one object, as KIS sends it
    (sent,) = fake.tr_requests
    assert sent.method == "POST" and sent.headers["tr_id"] == "TTTC0012U"


def test_an_accepted_order_with_an_off_spec_reply_says_it_was_placed(
    fake: FakeKis, client: kis.Client
) -> None:
    body = {**ACCEPTED, "output": {**ACCEPTED["output"], "ORD_TMD": "12:10"}}
    fake.reply(body)
    with pytest.raises(kis.ResponseFormatError) as info:
        order_cash.fetch(client, ORDER, variant="buy")
    assert not isinstance(info.value, kis.OutcomeUnknownError)
    assert info.value.accepted and info.value.raw["output"]["ODNO"] == "0000117057"
    assert len(fake.tr_requests) == 1


def broken_gzip(_: httpx.Request) -> httpx.Response:
    """A reply whose body cannot be decoded (httpx raises while reading it)."""
    stream = httpx.ByteStream(b"\x1f\x8b not gzip")
    return httpx.Response(200, headers={"content-encoding": "gzip"}, stream=stream)


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(200, content=b"<html>gateway</html>"),  # no readable envelope
        httpx.Response(200, json={"output": {}}),  # JSON without rt_cd
        broken_gzip,
    ],
)
def test_an_unreadable_reply_to_an_order_is_an_unknown_outcome(
    fake: FakeKis, client: kis.Client, reply: object
) -> None:
    fake.replies.append(reply)  # type: ignore[arg-type]
    with pytest.raises(kis.OutcomeUnknownError) as info:
        order_cash.fetch(client, ORDER, variant="sell")
    assert len(fake.tr_requests) == 1  # never resent
    assert info.value.sent["tr_id"] == "TTTC0011U"
    assert CANO not in str(info.value.sent) and CANO not in str(info.value)


def test_order_validation_names_every_tr_id_of_the_request_class() -> None:
    with pytest.raises(kis.InvalidParameterError) as info:
        order_cash.OrderCashRequest(
            cano="123456789",
            acnt_prdt_cd="01",
            pdno="005930",
            ord_dvsn="00",
            ord_qty="1",
            ord_unpr="0",
        )
    assert info.value.tr_id == "TTTC0011U/TTTC0012U"


def test_an_unknown_variant_is_refused_before_sending(fake: FakeKis, client: kis.Client) -> None:
    with pytest.raises(kis.InvalidParameterError, match="variant"):
        client.call(order_cash.ENDPOINT, ORDER, variant="short")
    assert fake.requests == []


def test_auth_endpoints_are_not_callable_as_trs(fake: FakeKis, client: kis.Client) -> None:
    from kis.auth import token_p

    with pytest.raises(kis.InvalidParameterError, match="auth endpoint"):
        client.call(token_p.ENDPOINT, None)
    assert fake.requests == []


@pytest.mark.parametrize("rt_cd", [0, 0.0, " 0", "0"])
def test_an_accepted_order_is_accepted_whatever_the_json_type_of_rt_cd(
    fake: FakeKis, client: kis.Client, rt_cd: object
) -> None:
    """rt_cd is compared as the KIS code: a numeric 0 is success, never an ApiError (which would
    invite resending an executed order)."""
    fake.reply({**ACCEPTED, "rt_cd": rt_cd})
    reply = order_cash.fetch(client, ORDER, variant="buy")
    assert reply.rt_cd == "0" and reply.output.odno == "0000117057"
    assert len(fake.tr_requests) == 1


def test_a_numeric_refusal_code_is_read_as_the_kis_code(fake: FakeKis, client: kis.Client) -> None:
    fake.reply({"rt_cd": 1, "msg_cd": "APBK0919", "msg1": "주문가능금액을 초과 했습니다"})
    with pytest.raises(kis.ApiError) as info:
        order_cash.fetch(client, ORDER, variant="buy")
    assert (info.value.rt_cd, info.value.msg_cd) == ("1", "APBK0919")
