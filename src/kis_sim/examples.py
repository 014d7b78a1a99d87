"""A valid request for any TR, built from its spec alone (defaults, allowed values, patterns).

Used by the every-TR test and handy for trying a TR against the simulator:
`client.call(endpoint, example_request(endpoint))`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kis_runtime.endpoint import Endpoint, FieldInfo
from kis_sim.regex_sample import sample

EXAMPLE_DATE = dt.date(2024, 6, 3)
EXAMPLE_TIME = dt.time(10, 0, 0)


def example_value(field: FieldInfo) -> Any:
    """A value the request class accepts for `field`, typed as its attribute expects."""
    # A str seed is hashed with sha512, not hash(): the same value in every run.
    rng = random.Random(field.name)  # noqa: S311 - reproducible, not secret
    if field.type == "date":
        return EXAMPLE_DATE
    if field.type == "time":
        return EXAMPLE_TIME
    if field.default:
        text = field.default
    elif field.values:
        text = field.values[0]
    elif field.pattern:
        text = sample(field.pattern, rng)
    elif field.type in ("int", "Decimal"):
        text = "1"
    else:
        text = "0" * min(field.digits or 1, 1)
    if field.type == "int":
        return int(text)
    if field.type == "Decimal":
        return Decimal(text)
    return text


def example_request(
    endpoint: Endpoint[Any, Any], overrides: Mapping[str, Any] | None = None
) -> Any:
    """The TR's request object with every required field filled (continuation keys excluded:
    the client fills those). `overrides` maps Python names to values to use instead."""
    values: dict[str, Any] = {}
    for field in endpoint.params:
        if field.cursor or not (field.required or field.default is not None):
            continue
        values[field.py_name] = example_value(field)
    values.update(overrides or {})
    return endpoint.request_type(**values)
