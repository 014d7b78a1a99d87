"""Import one page, or a folder of pages into spec/: parse, build, emit, check with the loader."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import attrs

from codegen.importer import realtime, realtime_place
from codegen.importer.absorbed import carry_absorbed
from codegen.importer.build import build_spec, is_auth
from codegen.importer.diagnostics import Diagnostic, Diagnostics, Level
from codegen.importer.emit import emit
from codegen.importer.page import parse_page
from codegen.importer.paths import PathError, spec_path
from codegen.importer.tree import SOURCE_PAGE, existing_specs, key_of_text, placed
from codegen.loader import SpecError, load_spec
from codegen.model import Common

NOT_PAGES = frozenset({"README.md", "QUIRKS.md", "SOURCE.md"})


@attrs.frozen
class Imported:
    page: Path
    target: PurePosixPath | None  # where under spec/ it belongs
    text: str | None  # the spec's YAML; None if the page had errors
    diagnostics: tuple[Diagnostic, ...]
    realtime_tr: str | None = None  # the TR id of a realtime page

    def of(self, level: Level) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level is level]


def _loader_check(text: str, target: PurePosixPath, diagnostics: Diagnostics) -> None:
    """The spec must load like any hand-written one; loader errors become page errors."""
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp, target)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        errors: list[SpecError] = []
        load_spec(file, Path(target), errors)
    for error in errors:
        diagnostics.error(1, "spec-invalid", f"generated spec line {error.line}: {error.message}")


def import_page(page_file: Path, common: Common, *, place: PurePosixPath | None = None) -> Imported:
    """The page's spec, placed at `place` (under spec/) when given, else where the page says."""
    diagnostics = Diagnostics(page_file)
    text = page_file.read_text(encoding="utf-8")
    page = parse_page(page_file, text, diagnostics)
    if page is None:
        return Imported(page_file, None, None, tuple(diagnostics.items))
    target = place
    realtime_tr = None
    if realtime.is_realtime(page.path):
        realtime_tr = realtime.tr_id_of(page)
        target = target or realtime.spec_path(page, diagnostics)
        area = target.parts[1] if len(target.parts) > 2 else realtime_place.FALLBACK_AREA
        spec = realtime.build_realtime(page, text, diagnostics, area)
    else:
        spec = build_spec(page, text, common, diagnostics)
        try:
            target = target or spec_path(page.path, auth=is_auth(page.path))
        except PathError as exc:
            diagnostics.error(1, "path", f"{exc} (import -o SPEC.yaml places it)")
    yaml_text = None
    if not diagnostics.failed and target is not None:
        banner = f"{page.title} — imported from the KIS doc page {page_file.name} (codegen import)."
        # The key that tells a page-derived spec from a hand-written one (spec/README.md).
        yaml_text = emit({SOURCE_PAGE: page_file.name, **spec}, banner)
        _loader_check(yaml_text, target, diagnostics)
    ok = not diagnostics.failed
    return Imported(
        page_file, target, yaml_text if ok else None, tuple(diagnostics.items), realtime_tr
    )


def pages_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.name not in NOT_PAGES)


@attrs.frozen
class Summary:
    written: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0


def import_all(
    folder: Path,
    spec_dir: Path,
    common: Common,
    *,
    force: bool = False,
    say: Callable[[str], None] = print,
    verbose: bool = False,
) -> Summary:
    """Every page of `folder` into spec_dir; a spec already there is kept unless `force`.

    A page's spec is re-imported where it is (found by its `source_page` and TR), wherever that
    is; a hand-written spec (no `source_page`) is never replaced, not even with `force`.
    """
    pages = pages_in(folder)
    existing = existing_specs(spec_dir)
    written = skipped = failed = warnings = 0
    width = len(str(len(pages)))
    for n, page in enumerate(pages, 1):
        result = import_page(page, common)
        key = key_of_text(result.text)
        own = existing.own(page.name, key)
        if own is not None and own != result.target:  # where the user moved it (or -o put it)
            result = import_page(page, common, place=own)
        shown = [d for d in result.diagnostics if verbose or d.level is not Level.INFO]
        warnings += len(result.of(Level.WARNING))
        place, note = placed(result.target, result.page.name, result.realtime_tr, key, existing)
        target = spec_dir / place if place else None
        if result.text is None:
            status = f"FAILED ({len(result.of(Level.ERROR))} error(s))"
            failed += 1
        elif place is None or target is None:
            status = f"{note}: skipped"
            skipped += 1
        elif target.exists() and not force:
            status = f"{target} exists: skipped (--force replaces it)"
            skipped += 1
        else:
            text = result.text
            if target.exists():  # --force: fields absorbed from live replies stay
                text = carry_absorbed(target.read_text(encoding="utf-8"), text)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            status = f"-> {target}" + (
                f" ({len(result.of(Level.WARNING))} warning(s))" if result.of(Level.WARNING) else ""
            )
            written += 1
            existing.specs[place] = (page.name, key)  # a later page read as the same name sees it
            if note:
                warnings += 1
                status += f" warning: {note}"
        say(f"[{n:>{width}}/{len(pages)}] {page.name} {status}")
        for diagnostic in shown:
            say(f"    {diagnostic}")
    say(
        f"{len(pages)} page(s): {written} written, {skipped} skipped, {failed} failed, "
        f"{warnings} warning(s)"
    )
    return Summary(written, skipped, failed, warnings)
