"""The simulator's replies on the wire, read with raw httpx: the shapes real KIS replies have
(tests/data/kis-replies)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, FAULT_HEADER, SimConfig, Simulator

PATH = bal.ENDPOINT.path
PARAMS = {
    "CANO": "12345678",
    "ACNT_PRDT_CD": "29",
    "ACCA_DVSN_CD": "00",
    "INQR_DVSN": "00",
    "CTX_AREA_FK100": "",
    "CTX_AREA_NK100": "",
}


def token(sim: Simulator) -> str:
    body = {
        "grant_type": "client_credentials",
        "appkey": DEMO_APP_KEY,
        "appsecret": DEMO_APP_SECRET,
    }
    reply = httpx.post(sim.url + "/oauth2/tokenP", json=body)
    assert reply.status_code == 200
    value: str = reply.json()["access_token"]
    return value


def headers(access_token: str, tr_id: str = "TTTC2208R", **extra: str) -> dict[str, str]:
    return {
        "content-type": "application/json; charset=utf-8",
        "authorization": f"Bearer {access_token}",
        "appkey": DEMO_APP_KEY,
        "appsecret": DEMO_APP_SECRET,
        "tr_id": tr_id,
        "custtype": "P",
        **extra,
    }


def get(
    sim: Simulator, access_token: str, params: dict[str, str] = PARAMS, **h: str
) -> httpx.Response:
    return httpx.get(sim.url + PATH, params=params, headers=headers(access_token, **h))


def test_token_reply_shape(sim: Simulator) -> None:
    body = {
        "grant_type": "client_credentials",
        "appkey": DEMO_APP_KEY,
        "appsecret": DEMO_APP_SECRET,
    }
    reply = httpx.post(sim.url + "/oauth2/tokenP", json=body)
    data = reply.json()
    assert list(data) == ["access_token", "access_token_token_expired", "token_type", "expires_in"]
    assert data["token_type"] == "Bearer"
    assert data["expires_in"] == 86400 and isinstance(data["expires_in"], int)
    assert len(data["access_token_token_expired"]) == len("2023-12-22 08:16:59")
    # 1 per minute per app key: the real EGW00133 shape, HTTP 403.
    again = httpx.post(sim.url + "/oauth2/tokenP", json=body)
    assert again.status_code == 403
    assert again.json() == {
        "error_description": "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)",
        "error_code": "EGW00133",
    }


def test_success_reply_shape(sim: Simulator) -> None:
    reply = get(sim, token(sim))
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/json; charset=utf-8"
    assert reply.headers["tr_id"] == "TTTC2208R"
    assert reply.headers["tr_cont"] == "F"
    assert len(reply.headers["gt_uid"]) == 32
    data = reply.json()
    assert list(data) == [
        "ctx_area_fk100",
        "ctx_area_nk100",
        "output1",
        "output2",
        "rt_cd",
        "msg_cd",
        "msg1",
    ]
    assert (data["rt_cd"], data["msg_cd"]) == ("0", "KIOK0510")
    assert len(data["msg1"].encode("cp949")) == 80
    assert data["msg1"].rstrip() == "조회가 완료되었습니다"
    assert len(data["ctx_area_fk100"]) == len(data["ctx_area_nk100"]) == 100
    assert isinstance(data["output2"], dict)
    assert all(isinstance(v, str) for row in data["output1"] for v in row.values())


def test_values_are_typed_and_fit_their_length(sim: Simulator) -> None:
    data = get(sim, token(sim)).json()
    fields = {f.name: f for o in bal.ENDPOINT.outputs for f in o.fields}
    for row in [*data["output1"], data["output2"]]:
        for name, value in row.items():
            field = fields[name]
            if field.type == "int":
                int(value)
            if field.scale:
                assert len(value.split(".")[1]) == field.scale, (name, value)
            if field.type == "str":
                assert len(value.encode("cp949")) <= (field.digits or 99), (name, value)
    assert data["output1"][0]["pchs_avg_pric"].count(".") == 1


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("unknown", 500, "EGW00121"),
        ("bearer-missing", 500, "EGW00121"),
        ("expired", 500, "EGW00123"),
    ],
)
def test_gateway_token_errors(
    sim: Simulator, clock: Any, case: str, status: int, code: str
) -> None:
    access_token = token(sim)
    if case == "unknown":
        access_token = "not-a-token"
    reply_headers = headers(access_token)
    if case == "bearer-missing":
        reply_headers["authorization"] = access_token
    if case == "expired":
        clock.advance(86400)
    reply = httpx.get(sim.url + PATH, params=PARAMS, headers=reply_headers)
    assert reply.status_code == status
    data = reply.json()
    assert (data["rt_cd"], data["msg_cd"]) == ("1", code)
    assert len(data["msg1"].encode("cp949")) == 80


def test_bad_app_credentials_on_a_tr(sim: Simulator) -> None:
    access_token = token(sim)
    reply = httpx.get(
        sim.url + PATH, params=PARAMS, headers={**headers(access_token), "appsecret": "x"}
    )
    assert (reply.status_code, reply.json()["msg_cd"]) == (500, "EGW00105")
    reply = httpx.get(
        sim.url + PATH, params=PARAMS, headers={**headers(access_token), "appkey": "x"}
    )
    assert (reply.status_code, reply.json()["msg_cd"]) == (500, "EGW00103")


@pytest.mark.parametrize(
    ("params", "rt_cd", "msg_cd", "field"),
    [
        ({k: v for k, v in PARAMS.items() if k != "INQR_DVSN"}, "2", "OPSQ2001", "INQR_DVSN"),
        ({**PARAMS, "CANO": ""}, "2", "OPSQ2001", "CANO"),
        ({**PARAMS, "CANO": "123456789"}, "2", "OPSQ2002", "CANO"),
        ({**PARAMS, "CANO": "1234567a"}, "2", "OPSQ2000", "CANO"),
        ({**PARAMS, "INQR_DVSN": "01"}, "2", "OPSQ2000", "INQR_DVSN"),
        (
            {k: v for k, v in PARAMS.items() if k != "CTX_AREA_NK100"},
            "2",
            "OPSQ2001",
            "CTX_AREA_NK100",
        ),
    ],
)
def test_param_errors(
    sim: Simulator, params: dict[str, str], rt_cd: str, msg_cd: str, field: str
) -> None:
    reply = get(sim, token(sim), params)
    assert reply.status_code == 200
    data = reply.json()
    assert (data["rt_cd"], data["msg_cd"]) == (rt_cd, msg_cd)
    assert f"[{field}]" in data["msg1"]
    assert "12345678" not in data["msg1"]


def test_wrong_tr_id_method_and_path(sim: Simulator) -> None:
    access_token = token(sim)
    assert get(sim, access_token, tr_id="TTTC8434R").json()["msg_cd"] == "OPSQ0002"
    assert get(sim, access_token, tr_id="").json()["msg_cd"] == "OPSQ0002"
    post = httpx.post(sim.url + PATH, json=PARAMS, headers=headers(access_token))
    assert post.status_code == 405 and post.json()["rt_cd"] == "1"
    assert httpx.get(sim.url + "/uapi/nowhere", headers=headers(access_token)).status_code == 404


def test_paper_simulator_refuses_a_tr_without_paper_id(clock: Any) -> None:
    with Simulator(SimConfig(environment="paper"), clock=clock) as paper:
        data = get(paper, token(paper)).json()
    assert (data["rt_cd"], data["msg_cd"]) == ("1", "90000000")
    assert "모의투자" in data["msg1"]


def test_fault_header_per_request(sim: Simulator) -> None:
    access_token = token(sim)
    limited = get(sim, access_token, **{FAULT_HEADER: "rate_limit"})
    assert limited.status_code == 500
    assert limited.json() == {
        "rt_cd": "1",
        "msg_cd": "EGW00201",
        "msg1": "초당 거래건수를 초과하였습니다.".ljust(80 - 14),  # 14 Korean chars: 2 bytes each
    }
    assert get(sim, access_token).status_code == 200
    bad_gateway = get(sim, access_token, **{FAULT_HEADER: "server_error:502"})
    assert bad_gateway.status_code == 502
    with pytest.raises(ValueError):
        bad_gateway.json()


def test_hashkey_and_revoke(sim: Simulator) -> None:
    body = json.dumps({"CANO": "12345678", "ORD_QTY": "1"}).encode()
    app = {"appkey": DEMO_APP_KEY, "appsecret": DEMO_APP_SECRET}
    reply = httpx.post(sim.url + "/uapi/hashkey", content=body, headers=app)
    assert reply.json() == {
        "JsonBody": {"CANO": "12345678", "ORD_QTY": "1"},
        "HASH": hashlib.sha256(body).hexdigest(),
    }
    access_token = token(sim)
    revoke = {"appkey": DEMO_APP_KEY, "appsecret": DEMO_APP_SECRET, "token": access_token}
    assert httpx.post(sim.url + "/oauth2/revokeP", json=revoke).status_code == 200
    assert get(sim, access_token).json()["msg_cd"] == "EGW00121"
    assert httpx.post(sim.url + "/oauth2/revokeP", json=revoke).status_code == 403


def test_records_and_logs_never_show_secrets(sim: Simulator, caplog: Any) -> None:
    caplog.set_level("DEBUG", logger="kis_sim")
    access_token = token(sim)
    get(sim, access_token)
    assert caplog.records
    text = caplog.text + repr(sim.records)
    for secret in (DEMO_APP_SECRET, DEMO_APP_KEY, access_token, "12345678"):
        assert secret not in text


@pytest.mark.parametrize(
    ("appkey", "appsecret", "code", "says"),
    [
        ("wrong-key", DEMO_APP_SECRET, "EGW00103", "AppKey"),
        (DEMO_APP_KEY, "wrong-secret", "EGW00105", "AppSecret"),
    ],
)
def test_the_token_endpoint_names_which_credential_is_wrong(
    sim: Simulator, appkey: str, appsecret: str, code: str, says: str
) -> None:
    body = {"grant_type": "client_credentials", "appkey": appkey, "appsecret": appsecret}
    for path in ("/oauth2/tokenP", "/oauth2/revokeP"):
        reply = httpx.post(sim.url + path, json={**body, "token": "x"})
        assert reply.status_code == 403
        assert reply.json()["error_code"] == code and says in reply.json()["error_description"]
