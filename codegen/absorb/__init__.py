"""`python -m codegen absorb DIR [--spec spec] [--write]`: fields KIS added, from recordings.

Reads the recordings under DIR (kis_runtime.recording), proposes the spec fields they show
(codegen/absorb/propose.py has the rules), prints the proposal as a unified diff per spec file
plus the reports (values a typed field could not read, misspelled names, unknown blocks), and with
`--write` applies it: each field appended to its list in the YAML text, nothing else of the file
touched (comments and layout kept), each file checked to read back as intended. Then
`make generate`. Running it again on the same recordings changes nothing.
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from codegen.absorb.propose import Proposal, propose
from codegen.absorb.recordings import RecordingError, read
from codegen.absorb.specs import SpecFile, load_tree
from codegen.importer.absorbed import EditError, field_lists, insert_fields


def edited(proposal: Proposal) -> dict[str, tuple[SpecFile, str]]:
    """Spec file (relative path) -> (spec, its new text), in the order of the proposal."""
    result: dict[str, tuple[SpecFile, str]] = {}
    for addition in proposal.additions:
        spec = addition.spec
        text = result.get(spec.rel, (spec, spec.text))[1]
        where = next(w for w, label, _ in field_lists(spec.data) if label == addition.label)
        text = insert_fields(text, where, [addition.field])
        spec.data = _reloaded(text)
        result[spec.rel] = (spec, text)
    return result


def _reloaded(text: str) -> dict[str, object]:
    import yaml

    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".absorb-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(
    directory: Path, spec_dir: Path, *, write: bool = False, say: Callable[[str], None] = print
) -> int:
    """0: proposal printed (and written with `write`); 1: a recording or a spec edit failed."""
    try:
        recordings = read(directory)
        proposal = propose(recordings, load_tree(spec_dir))
        changes = edited(proposal)
    except (RecordingError, EditError) as exc:
        print(f"absorb: {exc}", file=sys.stderr)
        return 1
    for spec, text in changes.values():
        rel = f"{spec_dir.name}/{spec.rel}"
        diff = difflib.unified_diff(
            spec.text.splitlines(keepends=True),
            text.splitlines(keepends=True),
            f"a/{rel}",
            f"b/{rel}",
        )
        say("".join(diff).rstrip("\n"))
    for note in proposal.notes:
        say(f"note: {note}")
    for name in recordings.skipped:
        say(f'note: {name}: not a recording (no "format": kis-recording/1): skipped')
    fields = len(proposal.additions)
    summary = (
        f"{len(recordings.replies)} reply(s) and {len(recordings.frames)} frame(s) read "
        f"({proposal.ignored} error replies or unknown TRs left out): "
        f"{fields} field(s) to add in {len(changes)} spec file(s)"
    )
    if write and changes:
        for spec, text in changes.values():
            _write(spec.path, text)
        say(f"{summary}: written; now run `make generate`")
    elif changes:
        say(f"{summary}; --write applies them")
    else:
        say(f"{summary}: the specs already have every field seen")
    return 0


__all__ = ["run"]
