"""Fields `python -m codegen absorb` added to a spec: appending them to the YAML text (comments
and layout left as they are) and carrying them over a re-import.

A field `absorb` wrote is known by its `doc_fix` (ABSORBED): "seen in N live replies, first
YYYY-MM-DD…". Re-importing a doc page (`import --all --force`, and the import test that checks
the committed specs) keeps such fields: `carry_absorbed` appends them to the fresh import, unless
the page now names the field itself (then the page's row wins and the absorbed one goes).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import yaml

from codegen.importer.emit import field_lines

ABSORBED = re.compile(r"^seen in \d+ live (replies|records), first \d{4}-\d{2}-\d{2}")

Where = tuple[str | int, ...]  # the path from a spec's root to a list of fields


class EditError(Exception):
    """The text cannot take the fields where the spec says they go (named in the message)."""


def is_absorbed(field: Any) -> bool:
    return isinstance(field, dict) and bool(ABSORBED.match(str(field.get("doc_fix", ""))))


def _node(root: yaml.Node, where: Where) -> yaml.Node:
    node = root
    for step in where:
        if isinstance(step, str) and isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == step]
            if not found:
                raise EditError(f"no {step!r} in the spec")
            node = found[0]
        elif isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[step]
        else:
            raise EditError(f"{'.'.join(map(str, where))}: not in the spec")
    return node


def _get(data: Any, where: Where) -> Any:
    for step in where:
        data = data[step]
    return data


def _trailing(line: str, dash: int) -> bool:
    """A blank line, or a comment no deeper than the list's dashes (so not a line of the last
    item's literal text): YAML's end mark of a block scalar can lie past both."""
    stripped = line.lstrip()
    return not stripped or (stripped.startswith("#") and len(line) - len(stripped) <= dash)


def insert_fields(text: str, where: Where, fields: list[dict[str, Any]]) -> str:
    """`text` with `fields` appended to the list of fields at `where`, as the importer writes
    fields; the result is checked to read back as the old spec plus these fields."""
    if not fields:
        return text
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        raise EditError("the spec is empty")
    seq = _node(root, where)
    label = ".".join(map(str, where))
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        raise EditError(f"{label}: not a non-empty block list of fields; add the field by hand")
    lines = text.split("\n")
    first = seq.value[0].start_mark
    dash = first.column - 2
    if dash < 0 or lines[first.line][dash : dash + 2] != "- ":
        raise EditError(f"{label}: list items are not written `- …`; add the field by hand")
    end = seq.value[-1].end_mark
    at = end.line if end.column == 0 else end.line + 1
    while at > 0 and _trailing(lines[at - 1], dash):  # right after the last item's own lines
        at -= 1
    new = [line for field in fields for line in field_lines(field, " " * dash)]
    result = "\n".join(lines[:at] + new + lines[at:])
    expected = yaml.safe_load(text)
    _get(expected, where).extend(fields)
    if yaml.safe_load(result) != expected:
        raise EditError(f"{label}: the edited YAML does not read back as intended")
    return result


def field_lists(spec: dict[str, Any]) -> Iterator[tuple[Where, str, list[dict[str, Any]]]]:
    """(where, label, fields) of every list of reply fields in a spec: body, blocks, records."""
    if isinstance(spec.get("fields"), list):
        yield ("fields",), "fields", spec["fields"]
    response = spec.get("response") or {}
    if isinstance(response.get("body"), list):
        yield ("response", "body"), "body", response["body"]
    for i, block in enumerate(response.get("outputs") or []):
        if isinstance(block, dict) and isinstance(block.get("fields"), list):
            yield ("response", "outputs", i, "fields"), str(block.get("name")), block["fields"]


def carry_absorbed(old_text: str, new_text: str) -> str:
    """The freshly imported `new_text` with the absorbed fields of `old_text` (the spec it
    replaces) appended to the same lists, except those the new text names already."""
    old, new = yaml.safe_load(old_text), yaml.safe_load(new_text)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return new_text
    targets = {label: (where, fields) for where, label, fields in field_lists(new)}
    result = new_text
    for _, label, fields in field_lists(old):
        absorbed = [copy.deepcopy(f) for f in fields if is_absorbed(f)]
        if not absorbed or label not in targets:
            continue
        where, present = targets[label]
        names = {str(f.get("name", "")).lower() for f in present}
        missing = [f for f in absorbed if str(f.get("name", "")).lower() not in names]
        result = insert_fields(result, where, missing)
    return result
