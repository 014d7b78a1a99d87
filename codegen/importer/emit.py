"""The spec dict -> YAML text in the style of the hand-written specs, byte for byte deterministic.

Field rows are flow mappings on one line where they fit; strings are quoted only where YAML would
read them as something else ("00", "Y", "18.4") or where flow syntax needs it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

_FLOW_WIDTH = 120
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")
_UNSAFE = re.compile(r": |:$| #|[,\[\]{}\t\r\n\\]")
# Keys whose value the importer never writes in flow style (lists, maps).
_NESTED = ("fields",)


class EmitError(Exception):
    """The emitted text does not read back as the spec (an emitter bug; nothing is written)."""


def scalar(value: Any) -> str:
    """One scalar as YAML: plain where that reads back identically, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (
        text
        and text == text.strip()
        and text[0] not in _UNSAFE_START
        and not _UNSAFE.search(text)
        and yaml.safe_load(text) == text
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return (
        not lines[0].startswith(" ")
        and all(line == line.rstrip() for line in lines)
        and not any(c in text for c in "\t\r\x85\u2028\u2029\ufeff")
    )


def _value(key: str, value: Any, indent: str) -> list[str]:
    """`key: value` lines at `indent`; multi-line strings as literal blocks."""
    if isinstance(value, str) and "\n" in value and _literal_ok(value):
        body = [f"{indent}  {line}" if line else "" for line in value.split("\n")]
        return [f"{indent}{key}: |-", *body]
    if isinstance(value, dict):
        return [f"{indent}{key}: {_flow(value)}"]
    if _scalar_list(value):
        return [f"{indent}{key}: {_flow_list(value)}"]
    return [f"{indent}{key}: {scalar(value)}"]


def _scalar_list(value: Any) -> bool:
    """A list of scalars (null_values): written in flow style, `[a, b]`."""
    return isinstance(value, list) and not any(isinstance(v, (list, dict)) for v in value)


def _flow_list(values: list[Any]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def _flow(mapping: dict[str, Any]) -> str:
    items = ", ".join(
        f"{scalar(k)}: "
        + (_flow(v) if isinstance(v, dict) else _flow_list(v) if _scalar_list(v) else scalar(v))
        for k, v in mapping.items()
    )
    return "{" + items + "}"


def _item(mapping: dict[str, Any], indent: str) -> list[str]:
    """One list item: a flow mapping if it fits on a line, else a block mapping."""
    simple = not any(
        (isinstance(v, (list, dict)) and not _scalar_list(v)) or "\n" in str(v)
        for v in mapping.values()
    )
    flow = f"{indent}- {_flow(mapping)}"
    if simple and len(flow) <= _FLOW_WIDTH:
        return [flow]
    lines: list[str] = []
    for i, (key, value) in enumerate(mapping.items()):
        lead = f"{indent}- " if i == 0 else f"{indent}  "
        if isinstance(value, list) and not (value and _scalar_list(value)):
            lines.append(f"{lead}{key}:" + ("" if value else " []"))
            for sub in value:
                lines += _item(sub, indent + "    ")
        else:
            first, *rest = _value(key, value, indent + "  ")
            lines += [lead + first[len(indent) + 2 :], *rest]
    return lines


def field_lines(mapping: dict[str, Any], indent: str) -> list[str]:
    """One list item (a field) as the importer writes it: what `absorb` appends to a spec."""
    return _item(mapping, indent)


def _section(key: str, value: dict[str, list[dict[str, Any]]]) -> list[str]:
    lines = [f"{key}:"]
    for sub, items in value.items():
        lines.append(f"  {sub}:")
        for item in items:
            lines += _item(item, "    ")
    return lines


def emit(spec: dict[str, Any], banner: str) -> str:
    lines = [f"# {banner}"]
    for key, value in spec.items():
        if key in ("request", "response"):
            lines += ["", *_section(key, value)]
        elif key in ("fields", "layouts"):  # realtime specs: the record's fields, its layouts
            lines.append(f"{key}:")
            for item in value:
                lines += _item(item, "  ")
        elif key == "tr_key":
            lines.append("tr_key:")
            for sub, sub_value in value.items():
                lines += _value(sub, sub_value, "  ")
        elif key == "tr_ids" and isinstance(value, dict):
            lines.append(f"tr_ids: {_flow(value)}")
        elif key == "tr_ids":
            lines.append("tr_ids:")
            for item in value:
                lines += _item(item, "  ")
        else:
            lines += _value(key, value, "")
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != spec:
        raise EmitError(f"emitted YAML does not read back as the spec: {spec.get('path')}")
    return text
