"""One TTTC2208R page, as the real server sends it, parsed into typed values."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

import kis
from kis.domestic_stock.trading import pension_inquire_balance as bal
from tests.conftest import CANO, FakeKis, reply_body


def test_real_reply_parses_into_typed_values(fake: FakeKis, client: kis.Client) -> None:
    fake.reply(reply_body("TTTC2208R__pension-inquire-balance__portal-example"), tr_cont="D")

    page = bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))

    row = page.output1[0]
    assert (row.pdno, row.prdt_name) == ("360200", "ACE 미국S&P500")
    assert row.hldg_qty == 5 and isinstance(row.hldg_qty, int)
    assert row.pchs_avg_pric == Decimal("13235.0000")
    assert row.evlu_erng_rt == Decimal("0")
    assert page.output2.prvs_rcdl_excc_amt == Decimal("33825")
    assert page.output2.tot_evlu_amt == Decimal("100000")
    assert page.msg_cd == "KIOK0510"
    # The raw JSON and the response headers stay reachable.
    assert page.raw["output1"][0]["hldg_qty"] == "5"
    assert page.headers.tr_cont == "D" and not page.headers.has_more
    assert page.ctx_area_fk100.startswith("12345678^29^00^00^")


def test_request_is_sent_with_kis_names_headers_and_blank_cursor(
    fake: FakeKis, client: kis.Client
) -> None:
    fake.reply(reply_body("TTTC2208R__pension-inquire-balance__portal-example"))

    bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))

    (sent,) = fake.tr_requests
    assert sent.url.path == "/uapi/domestic-stock/v1/trading/pension/inquire-balance"
    assert dict(sent.url.params) == {
        "CANO": CANO,
        "ACNT_PRDT_CD": "29",
        "ACCA_DVSN_CD": "00",
        "INQR_DVSN": "00",
        "CTX_AREA_FK100": "",
        "CTX_AREA_NK100": "",
    }
    assert sent.headers["tr_id"] == "TTTC2208R"
    assert sent.headers["custtype"] == "P"
    assert sent.headers["tr_cont"] == ""
    assert sent.headers["authorization"].startswith("Bearer ")


def test_blank_numbers_are_none_not_zero(fake: FakeKis, client: kis.Client) -> None:
    body = reply_body("TTTC2208R__pension-inquire-balance__portal-example")
    body["output1"][0]["hldg_qty"] = ""
    body["output2"]["tot_evlu_amt"] = "  "
    fake.reply(body)

    page = bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))

    assert page.output1[0].hldg_qty is None
    assert page.output2.tot_evlu_amt is None


@pytest.mark.parametrize(
    ("mutate", "field", "value"),
    [
        (lambda b: b["output1"][0].__setitem__("hldg_qty", "5주"), "output1[0].hldg_qty", "5주"),
        (lambda b: b["output1"][0].__setitem__("hldg_qty", "2.5"), "output1[0].hldg_qty", "2.5"),
        (
            lambda b: b["output2"].__setitem__("tot_evlu_amt", "1,000"),
            "output2.tot_evlu_amt",
            "1,000",
        ),
        (lambda b: b.__setitem__("output1", {"x": 1}), "output1", "dict"),  # not a row either
        (lambda b: b["output1"][0].__setitem__("pdno", True), "output1[0].pdno", True),
        (lambda b: b["output1"][0].__setitem__("hldg_qty", 5.0), "output1[0].hldg_qty", 5.0),
        (
            lambda b: b["output1"][0].__setitem__("hldg_qty", "1_000"),
            "output1[0].hldg_qty",
            "1_000",
        ),
        (lambda b: b["output1"].append("row"), "output1[1]", "str"),
        (lambda b: b.pop("output2"), "output2", None),
    ],
)
def test_a_reply_off_spec_names_tr_field_and_value(
    fake: FakeKis, client: kis.Client, mutate: object, field: str, value: object
) -> None:
    body = copy.deepcopy(reply_body("TTTC2208R__pension-inquire-balance__portal-example"))
    mutate(body)  # type: ignore[operator]
    fake.reply(body)

    with pytest.raises(kis.ResponseFormatError) as info:
        bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))

    assert (info.value.tr_id, info.value.field, info.value.value) == ("TTTC2208R", field, value)
    assert "TTTC2208R" in str(info.value) and field in str(info.value)


def test_mislabelled_block_shapes_are_read_without_loss(fake: FakeKis, client: kis.Client) -> None:
    """KIS docs mislabel shapes: one row sent as an object, an object sent as a one-row array."""
    body = reply_body("TTTC2208R__pension-inquire-balance__portal-example")
    body["output1"] = body["output1"][0]
    body["output2"] = [body["output2"]]
    fake.reply(body)

    page = bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))

    assert [row.pdno for row in page.output1] == ["360200"]
    assert page.output2.tot_evlu_amt == Decimal("100000")


def test_an_off_spec_reply_keeps_the_raw_body(fake: FakeKis, client: kis.Client) -> None:
    body = reply_body("TTTC2208R__pension-inquire-balance__portal-example")
    body["output1"][0]["hldg_qty"] = "many"
    fake.reply(body)
    with pytest.raises(kis.ResponseFormatError) as info:
        bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))
    assert info.value.accepted and info.value.raw["output1"][0]["pdno"] == "360200"
    assert "accepted" in str(info.value)


def test_a_non_json_reply_is_a_format_error(fake: FakeKis, client: kis.Client) -> None:
    import httpx

    fake.replies.append(httpx.Response(200, content=b"<html>maintenance</html>"))
    with pytest.raises(kis.ResponseFormatError, match="not valid JSON"):
        bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))


def test_sensitive_reply_fields_are_masked_in_repr(fake: FakeKis, client: kis.Client) -> None:
    fake.reply(reply_body("TTTC2208R__pension-inquire-balance__portal-example"))
    page = bal.fetch(client, bal.PensionInquireBalanceRequest(cano=CANO))
    assert "12345678" not in repr(page)
