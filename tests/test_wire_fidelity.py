"""Nothing the server sends is lost or misread: keys in any case, a key the server spells with a
space, placeholders, markers, unknown keys listed, missing blocks refused (or allowed where the spec says
why), natural request values written as KIS's strings, and codes checked with an escape hatch.

Uses the golden fixture's made-up TR (tests/golden/expected), built from a spec with each key."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kis_runtime import InvalidParameterError, ResponseFormatError, UnlistedCode

MODULE = Path(__file__).parent / "golden/expected/kis/domestic_stock/quotations/wire_quirks.py"


@pytest.fixture(scope="module")
def quirks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golden_wire_quirks", MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def reply(**body: Any) -> dict[str, Any]:
    return {"rt_cd": "0", "msg_cd": "MCA00000", "msg1": "정상처리 되었습니다.", **body}


ROW = {"stck_cntg_hour": "093001", "itewhol_loan_rmnd_ratem name": "1.25", "ODNO": "0000117057"}


def parse(quirks: ModuleType, body: dict[str, Any]) -> Any:
    return quirks.ENDPOINT.parser.parse("FHGOLD00001", body)


def test_keys_are_read_whatever_their_case(quirks: ModuleType) -> None:
    shouted = {key.upper(): value for key, value in ROW.items()}
    page = parse(quirks, reply(OUTPUT=[shouted, ROW], Output2={"TOT_QTY": "7"}))
    assert [r.odno for r in page.output] == ["0000117057", "0000117057"]
    assert [r.stck_cntg_hour for r in page.output] == [dt.time(9, 30, 1)] * 2
    assert page.output2.tot_qty == 7
    assert page.unknown_keys == ()


def test_a_key_with_a_space_is_read_through_its_wire_alias(quirks: ModuleType) -> None:
    page = parse(quirks, reply(output=[ROW]))
    assert page.output[0].itewhol_loan_rmnd_ratem == Decimal("1.25")


def test_placeholders_are_none_markers_kept_and_other_bad_values_are_errors(
    quirks: ModuleType,
) -> None:
    rows = [dict(ROW, stck_cntg_hour="999999", stnd_date="0"), dict(ROW, stck_cntg_hour="888888")]
    page = parse(quirks, reply(output=rows))
    assert page.output[0].stnd_date is None  # a placeholder for "no date"
    # Two markers stay two different values, never one None.
    assert [str(r.stck_cntg_hour) for r in page.output] == ["999999", "888888"]
    assert page.output[1].stck_cntg_hour.meaning == "장마감"
    with pytest.raises(ResponseFormatError) as caught:
        parse(quirks, reply(output=[ROW, dict(ROW, stck_cntg_hour="777777")]))
    error = caught.value
    assert (error.tr_id, error.field, error.value) == (
        "FHGOLD00001",
        "output[1].stck_cntg_hour",
        "777777",
    )
    assert error.accepted and error.raw["output"][1]["stck_cntg_hour"] == "777777"


def test_unknown_keys_are_kept_and_listed(quirks: ModuleType) -> None:
    body = reply(output=[dict(ROW, new_col="x")], extra_top="y")
    page = parse(quirks, body)
    assert page.output[0].odno == "0000117057"  # the known keys are still read
    assert page.unknown_keys == ("extra_top", "output.new_col")
    assert page.raw["output"][0]["new_col"] == "x"  # the value itself is kept


def test_a_missing_block_is_an_error_unless_the_spec_allows_it(quirks: ModuleType) -> None:
    page = parse(quirks, reply(output=[ROW]))
    assert page.output2 is None  # optional, with a reason in the spec
    with pytest.raises(ResponseFormatError) as caught:
        parse(quirks, reply(output2={"tot_qty": "1"}))
    assert caught.value.field == "output" and caught.value.accepted  # never read as "no rows"


def test_natural_request_values_become_kis_strings(quirks: ModuleType) -> None:
    request = quirks.WireQuirksRequest(
        fid_cond_mrkt_div_code="J",
        fid_input_date_1=dt.date(2024, 1, 5),
        fid_input_hour_1=dt.time(9, 5),
        fid_input_qty=10,
        fid_input_price=Decimal("1E+3"),
    )
    wire = quirks.ENDPOINT.wire_params(request, {})
    assert wire == {
        "FID_COND_MRKT_DIV_CODE": "J",
        "FID_INPUT_DATE_1": "20240105",
        "FID_INPUT_HOUR_1": "090500",
        "FID_INPUT_QTY": "10",
        "FID_INPUT_PRICE": "1000",
    }
    strings = quirks.WireQuirksRequest(fid_cond_mrkt_div_code="W", fid_input_date_1="20240105")
    assert quirks.ENDPOINT.wire_params(strings, {})["FID_INPUT_DATE_1"] == "20240105"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("fid_input_date_1", "2024-01-05", "not a date as KIS writes it"),
        ("fid_input_qty", 1.5, "expected int or str, got float"),
        ("fid_input_qty", True, "got bool"),
        ("fid_input_price", Decimal("NaN"), "not a finite number"),
        ("fid_cond_mrkt_div_code", "X", "is not one of: 'J', 'W'"),
    ],
)
def test_bad_request_values_are_refused_naming_tr_field_and_value(
    quirks: ModuleType, field: str, value: Any, reason: str
) -> None:
    values = {"fid_cond_mrkt_div_code": "J", "fid_input_date_1": "20240105", field: value}
    with pytest.raises(InvalidParameterError) as caught:
        quirks.WireQuirksRequest(**values)
    assert "FHGOLD00001" in str(caught.value) and reason in str(caught.value)


def test_a_code_added_after_the_doc_passes_as_unlisted_code(quirks: ModuleType) -> None:
    request = quirks.WireQuirksRequest(
        fid_cond_mrkt_div_code=UnlistedCode("Q"), fid_input_date_1="20240105"
    )
    assert quirks.ENDPOINT.wire_params(request, {})["FID_COND_MRKT_DIV_CODE"] == "Q"
