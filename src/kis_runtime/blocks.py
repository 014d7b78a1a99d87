"""A reply's blocks as the Endpoint metadata describes them: output blocks and the body fields.

Shared by the DataFrame conversion (frames.py) and the `kis` command's output.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from kis_runtime.endpoint import Endpoint, FieldInfo


@attrs.frozen
class Block:
    """One output block, or the top-level body fields (named "body")."""

    name: str
    title: str
    array: bool
    fields: tuple[FieldInfo, ...]
    py_name: str | None  # None: the body fields, read from the response itself


def blocks(endpoint: Endpoint[Any, Any]) -> list[Block]:
    """The body fields (continuation keys left out) then each output block, in spec order."""
    cursor_fields = set(endpoint.cursor.values())
    body = tuple(f for f in endpoint.body_fields if f.name not in cursor_fields)
    found = [Block("body", "", False, body, None)] if body else []
    found += [Block(o.name, o.title, o.array, o.fields, o.py_name) for o in endpoint.outputs]
    return found


def pick(endpoint: Endpoint[Any, Any], name: str | None) -> Block:
    """The block called `name`; by default the first array block, else the first block.

    ValueError names the TR and its blocks when there is no such block.
    """
    found = blocks(endpoint)
    if name is not None:
        for block in found:
            if block.name.casefold() == name.casefold():
                return block
        names = ", ".join(b.name for b in found) or "none"
        raise ValueError(f"{endpoint.tr_ids[0].real} has no block {name!r} (blocks: {names})")
    if not found:
        raise ValueError(f"{endpoint.tr_ids[0].real} has no reply fields")
    return next((b for b in found if b.array), found[0])


def rows(block: Block, page: Any) -> list[Any]:
    """The row objects of one block in one page: [] for a missing optional block."""
    if block.py_name is None:
        return [page]
    value = getattr(page, block.py_name)
    if value is None:
        return []
    return list(value) if block.array else [value]


def endpoint_of(response: Any) -> Endpoint[Any, Any]:
    """The Endpoint of a generated response object (its module's ENDPOINT)."""
    import sys

    module = sys.modules.get(type(response).__module__)
    endpoint = getattr(module, "ENDPOINT", None)
    if not isinstance(endpoint, Endpoint) or endpoint.response_type is not type(response):
        raise TypeError(f"{type(response).__name__} is not the response of a generated TR")
    return endpoint


def pages_of(source: Any) -> Iterator[Any]:
    """One response, or a list / iterator of pages, as pages."""
    if isinstance(source, Iterable) and not hasattr(source, "rt_cd"):
        yield from source
    else:
        yield source
