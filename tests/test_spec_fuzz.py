"""Fuzzing the generator with mutated real specs: a bad spec is refused as `file:line: what`,
never a traceback, never a half-written package, never a module that fails to import.

Bounded for CI: a fixed number of derandomized examples, no example database. Each example runs
the loader and the renderer in-process and executes every rendered TR module; the full
`generate` (ruff included) plus an import in a fresh interpreter runs for the first few examples
that load, as that is what costs time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.cli import main as codegen_main
from codegen.loader import SpecErrors, load_specs
from codegen.render import render_tree

SPEC_DIR = Path(__file__).parents[1] / "spec"
SPECS = (
    "domestic_stock/trading/order_cash.yaml",
    "domestic_stock/trading/pension_inquire_balance.yaml",
    "auth/token_p.yaml",
)
INTERESTING = frozenset(
    {"path", "method", "default", "type", "name", "title", "pattern", "length", "values", "real"}
    | {"paper", "variant", "shape", "cursor", "kind", "description", "overview", "label"}
)
ERROR_LINE = re.compile(r"^.+\.yaml:\d+: .+")
# Values an attacker or a careless edit might put anywhere in a spec.
NASTY = st.sampled_from(
    [
        "",
        '"""',
        "'''",
        "\\",
        'x"""\nimport os; os.system("echo pwned")\n"""',
        "abc",
        "-1",
        "0",
        "1e400",
        "NaN",
        "/uapi/../oauth2/tokenP",
        "/uapi/x y",
        "class",
        "registry",
        "__init__",
        "attrs",
        "CANO",
        "output1",
        "[",
        "(?P<",
        "삼성전자우선주",
        "x" * 300,
        "\t",
        "\n",
        "{{ 1 }}",
        "${HOME}",
    ]
)
SCALARS = st.one_of(
    NASTY,
    st.text(max_size=12),
    st.integers(-10, 10**6),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=6), SCALARS, max_size=3),
)


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key / index path in a loaded YAML document."""
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*at, i))
    return found


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str]:
    """(spec file, its mutated text): a value replaced, a key dropped or added, or text cut."""
    name = draw(st.sampled_from(SPECS))
    text = (SPEC_DIR / name).read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["replace", "drop", "add", "truncate", "line"]))
    if kind == "truncate":
        return name, text[: draw(st.integers(0, len(text)))]
    if kind == "line":
        lines = text.splitlines()
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] = draw(st.sampled_from(["", lines[i] * 2, lines[i][: len(lines[i]) // 2], "  -"]))
        return name, "\n".join(lines)
    doc = yaml.safe_load(text)
    paths = _paths(doc)[1:]
    # Half the time a key the generator turns into code (path, defaults, types, names, ...).
    keyed = [p for p in paths if p and p[-1] in INTERESTING]
    path = draw(st.sampled_from(keyed if keyed and draw(st.booleans()) else paths))
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "replace":
        parent[last] = draw(VALUES)
    elif kind == "drop":
        del parent[last]
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(["default", "pattern", "path", "length", "extra"]))] = draw(
            VALUES
        )
    else:
        parent.append(draw(VALUES))
    return name, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _spec_copy(root: Path) -> Path:
    spec = root / "spec"
    for name in ("_common.yaml", *SPECS):
        (spec / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SPEC_DIR / name, spec / name)
    return spec


_full_runs = {"left": 3}


@settings(
    # KIS_FUZZ_EXAMPLES=2000 for a deeper local run; CI keeps the fixed, derandomized 80.
    max_examples=int(os.environ.get("KIS_FUZZ_EXAMPLES", "80")),
    derandomize=not os.environ.get("KIS_FUZZ_RANDOM"),
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutation=mutations())
def test_mutated_specs_are_refused_cleanly_or_generate_importable_code(
    tmp_path_factory: pytest.TempPathFactory, mutation: tuple[str, str]
) -> None:
    name, text = mutation
    root = tmp_path_factory.mktemp("fuzz")
    spec = _spec_copy(root)
    (spec / name).write_text(text, encoding="utf-8")
    try:
        specs = load_specs(spec)
    except SpecErrors as exc:
        lines = str(exc).splitlines()
        assert lines and all(ERROR_LINE.match(line) for line in lines), lines
        out = root / "out"
        assert codegen_main(["generate", "--spec", str(spec), "--out", str(out)]) == 1
        assert not (out / "kis").exists()  # nothing written, not even part of a package
        return
    assert len(specs.specs) == len(SPECS)  # no spec silently skipped
    files = render_tree(spec, specs)
    for rel, source in files.items():
        if rel.suffix == ".py" and rel.name != "__init__.py":
            module = ".".join(rel.with_suffix("").parts)
            code = compile(source, str(rel), "exec")  # a NUL or an unescaped quote fails here
            exec(code, {"__name__": module})  # the module top level, as an import runs it
    if _full_runs["left"] > 0:
        _full_runs["left"] -= 1
        out = root / "out"
        assert codegen_main(["generate", "--spec", str(spec), "--out", str(out)]) == 0
        modules = [
            ".".join(p.relative_to(out).with_suffix("").parts)
            for p in sorted((out / "kis").rglob("*.py"))
            if p.name != "__init__.py"
        ]
        code = "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)"
        result = subprocess.run(
            [sys.executable, "-c", code, *modules],
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
            env={"PYTHONPATH": str(out), "PATH": "/usr/bin:/bin"},
        )
        assert result.returncode == 0, result.stderr
