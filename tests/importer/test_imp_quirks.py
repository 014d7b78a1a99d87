"""The importer on tiny inline pages, one format quirk (docs/kis-pages/QUIRKS.md) per test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from codegen.importer.diagnostics import Level
from codegen.importer.run import Imported
from tests.importer.pages import page

Importer = Callable[..., Imported]


def spec_of(result: Imported) -> dict[str, Any]:
    assert result.text is not None, "\n".join(map(str, result.diagnostics))
    loaded: dict[str, Any] = yaml.safe_load(result.text)
    return loaded


def codes(result: Imported, level: Level) -> list[str]:
    return [d.code for d in result.of(level)]


def outputs(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in spec["response"]["outputs"]}


def test_trailing_spaces_nest_fields_in_blocks_of_either_shape(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output1 | 응답상세 | Object Array | Y |  | Array  \n"
            "hldg_qty  | 보유수량 | String | Y | 19 |   \n"
            "output2 | 응답상세2 | Object | Y |  |   \n"
            "tot_evlu_amt  | 총평가금액 | String | Y | 19 |   \n"
        )
    )
    blocks = outputs(spec_of(result))
    assert blocks["output1"]["shape"] == "array"
    assert blocks["output1"]["fields"] == [
        {"name": "hldg_qty", "title": "보유수량", "type": "int", "length": 19}
    ]
    assert blocks["output2"]["shape"] == "object"
    assert [f["name"] for f in blocks["output2"]["fields"]] == ["tot_evlu_amt"]
    assert not result.of(Level.WARNING)


def test_dash_prefix_nests_like_trailing_spaces(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output1 | 상세 | Object | Y | 1 | 상세  \n"
            "-futs_prpr | 현재가 | String | Y | 14 | 현재가  \n"
        )
    )
    assert outputs(spec_of(result))["output1"]["fields"][0]["name"] == "futs_prpr"
    assert "dash-nesting" in codes(result, Level.INFO)


def test_top_level_rows_after_nested_ones_are_body_fields(import_text: Importer) -> None:
    result = import_text(
        page(
            request="CTX_AREA_FK200 | 연속조회검색조건200 | String | Y | 200 |   \n",
            response="output | 응답상세 | Object Array | Y | - |   \n"
            "odno  | 주문번호 | String | Y | 10 |   \n"
            "ctx_area_fk200 | 연속조회검색조건200 | String | Y | 200 |   \n",
        )
    )
    spec = spec_of(result)
    assert [f["name"] for f in spec["response"]["body"]] == ["ctx_area_fk200"]
    assert spec["request"]["params"][0]["cursor"] == "ctx_area_fk200"
    assert "cursor-added" not in codes(result, Level.WARNING)
    assert "top-after-nested" in codes(result, Level.INFO)


def test_missing_continuation_keys_are_added_with_a_doc_fix(import_text: Importer) -> None:
    result = import_text(
        page(
            request="CANO | 종합계좌번호 | String | Y | 8 |   \n"
            "CTX_AREA_FK100 | 연속조회검색조건100 | String | Y | 100 |   \n"
            "CTX_AREA_NK100 | 연속조회키100 | String | Y | 100 |   \n",
            response="output | 응답 | Object Array | Y |  |   \npdno  | 상품번호 | String | Y | 12 |   \n",
        )
    )
    body = {f["name"]: f for f in spec_of(result)["response"]["body"]}
    assert set(body) == {"ctx_area_fk100", "ctx_area_nk100"}
    assert body["ctx_area_fk100"]["sensitive"] == "account"  # the request carries CANO
    assert "sensitive" not in body["ctx_area_nk100"]
    assert all(f["doc_fix"] for f in body.values())
    assert codes(result, Level.WARNING) == ["cursor-added", "cursor-added"]


def test_post_pages_read_the_body_table(import_text: Importer) -> None:
    result = import_text(
        page(
            method="POST",
            path="/uapi/domestic-stock/v1/trading/test-order",
            real="TTTC9999U",
            request="CANO | 종합계좌번호 | String | Y | 8 |   \nORD_QTY | 주문수량 | String | Y | 10 |   \n",
            response="output | 응답상세 | Object | Y |  |   \nODNO  | 주문번호 | String | Y | 10 |   \n",
        )
    )
    spec = spec_of(result)
    assert [f["name"] for f in spec["request"]["body"]] == ["CANO", "ORD_QTY"]
    assert "params" not in spec["request"]
    # a quantity is typed: callers may pass an int (or KIS's string); an account stays str
    assert [f["type"] for f in spec["request"]["body"]] == ["str", "int"]


@pytest.mark.parametrize(
    ("name", "length", "path", "expected"),
    [
        ("ORD_QTY", "10", "/uapi/domestic-stock/v1/trading/x", "int"),
        ("ORD_QTY", "10", "/uapi/overseas-stock/v1/trading/x", "Decimal"),  # fractional shares
        ("ORD_UNPR", "19", "/uapi/domestic-stock/v1/trading/x", "Decimal"),
        ("INQR_STRT_DT", "8", "/uapi/domestic-stock/v1/trading/x", "date"),
        ("FID_INPUT_DATE_1", "8", "/uapi/domestic-stock/v1/quotations/x", "date"),
        ("FID_INPUT_DATE_1", "10", "/uapi/domestic-stock/v1/quotations/x", "str"),  # 00YYYYMMDD
        ("PDNO", "12", "/uapi/domestic-stock/v1/trading/x", "str"),
    ],
)
def test_request_quantities_prices_and_dates_are_typed(
    import_text: Importer, name: str, length: str, path: str, expected: str
) -> None:
    result = import_text(
        page(
            method="GET",
            path=path,
            real="TTTC9998R",
            request=f"{name} | 필드 | String | N | {length} |   \n",
            response="output | 응답상세 | Object | Y |  |   \nODNO  | 주문번호 | String | Y | 10 |   \n",
        )
    )
    assert spec_of(result)["request"]["params"][0]["type"] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("184", "18.4"),
        ("238", "23.8"),
        ("82", "8.2"),
        ("19", 19),
        ("", None),
        ("-", None),
        ("null", None),
    ],
)
def test_lengths(import_text: Importer, cell: str, expected: object) -> None:
    result = import_text(
        page(
            response=f"output | 응답 | Object | Y |  |   \nevlu_amt  | 평가금액 | String | Y | {cell} |   \n"
        )
    )
    field = outputs(spec_of(result))["output"]["fields"][0]
    assert field.get("length") == expected


def test_unreadable_length_is_a_warning_with_the_line(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output | 응답 | Object | Y |  |   \nidx_clpr  | 지수종가 | String | Y | 32238 |   \n"
        )
    )
    (warning,) = result.of(Level.WARNING)
    assert warning.code == "length" and "32238" in warning.message
    assert (
        result.page.read_text(encoding="utf-8")
        .splitlines()[warning.line - 1]
        .startswith("idx_clpr")
    )
    assert "length" not in outputs(spec_of(result))["output"]["fields"][0]


def test_duplicate_rows_keep_the_first(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output | 응답 | Object | Y |  |   \n"
            "pdno  | 상품번호 | String | Y | 12 |   \n"
            "pdno  | 상품번호 | String | Y | 12 |   \n"
            "PDNO  | 상품번호2 | String | Y | 12 |   \n"
        )
    )
    assert [f["name"] for f in outputs(spec_of(result))["output"]["fields"]] == ["pdno"]
    assert codes(result, Level.INFO).count("duplicate-field") == 1  # identical repeat
    assert codes(result, Level.WARNING) == ["duplicate-field"]  # same Python name, other row


def test_block_declared_twice_merges_fields(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output1 | 응답 | Object Array | Y |  | array  \n"
            "pdno  | 상품번호 | String | Y | 12 |   \n"
            "output1 | 응답 | Object Array | Y |  | Array 신 TR 사용 필드  \n"
            "prdt_name  | 상품명 | String | Y | 60 |   \n"
        )
    )
    fields = outputs(spec_of(result))["output1"]["fields"]
    assert [f["name"] for f in fields] == ["pdno", "prdt_name"]
    assert codes(result, Level.WARNING) == ["block-twice"]


def test_multi_line_cells_join_with_newlines(import_text: Importer) -> None:
    result = import_text(
        page(request="FID_COND | 조건 | String | Y | 2 | 0 : 전체  \n1 : 일부  \n  \n")
    )
    param = spec_of(result)["request"]["params"][0]
    assert param["description"] == "0 : 전체\n1 : 일부"


def test_blank_type_column_takes_the_shape_from_the_example(import_text: Importer) -> None:
    example = (
        "    @dataclass\n    class ResponseBody:\n"
        "        output: List[ResponseBodyoutput] = field(default_factory=list)    #응답상세\n"
    )
    result = import_text(
        page(
            response="output | 응답상세 |  | Y |  | array  \nstck_prpr  | 주식 현재가 |  | Y | 10 |   \n",
            example=example,
        )
    )
    block = outputs(spec_of(result))["output"]
    assert block["shape"] == "array"
    assert block["fields"][0]["type"] == "Decimal"
    assert "blank-type" in codes(result, Level.INFO)


def test_object_typed_leaf_is_read_as_a_value(import_text: Importer) -> None:
    result = import_text(
        page(
            response="output1 | 응답 | Object Array | Y |  |   \n"
            "thdt_buy_ccld_frcr_amt  | 당일매수체결외화금액 | Object | Y | 30 | 외화금액  \n"
            "(Type: Object X String O)  \n"
        )
    )
    field = outputs(spec_of(result))["output1"]["fields"][0]
    assert field["type"] == "Decimal"
    assert codes(result, Level.WARNING) == ["object-leaf"]


@pytest.mark.parametrize(
    ("real", "paper", "expected"),
    [
        (
            "(매도) TTTC0011U (매수) TTTC0012U",
            "(매도) VTTC0011U (매수) VTTC0012U",
            [("sell", "매도", "TTTC0011U", "VTTC0011U"), ("buy", "매수", "TTTC0012U", "VTTC0012U")],
        ),
        (
            "(주간 매수/매도) TTTO1101U (야간 매수/매도) (구) JTCE1001U (신) STTN1101U",
            "(주간 매수/매도) VTTO1101U (야간은 모의투자 미제공)",
            [
                ("day", "주간 매수/매도", "TTTO1101U", "VTTO1101U"),
                ("night_old", "야간 매수/매도 (구)", "JTCE1001U", "unsupported"),
                ("night_new", "야간 매수/매도 (신)", "STTN1101U", "unsupported"),
            ],
        ),
        (
            "TTTC2201R(기존 KRX만 가능), TTTC2210R (KRX,NXT/SOR)",
            "모의투자 미지원",
            [
                ("krx", "기존 KRX만 가능", "TTTC2201R", "unsupported"),
                ("sor", "KRX,NXT/SOR", "TTTC2210R", "unsupported"),
            ],
        ),
        (
            "(3개월이내) TTTC0081R (3개월이전) CTSC9215R",
            "(3개월이내) VTTC0081R (3개월이전) VTSC9215R",
            [
                ("recent", "3개월이내", "TTTC0081R", "VTTC0081R"),
                ("older", "3개월이전", "CTSC9215R", "VTSC9215R"),
            ],
        ),
    ],
)
def test_several_tr_ids_in_one_cell_become_variants(
    import_text: Importer, real: str, paper: str, expected: list[tuple[str, str, str, str]]
) -> None:
    spec = spec_of(import_text(page(real=real, paper=paper)))
    assert [(t["variant"], t["label"], t["real"], t["paper"]) for t in spec["tr_ids"]] == expected


def test_tr_ids_listed_in_the_header_row(import_text: Importer) -> None:
    listed = (
        "[실전투자]  \nTTTT1004U : 미국 정정 취소 주문  \nTTTS0302U : 상해 취소 주문  \n  \n"
        "[모의투자]  \nVTTT1004U : 미국 정정 취소 주문  "
    )
    result = import_text(
        page(
            real="(미국 정정·취소) TTTT1004U (아시아 국가 하단 규격서 참고)",
            paper="(미국 정정·취소) VTTT1004U (아시아 국가 하단 규격서 참고)",
            tr_id_row=listed,
        )
    )
    ids = [(t["variant"], t["real"], t["paper"]) for t in spec_of(result)["tr_ids"]]
    assert ids == [("us", "TTTT1004U", "VTTT1004U"), ("sh", "TTTS0302U", "unsupported")]


def test_unknown_tr_label_is_an_error_not_a_guess(import_text: Importer) -> None:
    result = import_text(page(real="(유럽) TTTT0001U (남미) TTTT0002U"))
    assert result.text is None
    (error,) = result.of(Level.ERROR)
    assert error.code == "tr-label" and "유럽" in error.message
    assert error.line == 12  # the 실전 TR ID row


def test_numbered_run_abbreviated_with_an_ellipsis_is_expanded(import_text: Importer) -> None:
    result = import_text(
        page(
            request="QRY_CNT | 요청개수 | String | Y | 4 |   \n"
            "SRS_CD_01 | 종목코드1 | String | Y | 32 |   \n"
            "SRS_CD_02... | 종목코드2 | String | Y | 32 |   \n"
            "SRS_CD_05 | 종목코드5 | String | Y | 32 |   \n"
        )
    )
    params = spec_of(result)["request"]["params"]
    assert [(p["name"], p["title"], p.get("required", False)) for p in params] == [
        ("QRY_CNT", "요청개수", True),
        ("SRS_CD_01", "종목코드1", True),
        ("SRS_CD_02", "종목코드2", False),
        ("SRS_CD_03", "종목코드3", False),
        ("SRS_CD_04", "종목코드4", False),
        ("SRS_CD_05", "종목코드5", False),
    ]
    assert codes(result, Level.WARNING) == ["name-range"]


def test_required_param_whose_description_allows_blank_is_optional(import_text: Importer) -> None:
    result = import_text(
        page(request="FID_INPUT_ISCD_2 | 종목코드 | String | Y | 6 | 공백 입력  \n")
    )
    param = spec_of(result)["request"]["params"][0]
    assert "required" not in param and "blank" in param["doc_fix"]


def test_tr_cont_paging_without_cursor_sets_paging(import_text: Importer) -> None:
    spec = spec_of(import_text(page(tr_cont="공백 : 초기 조회  \nN : 다음 데이터 조회")))
    assert spec["paging"] is True
    assert "paging" not in spec_of(import_text(page(), name="other.md"))


def test_header_deviations_are_reported_not_copied(import_text: Importer) -> None:
    text = page().replace(
        "custtype | 고객 타입 | String | Y |", "custtype | 고객 타입 | String | N |"
    )
    text = text.replace(
        "authorization | 접근토큰 | String | Y | 350 |",
        "authorization | 접근토큰 | String | Y | 40 |",
    )
    result = import_text(text)
    assert sorted(codes(result, Level.WARNING)) == ["header-length", "header-required"]
    assert "headers" not in spec_of(result)


def test_broken_table_without_rule_line_is_reported(import_text: Importer) -> None:
    text = page().replace(
        "Description  \n---|---|---|---|---|---  \nFID_INPUT_ISCD", "Description  \nFID_INPUT_ISCD"
    )
    result = import_text(text)
    assert "table-rule" in codes(result, Level.WARNING)
    assert spec_of(result)["request"]["params"][0]["name"] == "FID_INPUT_ISCD"


def test_page_without_path_is_an_error_naming_the_line(import_text: Importer) -> None:
    result = import_text(page().replace("> API 경로:", "> 경로:"))
    assert result.text is None
    assert [(e.code, e.line) for e in result.of(Level.ERROR)] == [("path", 1)]


def test_auth_page_becomes_kind_auth_without_tr_ids(import_text: Importer) -> None:
    text = page(method="POST", path="/oauth2/tokenP", real="", paper="")
    text = text.replace("FID_INPUT_ISCD | 종목코드", "grant_type | 권한부여 Type")
    result = import_text(text)
    spec = spec_of(result)
    assert spec["kind"] == "auth" and "tr_ids" not in spec
    assert result.target is not None and str(result.target) == "auth/token_p.yaml"


def test_output_is_deterministic(import_text: Importer) -> None:
    first = import_text(
        page(
            response="output | 응답 | Object | Y |  |   \npdno  | 상품번호 | String | Y | 12 |   \n"
        )
    )
    second = import_text(
        page(
            response="output | 응답 | Object | Y |  |   \npdno  | 상품번호 | String | Y | 12 |   \n"
        ),
        name="again.md",
    )
    # Only the banner and source_page (the page's file name) differ.
    assert first.text is not None and first.text.split("\n", 2)[2] == second.text.split("\n", 2)[2]  # type: ignore[union-attr]
