"""List the reply blocks KIS's own samples read as "no rows" when a success reply lacks them.

Each sample in examples_llm/<area>/<fn>/<fn>.py of github:koreainvestment/open-trading-api
that reads a block under `if hasattr(res.getBody(), "output"):` adds no rows when a success reply
has no such block (where it has an else, it builds an empty table, `pd.DataFrame()`). For every spec array block guarded that way this prints
one line of `ABSENT_MEANS_NO_ROWS` (codegen/importer/corrections.py), to review and paste.
Usage: python tools/sample_absent_blocks.py MIRROR_GIT_DIR
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parent.parent / "spec"
_URL = re.compile(r'^API_URL\s*=\s*"([^"]+)"', re.M)
_GUARD = re.compile(r"^(\s*)if\s+hasattr\(\s*res\.getBody\(\)\s*,\s*['\"](\w+)['\"]\s*\):")


def guarded_blocks(text: str) -> set[str]:
    """Blocks read under `if hasattr(res.getBody(), name):`: without the block the sample adds no
    rows (its else, where it has one, builds an empty table)."""
    return {m.group(2) for m in map(_GUARD.match, text.split("\n")) if m is not None}


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", repo, *args],  # noqa: S607 - a developer tool; git from PATH
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def guarded(repo: str) -> dict[str, tuple[set[str], str]]:
    found: dict[str, tuple[set[str], str]] = {}
    for name in git(repo, "ls-tree", "-r", "--name-only", "HEAD", "examples_llm").split("\n"):
        if not name.endswith(".py") or "/chk_" in name:
            continue
        text = git(repo, "show", f"HEAD:{name}")
        url = _URL.search(text)
        blocks = guarded_blocks(text)
        if url and blocks:
            found[url.group(1)] = (blocks, name.removeprefix("examples_llm/").removesuffix(".py"))
    return found


def main(repo: str) -> None:
    samples = guarded(repo)
    table: dict[str, tuple[list[str], str]] = defaultdict(lambda: ([], ""))
    for file in sorted(SPEC.rglob("*.yaml")):
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        if spec.get("kind") in ("auth", "realtime") or spec.get("path") not in samples:
            continue
        blocks, sample = samples[spec["path"]]
        arrays = [
            o["name"]
            for o in spec.get("response", {}).get("outputs", [])
            if o["shape"] == "array" and o["name"] in blocks
        ]
        if arrays:
            table[spec["path"]] = (sorted(arrays), sample)
    for path, (arrays, sample) in sorted(table.items()):
        print(f"    {path!r}: ({tuple(arrays)!r}, {sample!r}),")


if __name__ == "__main__":
    main(sys.argv[1])
