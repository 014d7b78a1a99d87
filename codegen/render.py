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
import jinja2

import kis_runtime
from codegen import naming, render_realtime
from codegen.loader import LoadedSpec, SpecSet
from codegen.model import Field, FieldType, Kind, Output

PACKAGE = "kis"
# `kis` re-exports the runtime's public names (kis.Client, kis.KisError, …).
RUNTIME_EXPORTS = tuple(kis_runtime.__all__)
_PY_TYPES = {
    FieldType.STR: "str",
    FieldType.INT: "int",
    FieldType.DECIMAL: "Decimal",
    FieldType.DATE: "_dt.date",
    FieldType.TIME: "_dt.time",
}
LINE_LENGTH = 100


class GenerateError(Exception):
    """Rendering or formatting failed; the output folder was left as it was."""


def _py(value: Any) -> str:
    """A Python literal for a str / None / bool / number / list / dict, deterministic."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    return repr(value)


def _py_tuple(values: Any) -> str:
    items = [_py(v) for v in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _doc(text: Any) -> str:
    """Text safe inside a triple-quoted docstring."""
    # Every quote escaped: a text ending in `"` would otherwise close the docstring early.
    return str(text).strip().replace("\\", "\\\\").replace('"', '\\"')


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("codegen", "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - we emit Python, not HTML
    )
    env.filters.update(py=_py, py_tuple=_py_tuple, doc=_doc)
    return env


@attrs.frozen
class FieldView:
    """A spec Field with what the templates need computed once."""

    field: Field
    py_name: str
    annotation: str
    has_default: bool
    default_literal: str
    validator: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.field, name)


def _default_literal(field: Field) -> str:
    if field.default is None:
        return '""' if field.type is FieldType.STR else "None"
    if field.type is FieldType.INT:
        return str(int(field.default))
    if field.type is FieldType.DECIMAL:
        return f"Decimal({field.default!r})"
    return repr(field.default)


def request_view(tr_id: str, field: Field) -> FieldView:
    optional = not field.required and field.default is None
    base = _PY_TYPES[field.type]
    annotation = base if field.type is FieldType.STR or not optional else f"{base} | None"
    args = [repr(tr_id), repr(field.name), f"type={field.type.value!r}"]
    if field.required:
        args.append("required=True")
    if field.length is not None and field.length.scale is None:
        args.append(f"max_length={field.length.digits}")
    if field.pattern:
        args.append(f"pattern={field.pattern!r}")
    if field.values:
        args.append(f"values={_py_tuple(list(field.values))}")
    if field.sensitive:
        args.append("sensitive=True")
    return FieldView(
        field=field,
        py_name=naming.py_name(field.name),
        annotation=annotation,
        has_default=not field.required or field.default is not None,
        default_literal=_default_literal(field),
        validator=f"check({', '.join(args)})",
    )


def response_view(field: Field) -> FieldView:
    base = _PY_TYPES[field.type]
    return FieldView(
        field=field,
        py_name=naming.py_name(field.name),
        annotation=base if field.type is FieldType.STR else f"{base} | None",
        has_default=True,
        default_literal='""' if field.type is FieldType.STR else "None",
        validator="",
    )


def _names(fields: list[FieldView]) -> dict[str, str]:
    return {f.py_name: f.name for f in fields if f.py_name != f.name}


@attrs.frozen
class OutputView:
    name: str
    py_name: str
    title: str
    array: bool
    doc_fix: str | None
    class_name: str
    fields: list[FieldView]
    names: dict[str, str]


def _output_view(prefix: str, output: Output) -> OutputView:
    fields = [response_view(f) for f in output.fields]
    py_name = naming.py_name(output.name)
    return OutputView(
        name=output.name,
        py_name=py_name,
        title=output.title,
        array=output.shape.value == "array",
        doc_fix=output.doc_fix,
        class_name=prefix + naming.pascal(py_name),
        fields=fields,
        names=_names(fields),
    )


def _source(spec_dir: Path, rel: Path) -> str:
    return (Path(spec_dir.name) / rel).as_posix()


def _endpoint_context(spec_dir: Path, item: LoadedSpec) -> dict[str, Any]:
    spec = item.spec
    prefix = naming.pascal(item.rel.stem)
    # Named in request validation errors: the TR id(s) — all of them for a TR with variants, as
    # the request class serves each — or the path's last part for auth endpoints.
    tr_id = "/".join(ids.real for ids in spec.tr_ids) or spec.path.rsplit("/", 1)[-1]
    params = [request_view(tr_id, f) for f in spec.request.params + spec.request.body]
    body_fields = [response_view(f) for f in spec.response.body]
    outputs = [_output_view(prefix, o) for o in spec.response.outputs]
    request_fields = [f for f in params if not f.cursor]
    response_names = _names(body_fields) | {
        o.py_name: o.name for o in outputs if o.py_name != o.name
    }
    tr_ids_text = ", ".join(
        f"{ids.real}" + (f" ({ids.label})" if ids.label else "") for ids in spec.tr_ids
    )
    return {
        "source": _source(spec_dir, item.rel),
        "spec": spec,
        "auth": spec.kind is Kind.AUTH,
        "module": item.module,
        "P": prefix,
        "tr_ids_text": tr_ids_text,
        "variants": [ids.variant for ids in spec.tr_ids] if len(spec.tr_ids) > 1 else [],
        "params": params,
        "request_fields": request_fields,
        "request_names": _names(request_fields),
        "body_fields": body_fields,
        "outputs": outputs,
        "response_names": response_names,
    }


def render_tree(spec_dir: Path, specs: SpecSet) -> dict[Path, str]:
    """Every file of the package, relative to the output dir, with its text."""
    env = _environment()
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
        children=sorted(children[()] | {"registry"}),
    )
    files[Path(PACKAGE, "registry.py")] = env.get_template("registry.py.j2").render(
        source=f"{spec_dir.name}/",
        entries=trs,
        realtime=render_realtime.registry_entries(specs.realtime),
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
