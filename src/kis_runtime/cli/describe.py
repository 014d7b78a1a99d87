"""`kis describe TR_ID`: what a TR takes and returns, from its Endpoint metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from kis_runtime.catalog import TrInfo
from kis_runtime.cli import table
from kis_runtime.endpoint import Endpoint, FieldInfo, OutputInfo, TrIds

if TYPE_CHECKING:
    from kis_runtime.realtime.record import RealtimeTr


def type_text(field: FieldInfo) -> str:
    if field.digits is None:
        return field.type
    size = f"{field.digits}" if field.scale is None else f"{field.digits},{field.scale}"
    return f"{field.type}({size})"


def _param_lines(field: FieldInfo) -> list[str]:
    facts = [type_text(field), "required" if field.required else "optional"]
    if field.default is not None:
        facts.append(f"default {field.default!r}")
    if field.values:
        facts.append("values " + " | ".join(field.values))
    if field.pattern:
        facts.append(f"pattern {field.pattern}")
    if field.sensitive:
        facts.append("sensitive (masked in logs)")
    if field.known:
        facts.append("known codes (others allowed)")
    lines = [f"  {field.name} ({field.py_name})  {field.title}", "      " + ", ".join(facts)]
    lines += [f"      {code} : {field.meanings.get(code, '')}".rstrip() for code in field.values]
    lines += [f"      {code} : {meaning}".rstrip() for code, meaning in field.known.items()]
    return lines


def _block(title: str, fields: tuple[FieldInfo, ...]) -> list[str]:
    return _fields_table(title, [[f.name, f.title, _reply_type(f)] for f in fields])


def _reply_type(field: FieldInfo) -> str:
    if not field.markers:
        return type_text(field)
    return f"{type_text(field)} or Marker " + ", ".join(
        m.describe() for m in field.markers.values()
    )


def _fields_table(title: str, rows: list[list[str]]) -> list[str]:
    return [title, _indent(table.render(["field", "title", "type"], rows)), ""]


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())


@attrs.frozen
class Described:
    """What `render` reads of an Endpoint, from the generated catalog (no TR module imported)."""

    title: str
    api_id: str | None
    module: str
    method: str
    path: str
    tr_ids: tuple[TrIds, ...]
    pageable: bool
    cursor: Mapping[str, str]
    hashkey: bool
    params: tuple[FieldInfo, ...]
    body_fields: tuple[FieldInfo, ...]
    outputs: tuple[OutputInfo, ...]


def from_catalog(tr: TrInfo) -> Described:
    entry = tr.entry
    return Described(
        title=entry.title,
        api_id=entry.api_id,
        module=entry.module,
        method=entry.method,
        path=entry.path,
        tr_ids=tuple(
            TrIds(real, paper, variant, tr.variants.get(variant or "", ""))
            for real, paper, variant in entry.tr_ids
        ),
        pageable=entry.pageable,
        cursor={p.name: p.cursor for p in tr.params if p.cursor},
        hashkey=tr.hashkey,
        params=tr.params,
        body_fields=tr.body_fields,
        outputs=tr.outputs,
    )


def render(endpoint: Endpoint[Any, Any] | Described) -> str:
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
    kind = "JSON body" if endpoint.method == "POST" else "query"
    lines += ["", f"request parameters ({kind}; NAME=VALUE for `kis call`):"]
    settable = [p for p in endpoint.params if not p.cursor]
    for field in settable:
        lines += _param_lines(field)
    for field in endpoint.params:
        if field.cursor:
            lines.append(f"  {field.name}  {field.title}: filled by the pager from {field.cursor}")
    if not endpoint.params:
        lines.append("  (none)")
    lines.append("")
    if endpoint.body_fields:
        lines += _block("reply body fields:", endpoint.body_fields)
    for output in endpoint.outputs:
        shape = "rows" if output.array else "one object"
        lines += _block(f"reply block {output.name} ({output.title}; {shape}):", output.fields)
    return "\n".join(lines).rstrip() + "\n"


def render_realtime(tr: RealtimeTr) -> str:
    """A realtime TR (kis_runtime.realtime.record.RealtimeTr): ids, tr_key, record fields."""
    lines = [
        f"{tr.title}  [realtime, WebSocket]",
        f"  module   {tr.module}",
        f"  TR id    real {tr.tr_id}, paper {tr.paper_tr_id or 'none (모의투자 미지원)'}",
        f"  tr_key   {tr.tr_key} ({tr.tr_key_title})",
        "  payload  "
        + ("encrypted (AES-256-CBC, key/iv from the acknowledgement)" if tr.encrypted else "plain"),
    ]
    if tr.key:
        lines.append(f"  key      {tr.key} (each record's tr_key: checked)")
    for layout in tr.layouts:
        count = len(tr.layout_fields(layout.name))
        without = f", without {', '.join(layout.omit)}" if layout.omit else ""
        lines.append(f"  layout   {layout.name}: {count} values{without}")
    lines.append("")
    lines += _block("record fields (wire order; values past them are kept in `extra`):", tr.fields)
    return "\n".join(lines).rstrip() + "\n"
