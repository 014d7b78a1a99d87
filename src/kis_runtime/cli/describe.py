"""`kis describe TR_ID`: what a TR takes and returns, from its Endpoint metadata."""

from __future__ import annotations

import re
from typing import Any

from kis_runtime.cli import table
from kis_runtime.cli.fieldtext import attribute_docs
from kis_runtime.endpoint import Endpoint, FieldInfo, OutputInfo


def type_text(field: FieldInfo) -> str:
    if field.digits is None:
        return field.type
    size = f"{field.digits}" if field.scale is None else f"{field.digits},{field.scale}"
    return f"{field.type}({size})"


def _note(doc: str, field: FieldInfo) -> str:
    """The docstring without its leading `title (NAME)`: description, meanings, [spec: …].

    Line breaks are kept (one allowed value and its meaning a line, as the doc writes them).
    """
    lines = [line.strip() for line in doc.strip().splitlines() if line.strip()]
    head = f"{field.title} ({field.name})"
    if lines and lines[0].startswith(head):
        lines[0] = lines[0][len(head) :].lstrip(": ").strip()
    return "\n      ".join(line for line in lines if line)


def _param_lines(field: FieldInfo, doc: str) -> list[str]:
    facts = [type_text(field), "required" if field.required else "optional"]
    if field.default is not None:
        facts.append(f"default {field.default!r}")
    if field.values:
        facts.append("values " + " | ".join(field.values))
    if field.pattern:
        facts.append(f"pattern {field.pattern}")
    if field.sensitive:
        facts.append("sensitive (masked in logs)")
    lines = [f"  {field.name} ({field.py_name})  {field.title}", "      " + ", ".join(facts)]
    note = _note(doc, field)
    if note:
        lines.append("      " + note)
    return lines


def _block(title: str, fields: tuple[FieldInfo, ...], docs: dict[str, str]) -> list[str]:
    rows = [[f.name, f.title, type_text(f), _spec_note(docs.get(f.py_name, ""))] for f in fields]
    header = ["field", "title", "type", "note"]
    if not any(row[3] for row in rows):
        header, rows = header[:3], [row[:3] for row in rows]
    return [title, _indent(table.render(header, rows)), ""]


def _spec_note(doc: str) -> str:
    match = re.search(r"\[spec: (.*)\]", " ".join(doc.split()))
    return f"[spec: {match.group(1)}]" if match else ""


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())


def _output_class(endpoint: Endpoint[Any, Any], output: OutputInfo) -> type[Any] | None:
    """The row class of a block, from the response class's annotations (for its docstrings)."""
    import typing

    hints = typing.get_type_hints(endpoint.response_type)
    hint = hints.get(output.py_name)
    for candidate in (hint, *typing.get_args(hint)):
        if isinstance(candidate, type) and candidate.__module__ == endpoint.module:
            return candidate
    return None


def render(endpoint: Endpoint[Any, Any]) -> str:
    ids = []
    for trs in endpoint.tr_ids:
        label = f" [{trs.variant}{': ' + trs.label if trs.label else ''}]" if trs.variant else ""
        paper = trs.paper or "none (모의투자 미지원)"
        ids.append(f"real {trs.real}, paper {paper}{label}")
    api_id = f"  [{endpoint.api_id}]" if endpoint.api_id else ""
    lines = [
        f"{endpoint.title}{api_id}",
        f"  module   {endpoint.module}",
        f"  request  {endpoint.method} {endpoint.path}",
    ]
    lines += [f"  TR id    {text}" for text in ids]
    if endpoint.pageable:
        cursor = ", ".join(f"{p} <- {f}" for p, f in endpoint.cursor.items())
        lines.append("  paging   yes: tr_cont" + (f"; cursor {cursor}" if cursor else ""))
    else:
        lines.append("  paging   no")
    if endpoint.hashkey:
        lines.append("  hashkey  the body is signed (POST /uapi/hashkey)")
    docs = attribute_docs(endpoint.request_type)
    kind = "JSON body" if endpoint.method == "POST" else "query"
    lines += ["", f"request parameters ({kind}; NAME=VALUE for `kis call`):"]
    settable = [p for p in endpoint.params if not p.cursor]
    for field in settable:
        lines += _param_lines(field, docs.get(field.py_name, ""))
    for field in endpoint.params:
        if field.cursor:
            lines.append(f"  {field.name}  {field.title}: filled by the pager from {field.cursor}")
    if not endpoint.params:
        lines.append("  (none)")
    lines.append("")
    response_docs = attribute_docs(endpoint.response_type)
    if endpoint.body_fields:
        lines += _block("reply body fields:", endpoint.body_fields, response_docs)
    for output in endpoint.outputs:
        shape = "rows" if output.array else "one object"
        cls = _output_class(endpoint, output)
        docs = attribute_docs(cls) if cls is not None else {}
        lines += _block(
            f"reply block {output.name} ({output.title}; {shape}):", output.fields, docs
        )
    return "\n".join(lines).rstrip() + "\n"
