"""Render a loaded SpecSet into the `kis` package: templates -> temp dir -> ruff -> atomic swap.

Same specs give byte-identical output: specs are sorted, nothing depends on time or absolute paths.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs

import kis_runtime
import kis_runtime.orders
from codegen import catalog, naming, render_realtime
from codegen.loader import LoadedSpec, SpecSet
from codegen.model import Kind, Output
from codegen.views import FieldView, environment, request_view, response_view

PACKAGE = "kis"
# `kis` re-exports the runtime's public names (kis.Client, kis.KisError, …).
RUNTIME_EXPORTS = tuple(kis_runtime.__all__)
ORDER_EXPORTS = tuple(kis_runtime.orders.__all__)  # kis.orders: place once, then reconcile
LINE_LENGTH = 100


class GenerateError(Exception):
    """Rendering or formatting failed; the output folder was left as it was."""


@attrs.frozen
class OutputView:
    name: str
    py_name: str
    title: str
    annotation: str
    array: bool
    optional: str | None
    class_name: str
    fields: list[FieldView]


def _output_view(prefix: str, output: Output) -> OutputView:
    py_name = naming.py_name(output.name)
    class_name = prefix + naming.pascal(py_name)
    array = output.shape.value == "array"
    if array:
        annotation = f"list[{class_name}]"
    else:
        annotation = class_name + (" | None" if output.optional else "")
    return OutputView(
        name=output.name,
        py_name=py_name,
        title=output.title,
        annotation=annotation,
        array=array,
        optional=output.optional,
        class_name=class_name,
        fields=[response_view(f) for f in output.fields],
    )


def _source(spec_dir: Path, rel: Path) -> str:
    return (Path(spec_dir.name) / rel).as_posix()


def _endpoint_context(spec_dir: Path, item: LoadedSpec) -> dict[str, Any]:
    spec = item.spec
    prefix = naming.pascal(item.rel.stem)
    tr_ids_text = ", ".join(
        f"{ids.real}" + (f" ({ids.label})" if ids.label else "") for ids in spec.tr_ids
    )
    return {
        "source": _source(spec_dir, item.rel),
        "spec": spec,
        "auth": spec.kind is Kind.AUTH,
        "module": item.module,
        "P": prefix,
        # Named in request validation errors: the TR id(s) — all of them for a TR with variants,
        # as the request class serves each — or the path's last part for auth endpoints.
        "tr_label": "/".join(ids.real for ids in spec.tr_ids) or spec.path.rsplit("/", 1)[-1],
        "tr_ids_text": tr_ids_text,
        "variants": [ids.variant for ids in spec.tr_ids] if len(spec.tr_ids) > 1 else [],
        "params": [request_view(f) for f in spec.request.params + spec.request.body],
        "body_fields": [response_view(f) for f in spec.response.body],
        "outputs": [_output_view(prefix, o) for o in spec.response.outputs],
        "uses_markers": any(
            f.markers
            for f in (*spec.response.body, *(x for o in spec.response.outputs for x in o.fields))
        ),
    }


def render_tree(spec_dir: Path, specs: SpecSet) -> dict[Path, str]:
    """Every file of the package, relative to the output dir, with its text."""
    env = environment()
    files: dict[Path, str] = {}
    children: dict[tuple[str, ...], set[str]] = defaultdict(set)
    endpoint = env.get_template("endpoint.py.j2")
    for item in specs.specs:
        parts = item.rel.with_suffix("").parts
        for depth in range(len(parts)):
            children[parts[:depth]].add(parts[depth])
        files[Path(PACKAGE, *parts).with_suffix(".py")] = endpoint.render(
            _endpoint_context(spec_dir, item)
        )
    realtime_files = render_realtime.render_modules(env, spec_dir, specs.realtime, children)
    sub_init = env.get_template("subpackage_init.py.j2")
    for package, names in sorted(children.items()):
        if package:
            files[Path(PACKAGE, *package, "__init__.py")] = sub_init.render(
                source=f"{spec_dir.name}/{'/'.join(package)}/",
                doc=f"TRs under spec/{'/'.join(package)}/ (loaded on first use).",
                children=sorted(names),
            )
    trs = [item for item in specs.specs if item.spec.kind is Kind.TR]
    files[Path(PACKAGE, "__init__.py")] = env.get_template("package_init.py.j2").render(
        source=f"{spec_dir.name}/",
        count=len(trs),
        runtime_names=list(RUNTIME_EXPORTS),
        children=sorted(children[()] | {"registry", "orders"}),
    )
    files[Path(PACKAGE, "orders.py")] = env.get_template("orders.py.j2").render(
        source=f"{spec_dir.name}/", names=list(ORDER_EXPORTS)
    )
    files[Path(PACKAGE, "registry.py")] = env.get_template("registry.py.j2").render(
        source=f"{spec_dir.name}/",
        entries=trs,
        realtime=render_realtime.registry_entries(specs.realtime),
    )
    files[Path(PACKAGE, "catalog.json")] = env.get_template("catalog.json.j2").render(
        source=f"{spec_dir.name}/", entries=[catalog.entry(item) for item in trs]
    )
    files.update(realtime_files)
    files[Path(PACKAGE, "py.typed")] = ""
    return files


def _ruff(*args: str, cwd: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "ruff",
        *args,
        "--isolated",
        f"--line-length={LINE_LENGTH}",
        "--target-version=py311",
        *("--config", "lint.isort.known-first-party = ['kis', 'kis_runtime']"),
        ".",
    ]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GenerateError(
            f"ruff {args[0]} failed on the rendered code:\n{result.stdout}{result.stderr}"
        )


def write_package(files: dict[Path, str], out_dir: Path) -> None:
    """Write into a temp dir, format it, then swap it in for out_dir/kis in one rename.

    If anything fails, out_dir is untouched; files no spec produces any more vanish in the swap.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kis-generate-", dir=out_dir) as tmp:
        staging = Path(tmp) / "stage"
        for rel, text in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        _ruff("check", "--fix", "--select=F401,I,UP,RUF022", "--quiet", cwd=staging)
        _ruff("format", "--quiet", cwd=staging)
        final = out_dir / PACKAGE
        old = Path(tmp) / "old"
        if final.exists():
            final.rename(old)
        (staging / PACKAGE).rename(final)
