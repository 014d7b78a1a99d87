"""What the templates see: a spec Field as its one declaration needs it, and the Jinja2
environment with its filters. Shared by codegen.render (REST TRs) and codegen.render_realtime."""

from __future__ import annotations

from typing import Any

import attrs
import jinja2

from codegen import naming
from codegen.model import Field, FieldType

_PY_TYPES = {
    FieldType.STR: "str",
    FieldType.INT: "int",
    FieldType.DECIMAL: "Decimal",
    FieldType.DATE: "_dt.date",
    FieldType.TIME: "_dt.time",
}


def py(value: Any) -> str:
    """A Python literal for a str / None / bool / number / list / dict, deterministic."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py(v) for v in value) + "]"
    return repr(value)


def py_tuple(values: Any) -> str:
    items = [py(v) for v in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def doc(text: Any) -> str:
    """Text safe inside a triple-quoted docstring."""
    # Every quote escaped: a text ending in `"` would otherwise close the docstring early.
    return str(text).strip().replace("\\", "\\\\").replace('"', '\\"')


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("codegen", "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - we emit Python, not HTML
    )
    env.filters.update(py=py, py_tuple=py_tuple, doc=doc)
    return env


@attrs.frozen
class FieldView:
    """A spec Field with what its one declaration needs computed once."""

    field: Field
    py_name: str
    annotation: str
    default_literal: str  # "" when the declaration passes no default

    def __getattr__(self, name: str) -> Any:
        return getattr(self.field, name)

    @property
    def length_literal(self) -> str:
        length = self.field.length
        assert length is not None
        return str(length.digits) if length.scale is None else repr(str(length))


# Request fields take KIS's strings and, where the spec types them, natural values.
_REQUEST_TYPES = {
    FieldType.STR: "str",
    FieldType.INT: "int | str",
    FieldType.DECIMAL: "Decimal | int | str",
    FieldType.DATE: "_dt.date | str",
    FieldType.TIME: "_dt.time | str",
}


def request_view(field: Field) -> FieldView:
    if field.values and field.type is FieldType.STR:
        codes = list(field.values) + ([""] if not field.required and "" not in field.values else [])
        annotation = f"Literal[{', '.join(py(c) for c in codes)}] | UnlistedCode"
    elif field.known_values and field.type is FieldType.STR:
        # Known codes for IDE completion; any other text passes too (the list is not enforced).
        annotation = f"Literal[{', '.join(py(c) for c in field.known_values)}] | str"
    else:
        annotation = _REQUEST_TYPES[field.type]
    if field.default is not None:
        default = py(field.default)
    elif not field.required or field.cursor:
        default = '""'
    else:
        default = ""
    return FieldView(field, naming.py_name(field.name), annotation, default)


def response_view(field: Field) -> FieldView:
    base = _PY_TYPES[field.type]
    if field.type is FieldType.STR:
        annotation = base
    elif field.markers:
        annotation = f"{base} | Marker | None"
    else:
        annotation = f"{base} | None"
    return FieldView(field, naming.py_name(field.name), annotation, "")
