"""Request classes are plain slotted classes sharing kis_runtime.model.Request's methods (no attrs
code generated per TR): what attrs gave them before still holds."""

from __future__ import annotations

import attrs
import pytest

from kis.domestic_stock.trading import order_cash, pension_inquire_balance
from kis_runtime import InvalidParameterError
from kis_runtime.fields import fields_of


def _order(**changes: object) -> order_cash.OrderCashRequest:
    values: dict[str, object] = {
        "cano": "12345678",
        "acnt_prdt_cd": "01",
        "pdno": "005930",
        "ord_dvsn": "00",
        "ord_qty": 10,
        "ord_unpr": 70000,
    }
    return order_cash.OrderCashRequest(**(values | changes))  # type: ignore[arg-type]


def test_defaults_keyword_only_and_frozen() -> None:
    request = _order()
    assert request.sll_type == "" and request.excg_id_dvsn_cd == ""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        request.pdno = "000660"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del request.pdno  # type: ignore[misc]
    with pytest.raises(TypeError):
        order_cash.OrderCashRequest("12345678")  # type: ignore[misc]


def test_required_unknown_and_cursor_fields_refused() -> None:
    with pytest.raises(TypeError, match="pdno is required"):
        order_cash.OrderCashRequest(
            cano="12345678", acnt_prdt_cd="01", ord_dvsn="00", ord_qty=1, ord_unpr=1
        )  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unknown field"):
        _order(price=1)
    # A cursor is the pager's (init=False): not an argument.
    with pytest.raises(TypeError, match="ctx_area_fk100"):
        pension_inquire_balance.PensionInquireBalanceRequest(cano="12345678", ctx_area_fk100="x")  # type: ignore[call-arg]
    assert (
        pension_inquire_balance.PensionInquireBalanceRequest(cano="12345678").ctx_area_fk100 == ""
    )


def test_every_field_checked_when_built_naming_tr_and_field() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        _order(ord_dvsn="99")
    assert "TTTC0011U/TTTC0012U" in str(caught.value) and "ORD_DVSN" in str(caught.value)
    with pytest.raises(InvalidParameterError, match="CANO"):
        _order(cano="1234")
    with pytest.raises(InvalidParameterError, match="ORD_QTY"):
        _order(ord_qty="ten")


def test_equality_hash_and_masked_repr() -> None:
    assert _order() == _order() and hash(_order()) == hash(_order())
    assert _order() != _order(ord_qty=11)
    assert len({_order(), _order(), _order(ord_qty=11)}) == 2
    shown = repr(_order())
    assert shown.startswith("OrderCashRequest(") and "12345678" not in shown
    assert "pdno='005930'" in shown
    # Cursors are left out of the repr (they carry the account number).
    assert "ctx_area" not in repr(
        pension_inquire_balance.PensionInquireBalanceRequest(cano="1" * 8)
    )


def test_equal_declarations_share_one_field_info() -> None:
    from kis.domestic_stock.trading import pension_inquire_daily_ccld as daily

    cano = next(f for f in fields_of(daily.PensionInquireDailyCcldRequest) if f.name == "CANO")
    same = next(
        f
        for f in fields_of(pension_inquire_balance.PensionInquireBalanceRequest)
        if f.name == "CANO"
    )
    assert cano == same and cano is same
