"""The importer's small rules: spec placement from the URL, type inference, variant names."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from codegen.importer.diagnostics import Level
from codegen.importer.infer import infer_type
from codegen.importer.paths import PathError, spec_path
from codegen.importer.run import import_page
from codegen.importer.trids import variant_names
from codegen.model import Common
from tests.importer import pages


@pytest.mark.parametrize(
    ("url", "auth", "expected"),
    [
        (
            "/uapi/domestic-stock/v1/trading/pension/inquire-balance",
            False,
            "domestic_stock/trading/pension_inquire_balance.yaml",
        ),
        ("/uapi/etfetn/v1/quotations/inquire-price", False, "etfetn/quotations/inquire_price.yaml"),
        (
            "/uapi/overseas-price/v1/quotations/inquire-price-2",
            False,
            "overseas_price/quotations/inquire_price_2.yaml",
        ),
        ("/oauth2/tokenP", True, "auth/token_p.yaml"),
        ("/oauth2/Approval", True, "auth/approval.yaml"),
        ("/uapi/hashkey", True, "auth/hashkey.yaml"),
    ],
)
def test_spec_path(url: str, auth: bool, expected: str) -> None:
    assert str(spec_path(url, auth=auth)) == expected


def test_spec_path_refuses_paths_outside_the_scheme() -> None:
    with pytest.raises(PathError, match="no rule places it"):
        spec_path("/uapi/something", auth=False)


@pytest.mark.parametrize(
    ("name", "title", "length", "path", "expected"),
    [
        ("hldg_qty", "보유수량", 19, "/uapi/domestic-stock/", "int"),
        ("thdt_buyqty", "금일매수수량", 10, "/uapi/domestic-stock/", "int"),
        (
            "ovrs_cblc_qty",
            "해외잔고수량",
            19,
            "/uapi/overseas-stock/",
            "Decimal",
        ),  # fractional shares
        ("pchs_avg_pric", "매입평균가격", "18.4", "/uapi/domestic-stock/", "Decimal"),
        ("stck_prpr", "주식 현재가", 10, "/uapi/domestic-stock/", "Decimal"),
        ("prdy_ctrt", "전일 대비율", 82, "/uapi/domestic-stock/", "Decimal"),
        ("prdy_vrss_sign", "전일 대비 부호", 1, "/uapi/domestic-stock/", "str"),
        # A sign code under a title copied from an amount row (…대비): still a code.
        ("antc_cntg_vrss_sign", "업종 지수 전일 대비", 1, "/uapi/domestic-stock/", "str"),
        ("stck_bsop_date", "주식 영업 일자", 8, "/uapi/domestic-stock/", "date"),
        ("stck_bsop_date", "주식 영업 일자", 10, "/uapi/domestic-stock/", "str"),  # not YYYYMMDD
        ("stck_cntg_hour", "주식 체결 시간", 6, "/uapi/domestic-stock/", "time"),
        ("stck_cntg_hour", "주식 체결 시간", 4, "/uapi/domestic-stock/", "str"),  # HHMM: unsure
        ("cblc_dvsn_name", "잔고구분명", 60, "/uapi/domestic-stock/", "str"),
        ("rate_cls_code", "등락율 구분 코드", 2, "/uapi/domestic-stock/", "str"),
        ("mystery", "알수없음", 10, "/uapi/domestic-stock/", "str"),
    ],
)
def test_infer_type(name: str, title: str, length: int | str, path: str, expected: str) -> None:
    assert infer_type(name, title, length, path) == expected


def test_variant_names_drop_shared_and_needless_action_words() -> None:
    assert variant_names(["주간매수", "주간매도"]) == ["buy", "sell"]
    assert variant_names(["미국 정정 취소 주문", "상해 취소 주문"]) == ["us", "sh"]
    assert variant_names(["미국 매수 주문", "미국 매도 주문", "일본 매수 주문"]) == [
        "us_buy",
        "us_sell",
        "jp_buy",
    ]
    assert variant_names(["유럽"]) is None


def test_o_places_a_page_the_url_rule_cannot(tmp_path: Path, common: Common) -> None:
    page = tmp_path / "page.md"
    page.write_text(pages.page(path="/uapi/something"), encoding="utf-8")
    refused = import_page(page, common)
    assert refused.text is None
    assert [d.message for d in refused.of(Level.ERROR)] == [
        "/uapi/something: not /uapi/<area>/v<N>/<group>/<name>; no rule places it "
        "(import -o SPEC.yaml places it)"
    ]
    placed = import_page(page, common, place=PurePosixPath("custom/something.yaml"))
    assert placed.text is not None and str(placed.target) == "custom/something.yaml"
