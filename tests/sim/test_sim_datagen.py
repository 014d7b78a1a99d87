"""Generated values obey their field's spec; patterns produce matching strings."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from kis_runtime.endpoint import FieldInfo
from kis_sim.datagen import field_value
from kis_sim.regex_sample import UnsupportedPattern, sample


@pytest.mark.parametrize(
    "pattern",
    ["[0-9]{8}", "(KRX|NXT|SOR)", "Q?[0-9]{6}", r"[A-Z]{2}\d{3}", "(?:01|02)[0-9]{2,4}", "a+b*"],
)
def test_pattern_samples_match(pattern: str) -> None:
    rng = random.Random(0)
    values = {sample(pattern, rng) for _ in range(30)}
    assert all(re.fullmatch(pattern, v) for v in values)


def test_unsupported_pattern_fails_loudly() -> None:
    with pytest.raises(UnsupportedPattern):
        sample("[^0-9]", random.Random(0))


@pytest.mark.parametrize(
    "field",
    [
        FieldInfo(name="hldg_qty", py_name="hldg_qty", title="", type="int", digits=3),
        FieldInfo(name="pchs_avg_pric", py_name="p", title="", type="Decimal", digits=18, scale=4),
        FieldInfo(name="evlu_erng_rt", py_name="e", title="", type="Decimal", digits=23, scale=8),
        FieldInfo(name="amt", py_name="a", title="", type="Decimal", digits=5),
        FieldInfo(name="ord_dt", py_name="d", title="", type="date", digits=8),
        FieldInfo(name="ord_tmd", py_name="t", title="", type="time", digits=6),
        FieldInfo(name="prdt_name", py_name="n", title="", digits=7),
        FieldInfo(name="sll_buy_dvsn_cd", py_name="s", title="", digits=2, values=("01", "02")),
    ],
    ids=lambda f: f.name,
)
def test_values_fit_the_field(field: FieldInfo) -> None:
    rng = random.Random(1)
    for _ in range(50):
        value = field_value(field, rng, {})
        if field.type == "int":
            assert 0 <= int(value) < 10 ** (field.digits or 0)
        elif field.type == "Decimal":
            whole, _, fraction = value.lstrip("-").partition(".")
            assert len(fraction) == (field.scale or 0)
            assert len(whole) <= (field.digits or 0) - (field.scale or 0)
        elif field.type == "date":
            dt.datetime.strptime(value, "%Y%m%d")
        elif field.type == "time":
            dt.datetime.strptime(value, "%H%M%S")
        else:
            assert 0 < len(value.encode("cp949")) <= (field.digits or 0)
            assert not field.values or value in field.values
