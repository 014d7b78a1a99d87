"""`python -m codegen generate|check [--spec DIR] [--out DIR]`, `import PAGE [-o SPEC]`,
`import --all DIR [--force]`, `coverage [--check]`, `reference [--check]` and
`absorb DIR [--write]`."""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path, PurePosixPath

from codegen.loader import SpecError, SpecErrors, load_common, load_specs
from codegen.render import GenerateError, render_tree, write_package
from kis_runtime.cli.helpformat import HelpFormatter


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
    realtime = f" and {len(specs.realtime)} realtime spec(s)" if specs.realtime else ""
    print(f"generated {len(specs.specs)} spec(s){realtime} from {spec_dir} into {out_dir / 'kis'}")
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


def _inside(output: Path | None, spec_dir: Path) -> PurePosixPath | None:
    """`-o` under the spec folder places the spec there (it wins over the page's own place)."""
    if output is None:
        return None
    try:
        return PurePosixPath(output.resolve().relative_to(spec_dir.resolve()).as_posix())
    except ValueError:
        return None


def import_pages(args: argparse.Namespace) -> int:
    """One page to a file or stdout, or --all DIR into the spec folder."""
    from codegen.importer.diagnostics import Level
    from codegen.importer.run import import_all, import_page

    errors: list[SpecError] = []
    common = load_common(args.spec, errors)
    if common is None:
        print("\n".join(map(str, errors)), file=sys.stderr)
        return 1
    if args.all is not None:
        summary = import_all(args.all, args.spec, common, force=args.force, verbose=args.verbose)
        return 1 if summary.failed else 0
    if args.page is None:
        print("give a PAGE.md, or --all DIR", file=sys.stderr)
        return 2
    result = import_page(args.page, common, place=_inside(args.output, args.spec))
    for diagnostic in result.diagnostics:
        if args.verbose or diagnostic.level is not Level.INFO:
            print(diagnostic, file=sys.stderr)
    if result.text is None:
        return 1
    if args.output is None:
        sys.stdout.write(result.text)
    else:
        from codegen.importer.absorbed import carry_absorbed

        text = result.text
        if args.output.exists():  # fields absorbed from live replies stay
            text = carry_absorbed(args.output.read_text(encoding="utf-8"), text)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} (belongs at {args.spec / str(result.target)})", file=sys.stderr)
    return 0


def coverage(args: argparse.Namespace) -> int:
    from codegen.coverage import write_coverage

    result: int = write_coverage(args.spec, args.output, check=args.check)
    return result


def reference(args: argparse.Namespace) -> int:
    from codegen.reference import write_reference

    result: int = write_reference(args.spec, args.output, check=args.check)
    return result


DESCRIPTION = """\
The kis-binding generator: specs (spec/, one YAML per TR) -> the `kis` package (generated/kis/),
docs/coverage.md and the TR reference (docs/reference/). `make generate` and `make check` run it.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen", description=DESCRIPTION, formatter_class=HelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    helps = {
        "generate": "load and validate every spec, write the `kis` package into --out/kis "
        "(all or nothing: a bad spec is reported as file:line and nothing is written)",
        "check": "exit 1 if --out/kis differs from what the specs produce",
    }
    for name in ("generate", "check"):
        cmd = sub.add_parser(
            name, help=helps[name], description=helps[name], formatter_class=HelpFormatter
        )
        cmd.add_argument("--spec", type=Path, default=Path("spec"), help="spec folder")
        cmd.add_argument("--out", type=Path, default=Path("generated"), help="output folder")
    text = "turn KIS doc page(s) into spec file(s), reporting what it could not read as page:line"
    imp = sub.add_parser("import", help=text, description=text, formatter_class=HelpFormatter)
    imp.add_argument("page", type=Path, nargs="?", help="one doc page (markdown)")
    imp.add_argument("-o", "--output", type=Path, help="spec file to write (default: stdout)")
    imp.add_argument("--all", type=Path, metavar="DIR", help="import every page of DIR into --spec")
    imp.add_argument("--force", action="store_true", help="--all: replace existing spec files")
    imp.add_argument("--spec", type=Path, default=Path("spec"), help="spec folder")
    imp.add_argument("-v", "--verbose", action="store_true", help="also print info diagnostics")
    text = "write docs/coverage.md (every TR: path, TR ids, paper support, paging, tests)"
    cov = sub.add_parser("coverage", help=text, description=text, formatter_class=HelpFormatter)
    cov.add_argument("--spec", type=Path, default=Path("spec"), help="spec folder")
    cov.add_argument("-o", "--output", type=Path, default=Path("docs/coverage.md"), help="file")
    cov.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    text = "write the TR reference: one markdown page per area plus an index"
    ref = sub.add_parser("reference", help=text, description=text, formatter_class=HelpFormatter)
    ref.add_argument("--spec", type=Path, default=Path("spec"), help="spec folder")
    ref.add_argument(
        "-o", "--output", type=Path, default=Path("docs/reference"), help="folder to write"
    )
    ref.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")
    text = (
        "propose spec fields for what recordings (kis call --save, record=) show the specs lack: "
        "unknown reply keys, realtime values past a record's fields; prints a diff"
    )
    absorb = sub.add_parser("absorb", help=text, description=text, formatter_class=HelpFormatter)
    absorb.add_argument("recordings", type=Path, metavar="DIR", help="a folder of recordings")
    absorb.add_argument("--spec", type=Path, default=Path("spec"), help="spec folder")
    absorb.add_argument("--write", action="store_true", help="apply the proposal to the specs")
    args = parser.parse_args(argv)
    if args.command == "absorb":
        from codegen.absorb import run

        return run(args.recordings, args.spec, write=args.write)
    if args.command == "import":
        return import_pages(args)
    if args.command == "coverage":
        return coverage(args)
    if args.command == "reference":
        return reference(args)
    result: int = {"generate": generate, "check": check}[args.command](args.spec, args.out)
    return result
