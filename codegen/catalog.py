"""The TR catalog (`kis/catalog.json`): what listing, describing and schema-building need of every
TR, read by `kis_runtime.catalog` without importing any TR module (the MCP server, `kis describe`).

One JSON object a line, in registry order; a field is a sparse object (keys only where the
declaration says something), so the file stays small. Every value here is what the TR module's
`param()` / `field()` declaration says: `tests/test_catalog.py` holds the two to each other.
"""

from __future__ import annotations

import json
from typing import Any

from codegen import naming
from codegen.loader import LoadedSpec
from codegen.model import Field, FieldType, Output


def _param(field: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"name": field.name, "title": field.title}
    py = naming.py_name(field.name)
    if py != field.name.lower():  # a keyword: `py` is the attribute's name
        out["py"] = py
    if field.type is not FieldType.STR:
        out["type"] = field.type.value
    if field.required:
        out["required"] = True
    if field.length is not None:
        out["length"] = str(field.length)
    if field.default:  # as FieldInfo.default: an empty default is no default
        out["default"] = field.default
    if field.pattern:
        out["pattern"] = field.pattern
    if field.values:
        out["values"] = dict(field.values)
    if field.known_values:
        out["known"] = dict(field.known_values)
    if field.sensitive:
        out["sensitive"] = True
    if field.cursor:
        out["cursor"] = field.cursor
    return out


def _reply_field(field: Field) -> list[Any]:
    """[name, title, type] (+ length, + markers): thousands of these, so a list, not an object."""
    item: list[Any] = [field.name, field.title, field.type.value]
    if field.length is not None or field.markers:
        item.append(None if field.length is None else str(field.length))
    if field.markers:
        item.append(dict(field.markers))
    return item


def _output(output: Output) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": output.name,
        "title": output.title,
        "array": output.shape.value == "array",
        "fields": [_reply_field(f) for f in output.fields],
    }
    if output.optional:
        out["optional"] = output.optional
    return out


def entry(item: LoadedSpec) -> str:
    spec = item.spec
    data: dict[str, Any] = {"module": f"kis.{item.module}"}
    labels = [[ids.variant, ids.label] for ids in spec.tr_ids if ids.variant]
    if labels:
        data["variants"] = labels
    if spec.hashkey:
        data["hashkey"] = True
    data["params"] = [_param(f) for f in spec.request.params + spec.request.body]
    if spec.response.body:
        data["body"] = [_reply_field(f) for f in spec.response.body]
    data["outputs"] = [_output(o) for o in spec.response.outputs]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
