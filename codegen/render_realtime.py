"""Render the realtime specs (spec/realtime/…) into `kis.realtime.<area>.<name>` modules.

Called from render.render_tree. Each module holds one record class (`@record`, fields in wire
order, each declared once with `field()` as in a REST reply row) and `TR`, the TR's metadata and
decoder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import jinja2

from codegen import naming
from codegen.loader_realtime import LoadedRealtime
from codegen.model import Field
from codegen.views import FieldView, response_view

PACKAGE = "kis"


def _context(spec_dir: Path, item: LoadedRealtime) -> dict[str, Any]:
    spec = item.spec
    optional = {name for layout in spec.layouts for name in layout.omit}
    return {
        "source": (Path(spec_dir.name) / item.rel).as_posix(),
        "spec": spec,
        "paper": spec.tr_ids.paper if spec.tr_ids.paper_supported else None,
        "hts_id": spec.tr_key.kind.value == "hts_id",
        "record": naming.pascal(item.rel.stem) + "Record",
        # The realtime pages' Length column is the wire struct's byte size (a price: 4), not digits
        # as FieldInfo.digits means it: records do not carry it.
        "fields": [_field_view(f, optional) for f in spec.fields],
        "layouts": [
            {
                "name": layout.name,
                "omit": list(layout.omit),
                "count": len(spec.fields) - len(set(layout.omit)),
                "evidence": layout.evidence,
            }
            for layout in spec.layouts
        ],
    }


def _field_view(field: Field, optional: set[str]) -> FieldView:
    view = response_view(attrs.evolve(field, length=None))
    if field.name in optional and not view.annotation.endswith("| None"):
        # A field some layout lacks is None in that layout's records.
        view = attrs.evolve(view, annotation=f"{view.annotation} | None")
    return view


def render_modules(
    env: jinja2.Environment,
    spec_dir: Path,
    items: list[LoadedRealtime],
    children: dict[tuple[str, ...], set[str]],
) -> dict[Path, str]:
    """One module per realtime spec; adds their packages to `children` (for the package inits)."""
    template = env.get_template("realtime.py.j2")
    files: dict[Path, str] = {}
    for item in items:
        parts = item.rel.with_suffix("").parts
        for depth in range(len(parts)):
            children.setdefault(parts[:depth], set()).add(parts[depth])
        files[Path(PACKAGE, *parts).with_suffix(".py")] = template.render(_context(spec_dir, item))
    if items:
        # kis.realtime: the TR packages plus the runtime's realtime API (decode, the clients).
        import kis_runtime.realtime as runtime

        lazy = sorted(runtime.LAZY)
        files[Path(PACKAGE, "realtime", "__init__.py")] = env.get_template(
            "realtime_init.py.j2"
        ).render(
            source=f"{spec_dir.name}/realtime/",
            count=len(items),
            runtime_names=[n for n in runtime.__all__ if n not in lazy],
            lazy_names=lazy,
            children=sorted(children.get(("realtime",), set())),
        )
    return files


def registry_entries(items: list[LoadedRealtime]) -> list[dict[str, Any]]:
    """(module, real TR id, paper TR id or None) for kis.registry's REALTIME."""
    return [
        {
            "module": f"{PACKAGE}.{item.module}",
            "real": item.spec.tr_ids.real,
            "paper": item.spec.tr_ids.paper if item.spec.tr_ids.paper_supported else None,
            "title": item.spec.title,
            "api_id": item.spec.api_id,
        }
        for item in items
    ]
