"""Tiny inline doc pages in the KIS format, built from parts, for the importer's quirk tests."""

from __future__ import annotations

CAPTION = (
    "**주식주문(현금[V1_국내주식-001]) 정보** **Element, 한글명, Type, Rquired, Length, "
    "Description** Element | 한글명 | Type | Required | Length | Description\n---|---|---|---|---|---\n"
)
REQUEST_HEADERS = """content-type | 컨텐츠타입 | String | Y | 40 | application/json; charset=utf-8
authorization | 접근토큰 | String | Y | 350 | OAuth 토큰
appkey | 앱키 | String | Y | 36 | appkey
appsecret | 앱시크릿키 | String | Y | 180 | appsecret
personalseckey | 고객식별키 | String | N | 180 | [법인 필수]
tr_id | 거래ID | String | Y | 13 | {tr_id}
tr_cont | 연속 거래 여부 | String | N | 1 | {tr_cont}
custtype | 고객 타입 | String | Y | 1 | B : 법인
P : 개인
seq_no | 일련번호 | String | N | 2 | [법인 필수] 001
mac_address | 맥주소 | String | N | 12 | Mac address
phone_number | 핸드폰번호 | String | N | 12 | 핸드폰번호
ip_addr | 접속 단말 공인 IP | String | N | 12 | IP Address
gt_uid | Global UID | String | N | 32 | 거래고유번호
"""
RESPONSE_HEADERS = """content-type | 컨텐츠타입 | String | Y | 40 | application/json; charset=utf-8
tr_id | 거래ID | String | Y | 13 | 요청한 tr_id
tr_cont | 연속 거래 여부 | String | N | 1 | F or M : 다음 데이터 있음
gt_uid | Global UID | String | N | 32 | [법인 전용]
"""
ENVELOPE = """rt_cd | 성공 실패 여부 | String | Y | 1 |
msg_cd | 응답코드 | String | Y | 8 |
msg1 | 응답메세지 | String | Y | 80 |
"""


def page(
    *,
    request: str = "FID_INPUT_ISCD | 종목코드 | String | Y | 6 | 종목코드  \n",
    response: str = "",
    method: str = "GET",
    path: str = "/uapi/domestic-stock/v1/quotations/test-page",
    real: str = "FHKST00000000",
    paper: str = "모의투자 미지원",
    tr_id_row: str = "FHKST00000000",
    tr_cont: str = "tr_cont를 이용한 다음조회 불가 API",
    example: str = "",
    overview: str = "테스트용 페이지입니다.",
) -> str:
    """A page like docs/kis-pages/*.md; `request` and `response` are the Body/Query table rows."""
    section = "### Query Parameter" if method == "GET" else "### Body"
    headers = REQUEST_HEADERS.replace("{tr_id}", tr_id_row).replace("{tr_cont}", tr_cont)
    text = f"""# 테스트 페이지

> API 경로: `{path}`

---

# REST테스트 페이지[v1_국내주식-999]

**테스트 페이지 정보** **Method, URL, 실전 Domain, 모의 Domain, Format, Content-Type** Method | {method} | URL | {path}
---|---|---|---
실전 Domain  | https://openapi.koreainvestment.com:9443 | 모의 Domain | 모의투자 미지원
실전 TR ID  | {real} | 모의 TR ID | {paper}
Format |  | Content-Type |

## 개요


    {overview}

## 요청

### Header

{CAPTION}{headers}
{section}

{CAPTION}{request}
## 응답

### Header

{CAPTION}{RESPONSE_HEADERS}
### Body

{CAPTION}{ENVELOPE}{response}
## 예시
{example}
"""
    # The crawled pages end table lines with two spaces (markdown line breaks).
    return "\n".join(line + "  " if "|" in line else line for line in text.split("\n"))
