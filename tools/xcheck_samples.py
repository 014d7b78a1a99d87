"""Cross-check spec/ against KIS's own samples (github:koreainvestment/open-trading-api).

The samples (examples_llm/<area>/<fn>/<fn>.py) read each reply block by name
(`res.getBody().output1`), build a DataFrame from it (`DataFrame(x)`: rows; `DataFrame([x])`:
one object), send their params as a dict of KIS names, and chk_<fn>.py lists the reply columns.
This script reports where a spec differs: block names, shapes, request param names, reply field
names. Usage: python tools/xcheck_samples.py MIRROR_GIT_DIR [--json OUT]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parent.parent / "spec"
_URL = re.compile(r'^API_URL\s*=\s*"([^"]+)"', re.M)
_TR = re.compile(r'tr_id\s*=\s*"([A-Z0-9]{6,13})"')
_PARAM = re.compile(r'^\s*"([A-Za-z][A-Za-z0-9_]*)"\s*:', re.M)
_BLOCK = re.compile(r"getBody\(\)\s*\.\s*(\w+)|hasattr\(\s*res\.getBody\(\)\s*,\s*['\"](\w+)['\"]")
_ARRAY = re.compile(r"DataFrame\(\s*res\.getBody\(\)\.(\w+)\s*\)")
_OBJECT = re.compile(r"DataFrame\(\s*\[\s*res\.getBody\(\)\.(\w+)\s*\]\s*\)")
_COLUMNS = re.compile(r"COLUMN_MAPPING\s*=\s*\{(.*?)\n\}", re.S)
_ALLOWED = re.compile(r"if\s+(\w+)\s+not\s+in\s+\[([^\]]*)\]")
_LITERAL = re.compile(r"[\"']([^\"']*)[\"']")
_EXAMPLE_CALL = re.compile(r">>>\s*\w+(?:\s*,\s*\w+)*\s*=\s*\w+\((.*?)\)\s*$", re.M)
_KWARG = re.compile(r"(\w+)\s*=\s*[\"']([^\"']*)[\"']")
_KEY = re.compile(r"['\"]([A-Za-z][A-Za-z0-9_ ]*)['\"]\s*:")


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", repo, *args],  # noqa: S607 - a developer tool; git from PATH
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def samples(repo: str) -> dict[str, list[dict]]:
    """API path -> the samples calling it (one per function)."""
    files = git(repo, "ls-tree", "-r", "--name-only", "HEAD", "examples_llm").split()
    out: dict[str, list[dict]] = defaultdict(list)
    for f in files:
        parts = f.split("/")
        if len(parts) != 4 or not f.endswith(".py") or parts[3] != parts[2] + ".py":
            continue
        text = git(repo, "show", f"HEAD:{f}")
        url = _URL.search(text)
        if not url:
            continue
        chk = f"examples_llm/{parts[1]}/{parts[2]}/chk_{parts[2]}.py"
        columns: list[str] = []
        if chk in files:
            m = _COLUMNS.search(git(repo, "show", f"HEAD:{chk}"))
            if m:
                columns = _KEY.findall(m.group(1))
        blocks = sorted({a or b for a, b in _BLOCK.findall(text)} - {"rt_cd", "msg_cd", "msg1"})
        out[url.group(1)].append(
            {
                "file": f,
                "tr_ids": sorted(set(_TR.findall(text))),
                "params": sorted(set(_PARAM.findall(text))),
                "blocks": blocks,
                "arrays": sorted(set(_ARRAY.findall(text))),
                "objects": sorted(set(_OBJECT.findall(text))),
                "columns": columns,
                "example_args": [
                    {k.upper(): v for k, v in _KWARG.findall(args)}
                    for args in _EXAMPLE_CALL.findall(text)
                ],
                "allowed": {
                    var.upper(): _LITERAL.findall(listed) for var, listed in _ALLOWED.findall(text)
                },
            }
        )
    return out


def user_examples(repo: str) -> dict[str, list[dict[str, str]]]:
    """API path -> the kwargs of the example calls in examples_user/*/*_functions.py."""
    files = git(repo, "ls-tree", "-r", "--name-only", "HEAD", "examples_user").split()
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for f in (f for f in files if f.endswith("_functions.py")):
        for fn in re.split(r"\n(?=def )", git(repo, "show", f"HEAD:{f}")):
            url = re.search(r'api_url\s*=\s*"([^"]+)"', fn)
            example = re.search(r'>>>(.*?)"""', fn, re.S)
            if url and example:
                kwargs = dict(_KWARG.findall(example.group(1)))
                out[url.group(1)].append({k.upper(): v for k, v in kwargs.items()})
    return out


def check(repo: str) -> list[dict]:
    by_path = samples(repo)
    for path, calls in user_examples(repo).items():
        for s in by_path.get(path, []):
            s["example_args"] = s["example_args"] + calls
    report = []
    for file in sorted(SPEC.rglob("*.yaml")):
        if file.name == "_common.yaml":
            continue
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        if spec.get("kind") == "realtime":  # WebSocket TRs: no REST sample to compare
            continue
        trs = {t["real"] for t in spec.get("tr_ids", [])} | {
            t["paper"] for t in spec.get("tr_ids", [])
        }
        found = [
            s for s in by_path.get(spec["path"], []) if not s["tr_ids"] or trs & set(s["tr_ids"])
        ]
        found = found or by_path.get(spec["path"], [])
        rel = str(file.relative_to(SPEC))
        if not found:
            report.append({"spec": rel, "sample": None})
            continue
        req = spec.get("request", {})
        params = {f["name"] for f in req.get("params", []) + req.get("body", [])}
        outputs = spec.get("response", {}).get("outputs", [])
        blocks = {o["name"]: o for o in outputs}
        fields = {f["name"] for o in outputs for f in o["fields"]} | {
            f["name"] for f in spec.get("response", {}).get("body", [])
        }
        for s in found:
            entry = {"spec": rel, "sample": s["file"]}
            sb = set(s["blocks"])
            if sb != set(blocks):
                entry["blocks"] = {"spec": sorted(blocks), "sample": sorted(sb)}
            shapes = {}
            for name in s["arrays"]:
                if name in blocks and blocks[name]["shape"] != "array":
                    shapes[name] = "sample reads rows"
            for name in s["objects"]:
                if name in blocks and blocks[name]["shape"] != "object":
                    shapes[name] = "sample reads one object"
            if shapes:
                entry["shapes"] = shapes
            sp = set(s["params"]) - {"tr_id", "tr_cont"}
            if sp and params and sp != params:
                entry["params"] = {
                    "sample_only": sorted(sp - params),
                    "spec_only": sorted(params - sp),
                }
            fields_req = req.get("params", []) + req.get("body", [])
            for f in fields_req:
                allowed = s["allowed"].get(f["name"].upper())
                if allowed is not None and f.get("values"):
                    extra = sorted(set(allowed) - set(f["values"]) - {""})
                    if extra:
                        entry.setdefault("values", {})[f["name"]] = {
                            "spec": sorted(f["values"]),
                            "sample_also": extra,
                        }
            for f in fields_req:
                sent = {a[f["name"].upper()] for a in s["example_args"] if f["name"].upper() in a}
                refused = sorted(v for v in sent if v and f.get("values") and v not in f["values"])
                if refused:
                    entry.setdefault("example_refused", {})[f["name"]] = {
                        "spec": sorted(f["values"]),
                        "sample_sends": refused,
                    }
            cols = set(s["columns"])
            if cols:
                exact = sorted(cols - fields)
                if exact:
                    entry["columns_not_in_spec"] = exact
            if len(entry) > 2:
                report.append(entry)
    return report


if __name__ == "__main__":
    result = check(sys.argv[1])
    if "--json" in sys.argv:
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(
            json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    for entry in result:
        print(json.dumps(entry, ensure_ascii=False))
