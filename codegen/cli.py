"""`python -m codegen generate [--spec DIR] [--out DIR]` (and `check`: is out/ up to date?)."""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from codegen.loader import SpecErrors, load_specs
from codegen.render import GenerateError, render_tree, write_package


def generate(spec_dir: Path, out_dir: Path) -> int:
    try:
        specs = load_specs(spec_dir)
        write_package(render_tree(spec_dir, specs), out_dir)
    except SpecErrors as exc:
        print(f"{len(exc.errors)} spec error(s); nothing was generated:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    except GenerateError as exc:
        print(f"generation failed; {out_dir} was left as it was:\n{exc}", file=sys.stderr)
        return 1
    print(f"generated {len(specs.specs)} TR(s) from {spec_dir} into {out_dir / 'kis'}")
    return 0


def _differences(left: Path, right: Path) -> list[str]:
    cmp = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [f"only in {left}: {n}" for n in cmp.left_only] + [
        f"only in {right}: {n}" for n in cmp.right_only
    ]
    found += [f"differs: {left / n}" for n in cmp.diff_files]
    for name in cmp.common_dirs:
        found += _differences(left / name, right / name)
    return found


def check(spec_dir: Path, out_dir: Path) -> int:
    """Exit 1 if out_dir/kis is not exactly what the specs produce."""
    with tempfile.TemporaryDirectory() as tmp:
        if generate(spec_dir, Path(tmp)) != 0:
            return 1
        diffs = _differences(out_dir / "kis", Path(tmp) / "kis")
    if diffs:
        print("generated/ is stale; run `make generate`:\n  " + "\n  ".join(diffs), file=sys.stderr)
        return 1
    print("generated/ is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("generate", "check"):
        cmd = sub.add_parser(name)
        cmd.add_argument(
            "--spec", type=Path, default=Path("spec"), help="spec folder (default: spec)"
        )
        cmd.add_argument(
            "--out", type=Path, default=Path("generated"), help="output folder (default: generated)"
        )
    args = parser.parse_args(argv)
    return {"generate": generate, "check": check}[args.command](args.spec, args.out)
