"""The importer's corrections on tiny inline pages: block shapes the doc contradicts, masked
account / secret / personal fields, night-session times, and patterns for order quantities/prices."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen.importer.diagnostics import Level
from codegen.importer.run import Imported
from tests.importer.pages import page
from tests.importer.test_imp_quirks import codes, outputs, spec_of

Importer = Callable[..., Imported]
ORDER = {
    "method": "POST",
    "path": "/uapi/domestic-stock/v1/trading/test-order",
    "real": "TTTC9999U",
}
ORDER_REPLY = (
    "output | 응답상세 | Object Array | Y |  | {hint}  \nODNO  | 주문번호 | String | Y | 10 |   \n"
)


# Shapes


@pytest.mark.parametrize("hint", ["single", "Array", ""])
def test_an_order_reply_typed_array_is_one_object(import_text: Importer, hint: str) -> None:
    result = import_text(page(**ORDER, response=ORDER_REPLY.format(hint=hint)))
    block = outputs(spec_of(result))["output"]
    assert block["shape"] == "object"
    assert "order reply is one object" in block["doc_fix"]
    assert list(block)[-1] == "fields"  # doc_fix stays before the fields
    assert "shape-fixed" in codes(result, Level.INFO)


def test_a_block_typed_array_but_described_single_is_an_object(import_text: Importer) -> None:
    spec = spec_of(import_text(page(response=ORDER_REPLY.format(hint="Single"))))
    block = outputs(spec)["output"]
    assert block["shape"] == "object" and "'Single'" in block["doc_fix"]


def test_swapped_types_of_a_header_block_and_a_rows_block(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output1 | 응답상세 | Object Array | Y |  |   \n"
            "prdy_nmix  | 전일 지수 | String | Y | 11 |   \n"
            "output2 | 응답상세2 | Object | Y |  | array  \n"
            "stck_bsop_date  | 주식 영업 일자 | String | Y | 8 |   \n"
        )
    )
    blocks = outputs(spec_of(result))
    assert (blocks["output1"]["shape"], blocks["output2"]["shape"]) == ("object", "array")
    assert "swapped" in blocks["output1"]["doc_fix"] and "swapped" in blocks["output2"]["doc_fix"]


def test_a_lone_block_typed_object_but_described_array_is_an_array(import_text: Importer) -> None:
    spec = spec_of(
        import_text(
            page(
                response="output | 응답상세 | Object | Y |  | array  \n"
                "pdno  | 상품번호 | String | Y | 12 |   \n"
            )
        )
    )
    assert outputs(spec)["output"]["shape"] == "array"


def test_agreeing_type_and_hint_need_no_fix(import_text: Importer) -> None:
    spec = spec_of(
        import_text(
            page(
                response="output1 | 응답 | Object | Y |  | single  \n"
                "pdno  | 상품번호 | String | Y | 12 |   \n"
                "output2 | 응답2 | Object Array | Y |  | array  \n"
                "odno  | 주문번호 | String | Y | 10 |   \n"
            )
        )
    )
    blocks = outputs(spec)
    assert (blocks["output1"]["shape"], blocks["output2"]["shape"]) == ("object", "array")
    assert "doc_fix" not in blocks["output1"] and "doc_fix" not in blocks["output2"]


def test_the_reviewed_override_keeps_a_type_whose_hint_is_wrong(import_text: Importer) -> None:
    result = import_text(
        page(
            path="/uapi/overseas-price/v1/quotations/colable-by-company",
            response="output1 | 응답상세 | Array | Y |  |   \n"
            "pdno  | 상품번호 | String | Y | 12 |   \n"
            "output2 | 응답상세 | Object | Y |  | array  \n"
            "loan_psbl_item_num  | 대출가능종목수 | String | Y | 20 |   \n",
        )
    )
    blocks = outputs(spec_of(result))
    assert (blocks["output1"]["shape"], blocks["output2"]["shape"]) == ("array", "object")
    assert "loan_psbl_item_num" in blocks["output2"]["doc_fix"]
    assert "doc_fix" not in blocks["output1"]


# Sensitive fields


def test_continuation_keys_are_masked_on_every_tr(import_text: Importer) -> None:
    """No account in the request: the fk cursor is masked all the same (both sides)."""
    spec = spec_of(
        import_text(
            page(
                request="CTX_AREA_FK | 연속조회검색조건 | String | Y | 20 |   \n"
                "CTX_AREA_NK | 연속조회키 | String | Y | 20 |   \n",
                response="ctx_area_fk | 연속조회검색조건 | String | Y | 20 |   \n"
                "ctx_area_nk | 연속조회키 | String | Y | 20 |   \n",
            )
        )
    )
    params = {p["name"]: p for p in spec["request"]["params"]}
    body = {f["name"]: f for f in spec["response"]["body"]}
    assert params["CTX_AREA_FK"]["sensitive"] == body["ctx_area_fk"]["sensitive"] == "account"
    assert "sensitive" not in params["CTX_AREA_NK"] and "sensitive" not in body["ctx_area_nk"]


def test_added_continuation_key_of_a_quotation_tr_is_masked(import_text: Importer) -> None:
    result = import_text(
        page(request="CTX_AREA_FK100 | 연속조회검색조건100 | String | Y | 100 |   \n")
    )
    (field,) = spec_of(result)["response"]["body"]
    assert field["sensitive"] == "account"
    assert "embeds the account" not in field["doc_fix"]  # no account in this TR's request


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        ("HASH", "해쉬키", "secret"),
        ("ACNT_PWD", "계좌비밀번호", "secret"),
        ("ctac_tlno", "연락전화번호", "personal"),
        ("ord_ip_addr", "주문IP주소", "personal"),
        ("acnt_name", "계좌명", "personal"),
        ("acno10", "계좌번호10", "account"),
        ("cano", "종합계좌번호", "account"),
        ("token_type", "접근토큰유형", None),
        ("pwd_chk_yn", "비밀번호체크여부", None),
        ("acnt_prdt_cd", "계좌상품코드", None),
    ],
)
def test_sensitive_reply_fields(
    import_text: Importer, name: str, title: str, expected: str | None
) -> None:
    spec = spec_of(
        import_text(
            page(
                response="output | 응답 | Object | Y |  |   \n"
                f"{name}  | {title} | String | Y | 20 |   \n"
            )
        )
    )
    assert outputs(spec)["output"]["fields"][0].get("sensitive") == expected


# Times past midnight


def test_a_time_the_doc_writes_past_24h_stays_str(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output | 응답 | Object Array | Y |  |   \n"
            "stck_cntg_hour  | 주식 체결 시간 | String | Y | 6 | 자정 이후 시간은 +24시간으로 표시  \n"
            'ex) "260000"  \n'
            "bsop_hour  | 영업 시간 | String | Y | 6 |   \n"
        )
    )
    night, day = outputs(spec_of(result))["output"]["fields"]
    assert night["type"] == "str" and "+24" in night["doc_fix"]
    assert day["type"] == "time" and "doc_fix" not in day
    assert codes(result, Level.INFO).count("time-past-midnight") == 1


def test_times_of_a_night_session_tr_stay_str(import_text: Importer) -> None:
    result = import_text(
        page(
            request="FID_COND_MRKT_DIV_CODE | 시장 분류 코드 | String | Y | 2 | F: 지수선물  \n"
            "CM: 야간선물, EU: 야간옵션  \n",
            response="output | 응답 | Object | Y |  |   \n"
            "ord_tmd  | 주문시각 | String | Y | 6 |   \n",
        )
    )
    field = outputs(spec_of(result))["output"]["fields"][0]
    assert field["type"] == "str" and "night-session" in field["doc_fix"]


# Order quantities and prices


@pytest.mark.parametrize(
    ("path", "name", "pattern"),
    [
        ("/uapi/domestic-stock/v1/trading/test-order", "ORD_QTY", "[0-9]+"),
        ("/uapi/domestic-stock/v1/trading/test-order", "ORD_UNPR", "[0-9]+"),
        ("/uapi/domestic-stock/v1/trading/test-order", "CNDT_PRIC", "[0-9]+"),
        ("/uapi/overseas-stock/v1/trading/test-order", "OVRS_ORD_UNPR", r"[0-9]+(\.[0-9]+)?"),
        ("/uapi/overseas-stock/v1/trading/test-order", "FT_ORD_UNPR3", r"[0-9]+(\.[0-9]+)?"),
        ("/uapi/domestic-bond/v1/trading/test-order", "BOND_ORD_UNPR", r"[0-9]+(\.[0-9]+)?"),
        ("/uapi/domestic-futureoption/v1/trading/test-order", "UNIT_PRICE", r"-?[0-9]+(\.[0-9]+)?"),
        ("/uapi/overseas-futureoption/v1/trading/test-order", "FM_ORD_QTY", "[0-9]+"),
        ("/uapi/domestic-stock/v1/trading/test-order", "QTY_ALL_ORD_YN", None),
        ("/uapi/domestic-stock/v1/trading/test-order", "PRIC_DVSN_CD", None),
    ],
)
def test_order_quantities_and_prices_get_a_pattern(
    import_text: Importer, path: str, name: str, pattern: str | None
) -> None:
    spec = spec_of(
        import_text(
            page(
                method="POST",
                path=path,
                real="TTTC9999U",
                request=f"{name} | 필드 | String | Y | 19 |   \n",
            )
        )
    )
    field = spec["request"]["body"][0]
    assert field.get("pattern") == pattern
    assert ("pattern added" in field.get("doc_fix", "")) is (pattern is not None)


def test_an_optional_price_keeps_blank_allowed_and_both_fixes(import_text: Importer) -> None:
    spec = spec_of(
        import_text(
            page(
                **ORDER,
                request='ORD_UNPR | 주문단가 | String | Y | 19 | 시장가의 경우 빈칸("") 입력  \n',
            )
        )
    )
    field = spec["request"]["body"][0]
    assert "required" not in field and field["pattern"] == "[0-9]+"
    assert "blank value" in field["doc_fix"] and "pattern added" in field["doc_fix"]
    assert list(field)[-1] == "doc_fix"


def test_query_params_of_a_get_tr_get_no_order_pattern(import_text: Importer) -> None:
    spec = spec_of(import_text(page(request="ORD_UNPR | 주문단가 | String | Y | 19 |   \n")))
    assert "pattern" not in spec["request"]["params"][0]
