"""Code lists in request descriptions -> `values`; fixed values -> `default` (codegen/importer/codes.py).

`values` are enforced before sending, so the reading must be exact where it reads a list and must
leave alone anything that is not plainly a closed list (examples, free codes, prose).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from codegen.importer.codes import classify
from tests.importer.conftest import SPEC
from tests.importer.expected_open_codes import NOT_CLOSED, OPEN


@pytest.mark.parametrize(
    ("description", "values"),
    [
        ("00 : 전체, 01 : 상품번호단위", {"00": "전체", "01": "상품번호단위"}),
        ("N(전체), C(체결), Y(미체결)", {"N": "전체", "C": "체결", "Y": "미체결"}),
        ("D:일봉 W:주봉, M:월봉, Y:년봉", {"D": "일봉", "W": "주봉", "M": "월봉", "Y": "년봉"}),
        ("전체(02), 콜(00), 풋(01)", {"02": "전체", "00": "콜", "01": "풋"}),
        ("KRX : J , NXT : NX, 통합 : UN", {"J": "KRX", "NX": "NXT", "UN": "통합"}),
        ("'01 : 정정\n02 : 취소'", {"01": "정정", "02": "취소"}),
        ("'00 전체\n01 체결\n02 미체결'", {"00": "전체", "01": "체결", "02": "미체결"}),
        ("%%:전체 / 01:매도 / 02:매수", {"%%": "전체", "01": "매도", "02": "매수"}),
        (
            "N분전 : 0(1분전), 1(2분전), 2(3분전)",
            {"0": "1분전", "1": "2분전", "2": "3분전"},
        ),
        (
            "11 : IOC지정가 (즉시체결,잔량취소), 00 : 지정가",
            {"11": "IOC지정가 (즉시체결,잔량취소)", "00": "지정가"},
        ),
        ("0: 기본 1:장마감,시간외 제외", {"0": "기본", "1": "장마감, 시간외 제외"}),
        # A blank item passes anyway (blank is never checked against values): left out.
        ("공란 : 전체, 01 : 선물, 02 : 옵션", {"01": "선물", "02": "옵션"}),
        # A note narrowing the list keeps it; the note is not a value.
        (
            '00 : 전체\n01 : 매도\n※ 모의투자계좌의 경우 "00"(전체 조회)만 가능',
            {"00": "전체", "01": "매도"},
        ),
        # Sections ([KRX] / [NXT]) list codes valid for one or the other: their union.
        ("[KRX]\n00 : 지정가\n[NXT]\n21 : 중간가", {"00": "지정가", "21": "중간가"}),
    ],
)
def test_closed_lists_become_values(description: str, values: dict[str, str]) -> None:
    assert classify("X_DVSN_CD", description).values == values


@pytest.mark.parametrize(
    ("name", "description", "why"),
    [
        ("FID_INPUT_ISCD", "0000:전체, 0001:거래소, 1001:코스닥", "free codes"),
        ("FID_INPUT_ISCD_2", "00003(한국투자증권), 00017(KB증권)", "free codes"),
        ("SHT_CD", "공백: 전체, 특정종목 조회시 : 종목코드", "free codes"),
        ("QRY_CNT", "예) 0(처음), 1(다음)", "the list is examples"),
        ("X_CODE", "0:전체, 1:코스피 등", "examples"),
        ("FID_APLY_RANG_VOL", "0: 전체, 100: 100주 이상", "free numbers"),
        ("FID_COND_MRKT_DIV_CODE", "J:KRX, NX:NXT", "no item tells"),
        ("X_CODE", '0 : 없음\n1 : 있음\n※ "9" 입력 시 전부', "a note names a value"),
        ("X_CODE", "[정정]\n01 : 지정가\n02 : 시장가\n[취소]\n01 로 입력", "text that is no code"),
    ],
)
def test_anything_but_a_plain_closed_list_is_left_alone(
    name: str, description: str, why: str
) -> None:
    found = classify(name, description)
    assert found.values == {} and found.default is None
    assert found.reason.startswith(why) or why in found.reason


@pytest.mark.parametrize(
    ("description", "default"),
    [
        ("Unique key(20171)", "20171"),
        ("Uniquekey (16441)", "16441"),
        ("W(Unique key)", "W"),
        ("J 고정 입력", "J"),
        ("시장구분코드 (J: 주식)", "J"),
        ("01 : 기본값", "01"),
    ],
)
def test_a_fixed_value_becomes_the_default_and_restricts_nothing(
    description: str, default: str
) -> None:
    found = classify("FID_COND_SCR_DIV_CODE", description)
    assert found.default == default and found.values == {}


def test_single_codes_and_prose_give_neither() -> None:
    for text in ("0 : 전체", "종목코드 (ex 005930 삼성전자)", "YYYYMMDD", "", "공백"):
        found = classify("X", text)
        assert found.values == {} and found.default is None


def _request_fields() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for file in sorted(SPEC.rglob("*.yaml")):
        if file.name == "_common.yaml":
            continue
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        request = spec.get("request", {})
        rel = str(file.relative_to(SPEC))
        out += [(rel, f) for f in request.get("params", []) + request.get("body", [])]
    return out


def test_code_lists_carry_values_or_a_reviewed_reason() -> None:
    listing: dict[tuple[str, str], bool] = {}
    for rel, field in _request_fields():
        if classify(field["name"], field.get("description", "")).items >= 2:
            listing[(rel, field["name"])] = bool(field.get("values"))
    missing = sorted(k for k, has in listing.items() if not has and k not in OPEN)
    stale = sorted(k for k in OPEN if listing.get(k) is not False)
    assert missing == [], "params listing codes without values: review and add to OPEN"
    assert stale == [], "OPEN entries whose param has values now (or lists no codes): remove"
    closed = [k for k in listing if OPEN.get(k) not in NOT_CLOSED]
    covered = sum(listing[k] for k in closed)
    assert covered / len(closed) >= 0.90, f"{covered}/{len(closed)} closed code lists have values"


def test_values_hold_the_default_and_the_examples_the_samples_send() -> None:
    for rel, field in _request_fields():
        values, default = field.get("values"), field.get("default")
        if values and default is not None:
            assert default in values, (rel, field["name"])
