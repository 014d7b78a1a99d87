"""An Endpoint's metadata is derived from its classes' one declaration per field."""

from __future__ import annotations

from kis.domestic_stock.trading import order_cash
from kis.domestic_stock.trading import pension_inquire_balance as bal


def test_params_blocks_cursor_and_masking_come_from_the_classes() -> None:
    endpoint = bal.ENDPOINT
    assert [p.name for p in endpoint.params] == [
        "CANO",
        "ACNT_PRDT_CD",
        "ACCA_DVSN_CD",
        "INQR_DVSN",
        "CTX_AREA_FK100",
        "CTX_AREA_NK100",
    ]
    cano = endpoint.params[0]
    assert (cano.py_name, cano.title, cano.required, cano.digits) == (
        "cano",
        "종합계좌번호",
        True,
        8,
    )
    assert endpoint.cursor == {
        "CTX_AREA_FK100": "ctx_area_fk100",
        "CTX_AREA_NK100": "ctx_area_nk100",
    }
    assert endpoint.pageable and not order_cash.ENDPOINT.pageable
    assert [(o.name, o.array) for o in endpoint.outputs] == [("output1", True), ("output2", False)]
    rate = next(f for f in endpoint.outputs[0].fields if f.name == "evlu_erng_rt")
    assert (rate.type, rate.digits, rate.scale) == ("Decimal", 23, 8)
    assert {"CANO", "CTX_AREA_FK100", "ctx_area_fk100"} <= endpoint.sensitive_names
    assert endpoint.params[3].meanings == {"00": "전체"}
    # Endpoints can key dicts and sets (the simulator's routes, caches).
    assert len({endpoint, bal.ENDPOINT, order_cash.ENDPOINT}) == 2


def test_masked_in_repr_and_docstring_lists_the_fields() -> None:
    request = bal.PensionInquireBalanceRequest(cano="12345678")
    assert "12345678" not in repr(request) and "ctx_area" not in repr(request)
    doc = bal.PensionInquireBalanceRequest.__doc__ or ""
    assert "cano: 종합계좌번호 (CANO, required, pattern [0-9]{8})" in doc
    assert "codes: 00=전체" in doc
    assert "output1: 응답상세 (list of rows)" in (bal.PensionInquireBalanceResponse.__doc__ or "")
