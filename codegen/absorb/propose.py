"""What the recordings say the specs lack: a field per unknown reply key or realtime value past
a record's fields, and reports of values a typed field could not read.

Rules (README "When KIS adds a field"):
- REST: a reply key that no field of its block names (nor an alias) becomes a field appended to
  that block; a top-level scalar key goes to `response.body`. Only replies with rt_cd 0 count.
  Its title comes from a field of the same name in another spec, else it is the name itself
  (review it). Its type is what the name says by the importer's rules (or the other spec's type),
  kept only if every value seen reads as it; else `str`. A key the sensitivity table names is
  marked `sensitive` (its values were masked in the recording anyway).
- A key that looks like another spelling of a block field that no recorded row carries
  (`cncl_cfrm_qty` beside the doc's `cnc_cfrm_qty`) is added with that field's title and type, and
  reported: both names are kept (each typed value under the name KIS sent); when every reply
  agrees, rename the doc's field by a correction (codegen/importer/corrections.py) instead.
- Realtime: KIS sends values without names. A value at position p past the spec's fields takes the
  name, title and type of position p of a sibling spec (a realtime spec whose fields begin with all
  of this spec's fields, in order), when every sibling that has position p names it alike; else a
  placeholder `UNNAMED_<p>` (1-based) whose doc_fix asks for review. A placeholder's type comes
  from its values alone: Decimal when all are numbers and one has a fraction, int when all are
  whole and one has 3 or more digits (a one-digit value may be a code), else str.
- Every absorbed field carries `doc_fix: "seen in N live replies|records, first YYYY-MM-DD…"`.
  Fields already in a spec are never changed: absorbing the same recordings twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

import attrs

from codegen.absorb.recordings import Frame, Recordings, Reply
from codegen.absorb.specs import SpecFile, SpecTree
from codegen.importer.infer import infer_type
from kis_runtime.parse import PARSERS
from kis_runtime.realtime.record import NULLS
from kis_runtime.recording import MASK
from kis_runtime.reply import kis_code
from kis_runtime.sensitivity import sensitivity

ENVELOPE = frozenset({"rt_cd", "msg_cd", "msg1"})
_WHOLE = re.compile(r"-?[0-9]+")
_FRACTION = re.compile(r"-?[0-9]*\.[0-9]+")
_EXAMPLES = 3  # bad values quoted per field


@attrs.define
class Addition:
    spec: SpecFile
    label: str  # the block's name, "body" or "fields" (a realtime record)
    field: dict[str, Any]


@attrs.define
class Seen:
    """What the recordings show of one unknown key or value position."""

    name: str
    values: list[str] = attrs.Factory(list)
    sources: set[str] = attrs.Factory(set)
    first: dt.datetime | None = None

    def add(self, value: Any, source: str, moment: dt.datetime) -> None:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            self.values.append(str(value))
        self.sources.add(source)
        self.first = moment if self.first is None else min(self.first, moment)

    def marker(self, noun: str) -> str:
        assert self.first is not None
        return f"seen in {len(self.sources)} live {noun}, first {self.first.date().isoformat()}"


@attrs.define
class Proposal:
    additions: list[Addition] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)
    replies: int = 0  # replies read (rt_cd 0)
    frames: int = 0
    ignored: int = 0  # error replies, replies of TRs without a spec


def _readable(type_: str, value: Any, nulls: tuple[str, ...] = ()) -> str | None:
    """None if `value` reads as `type_` (the runtime's own parsers), else why not."""
    if value is None or value == MASK or value in nulls:
        return None
    try:
        PARSERS[type_](value)
    except (ValueError, TypeError) as exc:
        return str(exc) or type(exc).__name__
    return None


def _known(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    known = {str(f.get("name", "")).lower(): f for f in fields}
    known.update({str(f["alias"]).lower(): f for f in fields if f.get("alias")})
    return known


class _Collector:
    def __init__(self, tree: SpecTree) -> None:
        self.tree = tree
        self.proposal = Proposal()
        # (spec rel, label, key lowercased) -> Seen; insertion order = first seen.
        self.unknown: dict[tuple[str, str, str], Seen] = {}
        self.specs: dict[str, SpecFile] = {}
        self.present: dict[tuple[str, str], set[str]] = {}  # fields any recorded row carried
        self.bad: dict[tuple[str, str, str], list[str]] = {}
        self.bad_types: dict[tuple[str, str, str], str] = {}

    def _spec(self, tr_id: str, source: str, realtime: bool) -> SpecFile | None:
        spec = self.tree.by_tr_id.get(tr_id.upper())
        kind = "realtime" if realtime else "REST"
        if spec is None or spec.realtime != realtime:
            self.proposal.notes.append(f"{source}: no {kind} spec has TR id {tr_id}: not read")
            self.proposal.ignored += 1
            return None
        self.specs[spec.rel] = spec
        return spec

    def _check(
        self, spec: SpecFile, label: str, field: dict[str, Any], value: Any, src: str
    ) -> None:
        type_ = str(field.get("type", "str"))
        why = _readable(type_, value, tuple(field.get("null_values") or ()))
        if why is not None:
            key = (spec.rel, label, str(field["name"]))
            self.bad.setdefault(key, []).append(f"{value!r} in {src} ({why})")
            self.bad_types[key] = type_

    def reply(self, reply: Reply) -> None:
        body = reply.body
        ok = isinstance(body, dict) and kis_code(body.get("rt_cd")) == "0" and reply.status < 400
        if not ok:
            self.proposal.ignored += 1
            return
        spec = self._spec(reply.tr_id, reply.source, realtime=False)
        if spec is None:
            return
        self.proposal.replies += 1
        response = spec.data.get("response") or {}
        blocks = {
            str(b.get("name", "")).lower(): str(b.get("name"))
            for b in response.get("outputs") or []
        }
        top = _known(spec.fields("body"))
        for key, value in body.items():
            lowered = key.lower()
            if lowered in blocks:
                label = blocks[lowered]
                rows = value if isinstance(value, list) else [value]
                for row in rows:
                    if isinstance(row, dict):
                        self._row(spec, label, row, reply)
            elif lowered in top:
                self._check(spec, "body", top[lowered], value, reply.source)
            elif lowered in ENVELOPE:
                continue
            elif isinstance(value, (dict, list)):
                self.proposal.notes.append(
                    f"{reply.source}: {spec.rel}: block {key!r} is not in the spec: "
                    "a new block needs its shape and title from a human"
                )
            else:
                self._unknown(spec, "body", key, value, reply.source, reply.time)

    def _row(self, spec: SpecFile, label: str, row: dict[str, Any], reply: Reply) -> None:
        known = _known(spec.fields(label))
        present = self.present.setdefault((spec.rel, label), set())
        for key, value in row.items():
            field = known.get(key.lower())
            if field is None:
                self._unknown(spec, label, key, value, reply.source, reply.time)
            else:
                present.add(str(field["name"]).lower())
                self._check(spec, label, field, value, reply.source)

    def _unknown(
        self, spec: SpecFile, label: str, key: str, value: Any, src: str, moment: dt.datetime
    ) -> None:
        seen = self.unknown.setdefault((spec.rel, label, key.lower()), Seen(key))
        seen.add(value, src, moment)

    def frame(self, frame: Frame) -> None:
        spec = self._spec(frame.tr_id, frame.source, realtime=True)
        if spec is None:
            return
        self.proposal.frames += 1
        fields = spec.fields("fields")
        layouts = _layouts(spec, fields)
        for n, record in enumerate(frame.records, 1):
            src = f"{frame.source} record {n}" if len(frame.records) > 1 else frame.source
            layout = _layout_for(layouts, len(record))
            for field, value in zip(layout, record, strict=False):
                if value not in NULLS:
                    self._check(spec, "fields", field, value, src)
            if len(record) <= len(layout) or len(layout) < len(layouts[0]):
                continue  # a layout's own count, or values past a narrower layout: not appended
            # values past the widest layout: appended after the spec's last field
            for position in range(len(fields), len(fields) + len(record) - len(layout)):
                seen = self.unknown.setdefault(
                    (spec.rel, "fields", str(position)), Seen(str(position))
                )
                seen.add(record[position - len(fields) + len(layout)], src, frame.time)


def _layouts(spec: SpecFile, fields: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The spec's layouts (its fields but each layout's `omit`), widest first."""
    found = [
        [f for f in fields if f.get("name") not in set(layout.get("omit") or ())]
        for layout in spec.data.get("layouts") or ()
    ]
    return sorted(found or [fields], key=len, reverse=True)


def _layout_for(layouts: list[list[dict[str, Any]]], count: int) -> list[dict[str, Any]]:
    """The layout a record of `count` values is read by, as the runtime reads it: the one of that
    count, else the widest shorter one (values past it are extra), else the narrowest."""
    exact = next((x for x in layouts if len(x) == count), None)
    return exact or next((x for x in layouts if len(x) < count), layouts[-1])


def _similar(key: str, names: list[str]) -> str | None:
    found = difflib.get_close_matches(key.lower(), names, n=1, cutoff=0.85)
    return found[0] if found else None


def _rest_type(spec: SpecFile, name: str, seen: Seen, borrowed: str | None) -> str:
    values = [v for v in seen.values if v and v != MASK]
    lengths = {len(v) for v in values}
    length = lengths.pop() if len(lengths) == 1 else None
    candidate = borrowed or infer_type(name, "", length, str(spec.data.get("path", "")))
    if any(_readable(candidate, v) is not None for v in values):
        return "str"
    return candidate


def _value_type(values: list[str]) -> str:
    numbers = [v for v in values if v not in NULLS and v != MASK]
    if not numbers or not all(_WHOLE.fullmatch(v) or _FRACTION.fullmatch(v) for v in numbers):
        return "str"
    if any(_FRACTION.fullmatch(v) for v in numbers):
        return "Decimal"
    return "int" if any(len(v.lstrip("-")) >= 3 for v in numbers) else "str"


def _rest_field(
    tree: SpecTree, spec: SpecFile, seen: Seen, twin: dict[str, Any] | None
) -> dict[str, Any]:
    name = seen.name
    others = tree.titles(name)
    field: dict[str, Any] = {"name": name}
    marker = seen.marker("replies")
    borrowed = None
    if twin is not None:
        field["title"] = twin["title"]
        borrowed = str(twin.get("type", "str"))
        marker += f"; title and type as the doc's {twin['name']}, which replies leave out"
    elif others:
        other_spec, other = others[0]
        field["title"] = other["title"]
        borrowed = str(other.get("type", "str"))
        marker += f"; title and type as in {other_spec.rel}"
    else:
        field["title"] = name
        marker += "; no doc title: review the title"
    field["type"] = _rest_type(spec, name, seen, borrowed)
    level = sensitivity(name)
    if level is not None:
        field["sensitive"] = level
    field["doc_fix"] = marker
    return field


def _siblings(tree: SpecTree, spec: SpecFile) -> list[SpecFile]:
    names = [str(f.get("name", "")).lower() for f in spec.fields("fields")]
    return [
        other
        for other in tree.files
        if other is not spec
        and other.realtime
        and [str(f.get("name", "")).lower() for f in other.fields("fields")][: len(names)] == names
        and len(other.fields("fields")) > len(names)
    ]


def _realtime_field(tree: SpecTree, spec: SpecFile, position: int, seen: Seen) -> dict[str, Any]:
    candidates = [
        (other, other.fields("fields")[position])
        for other in _siblings(tree, spec)
        if len(other.fields("fields")) > position
    ]
    names = {str(f.get("name", "")).lower() for _, f in candidates}
    marker = seen.marker("records")
    if candidates and len(names) == 1:
        other, sibling = candidates[0]
        keys = ("name", "title", "type", "length")
        field: dict[str, Any] = {k: sibling[k] for k in keys if k in sibling}
        if any(_readable(str(field.get("type", "str")), v) for v in seen.values if v not in NULLS):
            field["type"] = "str"
        if sibling.get("sensitive"):
            field["sensitive"] = sibling["sensitive"]
        field["doc_fix"] = (
            f"{marker}; value {position + 1} of the record, named as in {other.rel} "
            "(whose fields begin with this TR's)"
        )
        return field
    why = "siblings name it differently" if candidates else "KIS sends no names"
    return {
        "name": f"UNNAMED_{position + 1}",
        "title": f"이름 없는 값 {position + 1}",
        "type": _value_type(seen.values),
        "doc_fix": f"{marker}; placeholder name ({why}): value {position + 1} of the record, "
        "review and rename",
    }


def propose(recordings: Recordings, tree: SpecTree) -> Proposal:
    collector = _Collector(tree)
    for reply in recordings.replies:
        collector.reply(reply)
    for frame in recordings.frames:
        collector.frame(frame)
    proposal = collector.proposal
    for (rel, label, _key), seen in collector.unknown.items():
        spec = collector.specs[rel]
        if label == "fields" and spec.realtime:
            field = _realtime_field(tree, spec, int(seen.name), seen)
        else:
            absent = [
                str(f.get("name", "")).lower()
                for f in spec.fields(label)
                if str(f.get("name", "")).lower() not in collector.present.get((rel, label), set())
            ]
            near = _similar(seen.name, absent) if label != "body" else None
            twin = next(
                (f for f in spec.fields(label) if str(f.get("name", "")).lower() == near), None
            )
            if twin is not None:
                proposal.notes.append(
                    f"{rel}: {label}.{seen.name} looks like another spelling of the spec's "
                    f"{twin['name']!r}, which no recorded row carries: both are kept; if every "
                    "reply agrees, rename it by a correction (codegen/importer/corrections.py)"
                )
            field = _rest_field(tree, spec, seen, twin)
        proposal.additions.append(Addition(spec, label, field))
    for (rel, label, name), examples in collector.bad.items():
        type_ = collector.bad_types[(rel, label, name)]
        shown = "; ".join(examples[:_EXAMPLES])
        more = f" (and {len(examples) - _EXAMPLES} more)" if len(examples) > _EXAMPLES else ""
        proposal.notes.append(
            f"{rel}: {label}.{name} ({type_}) could not read {len(examples)} value(s): "
            f"{shown}{more}"
        )
    return proposal
