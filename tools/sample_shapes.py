"""Audit every REST block's shape against how KIS's own samples read it.

For each spec block, each sample of its path (examples_llm/<area>/<fn>/<fn>.py and the functions
in examples_user/<area>/*_functions.py of github:koreainvestment/open-trading-api) reads it as
rows (`DataFrame(x)`), as one object (`DataFrame([x])`, `DataFrame(x, index=[0])`), either way
(`isinstance(x, list)` decides), or in some other way ("?"). Prints the blocks whose spec shape a
sample contradicts, then a count of (spec shape, sample reading).
Usage: python tools/sample_shapes.py MIRROR_GIT_DIR
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parent.parent / "spec"
_URL = re.compile(r'(?:api_url|API_URL)\s*=\s*"(/uapi[^"]+)"')


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", repo, *args],  # noqa: S607 - a developer tool; git from PATH
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def sources(repo: str) -> dict[str, list[tuple[str, str]]]:
    """API path -> [(sample, the code that calls it)]."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in git(repo, "ls-tree", "-r", "--name-only", "HEAD").split("\n"):
        llm = name.startswith("examples_llm/") and "/chk_" not in name
        user = name.startswith("examples_user/") and name.endswith("_functions.py")
        if not name.endswith(".py") or not (llm or user):
            continue
        text = git(repo, "show", f"HEAD:{name}")
        for chunk in re.split(r"\n(?=def )", text) if user else [text]:
            if (url := _URL.search(chunk)) is not None:
                found[url.group(1)].append((name, chunk))
    return found


def reading(block: str, code: str) -> str:
    body = rf"res\.getBody\(\)\.{block}\b"
    names = [re.escape(v) for v in re.findall(rf"(\w+)\s*=\s*{body}", code)]
    value = "|".join([body, *names])
    if names and re.search(rf"isinstance\(\s*({'|'.join(names)})\s*,\s*list\s*\)", code):
        return "either"
    rows = re.search(rf"DataFrame\(\s*({value})\s*\)", code)
    one = re.search(rf"DataFrame\(\s*\[\s*({value})\s*\]\s*\)|DataFrame\(\s*({value})\s*,", code)
    if rows and not one:
        return "rows"
    if one and not rows:
        return "one"
    return "?"


def main(repo: str) -> None:
    samples = sources(repo)
    counts: Counter[tuple[str, str]] = Counter()
    for file in sorted(SPEC.rglob("*.yaml")):
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        if spec.get("kind") in ("auth", "realtime") or "path" not in spec:
            continue
        for block in spec.get("response", {}).get("outputs", []):
            for sample, code in samples.get(spec["path"], []):
                how = reading(block["name"], code)
                counts[(block["shape"], how)] += 1
                wrong = {"array": "one", "object": "rows"}[block["shape"]]
                if how == wrong:
                    print(
                        f"{file.relative_to(SPEC)} {block['name']}: {block['shape']}, {sample} "
                        f"reads {how}"
                    )
    for (shape, how), n in sorted(counts.items()):
        print(f"{shape:6} {how:6} {n}")


if __name__ == "__main__":
    main(sys.argv[1])
