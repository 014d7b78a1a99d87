"""The JSON Schema an agent sees (kis_runtime.schema, from the catalog) against the request class
that checks the same parameters: for every TR, valid examples pass both, and on probe values the
two agree (the one documented difference: KIS counts length in cp949 bytes, JSON Schema in
characters, so a Korean value may pass maxLength and still be refused as too long)."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kis_runtime.catalog import load_catalog
from kis_runtime.errors import InvalidParameterError
from kis_runtime.fields import FieldInfo
from kis_runtime.schema import ArgumentError, arguments, input_schema
from kis_sim.examples import example_value

PROBES = ("", "!", "0", "00", "Y", "-1", "1.5", "20240603", "2024-06-03", "ZZZZZZZZZZZZZZZZZZZZ")


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, dt.time):
        return value.strftime("%H%M%S")
    if isinstance(value, (int, Decimal)):
        return str(value)  # the schema's form: numbers as text
    return value


def example(params: tuple[FieldInfo, ...]) -> dict[str, Any]:
    return {
        p.name: jsonable(example_value(p))
        for p in params
        if not p.cursor and p.required and not p.default
    }


def builds(module: Any, tr_id: str, params: tuple[FieldInfo, ...], given: dict[str, Any]) -> bool:
    try:
        module.ENDPOINT.request_type(**arguments(params, given, tr_id))
    except (InvalidParameterError, ArgumentError):
        return False
    return True


def test_every_tr_schema_holds_the_request_class_rules() -> None:
    disagreements = []
    for tr in load_catalog():
        schema = input_schema(tr.params)
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        module = importlib.import_module(tr.entry.module)
        base = example(tr.params)
        assert validator.is_valid(base), (tr.tr_id, list(validator.iter_errors(base))[:1])
        assert builds(module, tr.tr_id, tr.params, base), tr.tr_id
        for field in tr.settable:
            for probe in PROBES:
                given = {**base, field.name: probe}
                by_schema = validator.is_valid(given)
                by_class = builds(module, tr.tr_id, tr.params, given)
                if by_schema != by_class:
                    disagreements.append((tr.tr_id, field.name, probe, by_schema, by_class))
    assert disagreements == []


def test_schema_shape() -> None:
    tr = load_catalog().get("TTTC8434R")
    schema = input_schema(tr.params)
    cano = schema["properties"]["CANO"]
    assert cano["pattern"] == "^(?:[0-9]{8})$" and cano["maxLength"] == 8
    assert "sensitive" in cano["description"]
    assert "CTX_AREA_FK100" not in schema["properties"]  # the pager's
    assert schema["additionalProperties"] is False
    qty = input_schema(load_catalog().get("TTTC0012U").params)["properties"]["ORD_QTY"]
    assert qty["type"] == "string" and qty["pattern"] == "^(?=(?:-?[0-9]+)$)(?=(?:[0-9]+)$)"
    assert "a whole number as text" in qty["description"]


@pytest.mark.parametrize("value", [1.5, True, None, [1]])
def test_json_types_that_are_not_values(value: Any) -> None:
    tr = load_catalog().get("TTTC0012U")
    with pytest.raises(ArgumentError, match="ORD_UNPR"):
        arguments(tr.params, {"ORD_UNPR": value}, tr.tr_id)
