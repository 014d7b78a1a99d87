"""Every spec'd TR called through the generated binding against an httpx.MockTransport whose
replies are built from the TR's own Endpoint metadata: rt_cd "0" and, for each output block, one
row of plausible values of each field's type. The typed parse must give those values back."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen.loader import load_specs
from codegen.model import Kind
from kis import registry
from kis_runtime import Client
from kis_runtime.endpoint import Endpoint, FieldInfo
from kis_runtime.registry import Entry

WIRE = {"str": "A1", "int": "12", "Decimal": "-1.25", "date": "20240102", "time": "093000"}
TYPED: dict[str, Any] = {
    "str": "A1",
    "int": 12,
    "Decimal": Decimal("-1.25"),
    "date": dt.date(2024, 1, 2),
    "time": dt.time(9, 30),
}
ENTRIES = registry.REGISTRY.entries
AUTH_MODULES = ("kis.auth.token_p", "kis.auth.revoke_p", "kis.auth.approval", "kis.auth.hashkey")


def reply_body(endpoint: Endpoint[Any, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"rt_cd": "0", "msg_cd": "MCA00000", "msg1": "정상처리 되었습니다."}
    body.update({f.key: WIRE[f.type] for f in endpoint.body_fields})
    for block in endpoint.outputs:
        row = {f.key: WIRE[f.type] for f in block.fields}
        body[block.name] = [row] if block.array else row
    return body


def request_value(param: FieldInfo) -> Any:
    """A value the request's own validation accepts."""
    if param.values:
        return param.values[0]
    if param.type == "str":
        return "1" * min(param.digits or 1, 8)
    return {"int": 1, "Decimal": Decimal(1), "date": dt.date(2024, 1, 2), "time": dt.time(9)}[
        param.type
    ]


def assert_typed(obj: Any, fields: tuple[FieldInfo, ...]) -> None:
    for field in fields:
        assert getattr(obj, field.py_name) == TYPED[field.type], field.name


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.module.removeprefix("kis.") for e in ENTRIES])
def test_tr_call_parses_a_reply_built_from_its_spec(entry: Entry) -> None:
    module = importlib.import_module(entry.module)
    endpoint: Endpoint[Any, Any] = module.ENDPOINT
    variant = endpoint.tr_ids[-1].variant  # the last: a variant other than the default one
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/tokenP":
            return httpx.Response(200, json={"access_token": "token", "expires_in": 86400})
        sent.append(request)
        return httpx.Response(200, json=reply_body(endpoint), headers={"tr_cont": "D"})

    params = {
        p.py_name: request_value(p)
        for p in endpoint.params
        if p.required and not p.default and not p.cursor
    }
    with Client("key", "secret", transport=httpx.MockTransport(handler)) as client:
        request = endpoint.request_type(**params)
        kwargs = {"variant": variant} if len(endpoint.tr_ids) > 1 else {}
        response = module.fetch(client, request, **kwargs)

    (wire,) = sent
    assert (wire.method, wire.url.path) == (entry.method, entry.path)
    assert wire.headers["tr_id"] == endpoint.tr_ids[-1].real
    sent_params = dict(wire.url.params) if entry.method == "GET" else json.loads(wire.content)
    assert {p.name for p in endpoint.params} <= set(sent_params)
    assert isinstance(response, endpoint.response_type)
    assert response.rt_cd == "0"
    assert_typed(response, endpoint.body_fields)
    for block in endpoint.outputs:
        value = getattr(response, block.py_name)
        assert_typed(value[0] if block.array else value, block.fields)


@pytest.mark.parametrize("module_name", AUTH_MODULES)
def test_auth_endpoint_types_parse_a_reply(module_name: str) -> None:
    endpoint: Endpoint[Any, Any] = importlib.import_module(module_name).ENDPOINT
    assert endpoint.tr_ids == ()
    assert all(entry.path != endpoint.path for entry in ENTRIES)  # not in the TR registry
    reply = {f.name: WIRE[f.type] for f in endpoint.body_fields}
    parsed = endpoint.parser.parse(endpoint.path, reply)
    assert_typed(parsed, endpoint.body_fields)


def test_registry_covers_every_tr_spec() -> None:
    specs = load_specs(Path("spec")).specs
    trs = {f"kis.{item.module}" for item in specs if item.spec.kind is Kind.TR}
    assert trs and {entry.module for entry in ENTRIES} == trs
