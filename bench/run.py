"""`make bench`: the binding's speed as ratios measured side by side in one run.

Every figure pairs the binding with a floor (plain httpx + json, a bare import) measured in the
same run, interleaved, repeated; the table shows the median ratio and its min-max over the runs.
The bench reports; it asserts nothing. Results go to bench/results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import orders
import realtime

ROOT = Path(__file__).resolve().parents[1]
REPLY = ROOT / "tests/data/kis-replies/TTTC2208R__pension-inquire-balance__portal-example.json"
TR_MODULE = "kis.domestic_stock.trading.pension_inquire_balance"
# A module of about the same size, imported before a warm call (see FIRST_CALL).
COLD_MODULE = "kis.domestic_stock.trading.pension_inquire_daily_ccld"


def reply_body(rows: int = 1) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(REPLY.read_text(encoding="utf-8"))["body"]
    row = body["output1"][0]
    body["output1"] = [dict(row, pdno=f"{i:06d}") for i in range(rows)]
    return body


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(binding: Callable[[], object], floor: Callable[[], object], runs: int) -> dict[str, Any]:
    """Run both `runs` times, interleaved, so machine noise hits both alike."""
    return summary([(timed(binding), timed(floor)) for _ in range(runs)])


def summary(pairs: list[tuple[float, float]]) -> dict[str, Any]:
    """Medians of (binding, floor) timings and the median / min / max of their ratios."""
    ratios = [b / f for b, f in pairs]
    return {
        "binding_s": statistics.median(b for b, _ in pairs),
        "floor_s": statistics.median(f for _, f in pairs),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "runs": len(pairs),
    }


# Installed packages come with bytecode; the project's own sources get theirs here, as a user's
# first import would leave it. Without this, PYTHONDONTWRITEBYTECODE=1 (set on some machines)
# would make every timed `import kis` compile the runtime from source while the floor does not.
BENCH_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_project() -> None:
    folders = [str(ROOT / "src"), str(ROOT / "generated")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True, env=BENCH_ENV)


def process(code: str) -> Callable[[], object]:
    command = [sys.executable, "-c", code]
    return lambda: subprocess.run(command, check=True, capture_output=True, env=BENCH_ENV)


def bench_import(runs: int) -> dict[str, Any]:
    # `import kis` alone loads nothing up front (PEP 562): time what a program does first.
    whole = paired(process("import kis; kis.Client"), process("import httpx, attrs"), runs)
    # First touch of one TR module, timed inside fresh processes after `import kis; kis.Client`.
    code = (
        "import time, kis, importlib\nkis.Client\n"
        f"s = time.perf_counter(); importlib.import_module({TR_MODULE!r}); "
        "print(time.perf_counter() - s)"
    )
    touches = [
        float(
            subprocess.run(
                [sys.executable, "-c", code],
                check=True,
                capture_output=True,
                text=True,
                env=BENCH_ENV,
            ).stdout
        )
        for _ in range(runs)
    ]
    count = subprocess.run(
        [sys.executable, "-c", "import kis; print(len(kis.registry.REGISTRY))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    whole["first_tr_module_ms"] = statistics.median(touches) * 1000
    whole["trs"] = int(count)
    return whole


FIRST_CALL = f"""
import importlib, json, statistics, sys, time, httpx, kis
body = sys.stdin.buffer.read()
other = importlib.import_module("kis.domestic_stock.trading.pension_inquire_present_balance")
WIRE = {{"str": "A1", "int": "12", "Decimal": "-1.25", "date": "20240102", "time": "093000"}}
def rows(block):
    row = {{f.key: WIRE[f.type] for f in block.fields}}
    return [row] if block.array else row
blocks = {{b.name: rows(b) for b in other.ENDPOINT.outputs}}
other_body = json.dumps({{"rt_cd": "0", "msg_cd": "0", "msg1": "", **blocks}}).encode()
def reply(request):
    content = other_body if request.headers["tr_id"] != "TTTC2208R" else body
    return httpx.Response(200, content=content, headers={{"tr_cont": "D"}})
client = kis.Client("k" * 36, "s" * 180, transport=httpx.MockTransport(reply),
                    token_cache=False, rate_limit=0)
client._tokens.usable = lambda stale=None: "t"  # no token round trip in the timing
# The client's own first use (httpx's lazy imports, the flow) is not the TR's: warm it on another.
fields = {{p.py_name: "00" for p in other.ENDPOINT.params if p.required and not p.cursor}}
other.fetch(client, other.ENDPOINT.request_type(**{{**fields, "cano": "12345678"}}))
other_request = other.ENDPOINT.request_type(**{{**fields, "cano": "12345678"}})
for _ in range(20):
    other.fetch(client, other_request)
# Any import slows the next call down (the interpreter's and the CPU's caches are cold after it):
# a warm TR's call right after importing another module shows what the import alone costs.
importlib.import_module({COLD_MODULE!r})
start = time.perf_counter(); other.fetch(client, other_request)
after_import = time.perf_counter() - start
bal = importlib.import_module({TR_MODULE!r})
request = bal.PensionInquireBalanceRequest(cano="12345678")
start = time.perf_counter(); bal.fetch(client, request); first = time.perf_counter() - start
warm = []
for _ in range(50):
    start = time.perf_counter(); bal.fetch(client, request)
    warm.append(time.perf_counter() - start)
# The same for raw httpx: its first request to a path it has not sent to vs warm ones.
raw = httpx.Client(transport=httpx.MockTransport(reply))
raw.get("https://x.test/warm", headers={{"tr_id": "X"}})
url = "https://x.test/uapi/domestic-stock/v1/trading/pension/inquire-balance"
start = time.perf_counter(); raw.get(url, headers={{"tr_id": "TTTC2208R"}})
raw_first = time.perf_counter() - start
raw_warm = []
for _ in range(50):
    start = time.perf_counter(); raw.get(url, headers={{"tr_id": "TTTC2208R"}})
    raw_warm.append(time.perf_counter() - start)
warm_median, raw_warm_median = statistics.median(warm), statistics.median(raw_warm)
print(json.dumps([first, warm_median, after_import, raw_first, raw_warm_median]))
"""

# Each process reports its own peak resident memory: VmHWM from /proc/self/status (Linux). Not
# ru_maxrss of a child, which on Linux starts from the parent's peak (fork) and so carries the
# bench's own memory into every child's figure.
PEAK_RSS = """
def peak_rss_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource, sys
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes there, KiB here
"""

ALL_MODULES = (
    PEAK_RSS
    + """
import importlib, json, sys, time
start = time.perf_counter()
if sys.argv[1] == "kis":
    import kis
    for entry in kis.registry.REGISTRY.entries:
        importlib.import_module(entry.module)
elif sys.argv[1] == "client":
    import kis
    kis.Client
else:
    import httpx, attrs
print(json.dumps([time.perf_counter() - start, peak_rss_kib()]))
"""
)


def bench_first_call(runs: int) -> dict[str, Any]:
    """A TR's first call right after its module is imported, in fresh processes whose client has
    already made calls of another TR, against that warm TR's call right after importing a module
    of the same size: the TR's own first-use cost, beside what any import costs the next call.
    Also reported: the first call against the median warm call, and the import's share of it."""
    body = json.dumps(reply_body(20)).encode()
    pairs, against_warm, import_alone, raw = [], [], [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_CALL], input=body, check=True, capture_output=True
        ).stdout
        first, warm, after_import, raw_first, raw_warm = json.loads(out)
        pairs.append((first, after_import))
        against_warm.append(first / warm)
        import_alone.append(after_import / warm)
        raw.append(raw_first / raw_warm)
    return summary(pairs) | {
        "vs_warm": statistics.median(against_warm),
        "vs_warm_min": min(against_warm),
        "vs_warm_max": max(against_warm),
        "import_alone": statistics.median(import_alone),
        "raw_httpx_ratio": statistics.median(raw),
    }


def bench_all_modules(runs: int) -> dict[str, Any]:
    """Importing every TR module: time, and the process's own peak RSS (VmHWM) against a fresh
    process's that imports only the dependencies (httpx, attrs); `import kis; kis.Client` beside
    them. Memory is not noisy like time: a few runs suffice."""
    rss: list[tuple[float, float]] = []
    client_rss: list[float] = []
    times: list[tuple[float, float]] = []
    for _ in range(runs):
        every, client, deps = (
            json.loads(
                subprocess.run(
                    [sys.executable, "-c", ALL_MODULES, which],
                    check=True,
                    capture_output=True,
                    env=BENCH_ENV,
                ).stdout
            )
            for which in ("kis", "client", "deps")
        )
        times.append((every[0], deps[0]))
        rss.append((every[1], deps[1]))
        client_rss.append(client[1])
    return {
        "time": summary(times),
        "rss": summary(rss) | {"unit": "KiB", "measure": "VmHWM of each fresh process"},
        "client_rss_kib": statistics.median(client_rss),
    }


def _handler(body: bytes) -> Callable[[httpx.Request], httpx.Response]:
    token = json.dumps({"access_token": "bench", "expires_in": 86400}).encode()

    def handle(request: httpx.Request) -> httpx.Response:
        content = token if request.url.path == "/oauth2/tokenP" else body
        return httpx.Response(
            200, content=content, headers={"tr_cont": "D", "content-type": "application/json"}
        )

    return handle


def _client_options() -> dict[str, Any]:
    """No client-side limiter in a CPU benchmark; tokens kept in memory (no cache file)."""
    return {"rate_limit": 0, "token_cache": False}


def bench_calls(calls: int, runs: int) -> dict[str, Any]:
    import kis
    from kis.domestic_stock.trading import pension_inquire_balance as bal

    body = json.dumps(reply_body(), ensure_ascii=False).encode()
    transport = httpx.MockTransport(_handler(body))
    url = "https://bench.invalid/uapi/domestic-stock/v1/trading/pension/inquire-balance"
    request = bal.PensionInquireBalanceRequest(cano="12345678")
    options = _client_options()

    client = kis.Client(
        "key", "secret", transport=transport, base_url="https://bench.invalid", **options
    )
    raw = httpx.Client(transport=transport)
    params = {
        "CANO": "12345678",
        "ACNT_PRDT_CD": "29",
        "ACCA_DVSN_CD": "00",
        "INQR_DVSN": "00",
        "CTX_AREA_FK100": "",
        "CTX_AREA_NK100": "",
    }
    headers = {
        "authorization": "Bearer bench",
        "appkey": "key",
        "appsecret": "secret",
        "tr_id": "TTTC2208R",
        "custtype": "P",
        "tr_cont": "",
    }

    def binding() -> None:
        for _ in range(calls):
            bal.fetch(client, request)

    def floor() -> None:
        for _ in range(calls):
            json.loads(raw.get(url, params=params, headers=headers).content)

    sync = paired(binding, floor, runs)

    async def run_async() -> dict[str, Any]:
        aclient = kis.AsyncClient(
            "key", "secret", transport=transport, base_url="https://bench.invalid", **options
        )
        araw = httpx.AsyncClient(transport=transport)

        async def abinding() -> None:
            for _ in range(calls):
                await bal.fetch_async(aclient, request)

        async def afloor() -> None:
            for _ in range(calls):
                json.loads((await araw.get(url, params=params, headers=headers)).content)

        pairs = []
        for _ in range(runs):
            start = time.perf_counter()
            await abinding()
            middle = time.perf_counter()
            await afloor()
            pairs.append((middle - start, time.perf_counter() - middle))
        await aclient.aclose()
        await araw.aclose()
        return summary(pairs)

    result = {"sync": sync, "async": asyncio.run(run_async()), "calls": calls}
    client.close()
    raw.close()
    return result


def bench_parse(rows: int, runs: int) -> dict[str, Any]:
    """Typed parse of a reply (decode + typed rows) vs json.loads alone: with the standard
    library's decoder, and with orjson (the `fast` extra) where it is installed."""
    import kis_runtime.reply as reply
    from kis.domestic_stock.trading import pension_inquire_balance as bal

    content = json.dumps(reply_body(rows), ensure_ascii=False).encode()
    parser = bal.ENDPOINT.parser
    repeat = 20

    def binding() -> None:
        for _ in range(repeat):
            parser.parse("TTTC2208R", reply.loads(content))

    def floor() -> None:
        for _ in range(repeat):
            json.loads(content)

    result: dict[str, Any] = {"rows": rows}
    decoders: dict[str, Callable[[bytes], Any]] = {"json": json.loads}
    try:
        import orjson

        decoders["orjson"] = orjson.loads
    except ImportError:
        pass
    for name, decoder in decoders.items():
        reply._fast_loads = decoder
        result[name] = paired(binding, floor, runs)
    reply._fast_loads = None
    return result


def bench_frames(rows: int, runs: int) -> dict[str, Any] | None:
    """DataFrames of the typed reply vs the official samples' pd.DataFrame(output1) of strings."""
    try:
        import pandas as pd
        import polars  # noqa: F401 - present, or the figure is skipped
    except ImportError:
        return None
    from kis.domestic_stock.trading import pension_inquire_balance as bal
    from kis_runtime import frames

    text = json.dumps(reply_body(rows), ensure_ascii=False)
    typed = bal.ENDPOINT.parser.parse("TTTC2208R", json.loads(text))
    strings = json.loads(text)["output1"]
    frames.to_pandas(typed), frames.to_polars(typed), pd.DataFrame(strings)  # warm up
    repeat = 10

    def floor() -> None:
        for _ in range(repeat):
            pd.DataFrame(strings)

    def to_pandas() -> None:
        for _ in range(repeat):
            frames.to_pandas(typed)

    def to_polars() -> None:
        for _ in range(repeat):
            frames.to_polars(typed)

    def end_to_end() -> None:
        for _ in range(repeat):
            frames.to_pandas(bal.ENDPOINT.parser.parse("TTTC2208R", json.loads(text)))

    def end_to_end_floor() -> None:
        for _ in range(repeat):
            pd.DataFrame(json.loads(text)["output1"])

    return {
        "rows": rows,
        "pandas": paired(to_pandas, floor, runs),
        "polars": paired(to_polars, floor, runs),
        "end_to_end": paired(end_to_end, end_to_end_floor, runs),
    }


def bench_generate(runs: int) -> dict[str, Any]:
    specs = sum(1 for p in (ROOT / "spec").rglob("*.yaml") if p.name != "_common.yaml")
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            command = [
                sys.executable,
                "-m",
                "codegen",
                "generate",
                "--spec",
                str(ROOT / "spec"),
                "--out",
                out,
            ]
            times.append(
                timed(
                    lambda c=command: subprocess.run(c, check=True, capture_output=True, cwd=ROOT)
                )
            )
    total = statistics.median(times)
    return {
        "specs": specs,
        "total_s": total,
        "min_s": min(times),
        "max_s": max(times),
        "per_spec_ms": total / max(specs, 1) * 1000,
        "projected_300_s": total / max(specs, 1) * 300,
        "runs": runs,
    }


def busiest_window(times: list[float], period: float = 1.0) -> int:
    """The most send times in any half-open window [t, t + period)."""
    times = sorted(times)
    return max(bisect.bisect_left(times, t + period) - i for i, t in enumerate(times))


def _limited_sends(rate: float, *, threads: int, calls: int) -> list[float]:
    """Send times recorded by the transport for `calls` fetches through a `rate`/s limiter:
    concurrent asyncio tasks (threads=0), or `threads` threads of calls // threads each."""
    import threading

    import kis
    from kis.domestic_stock.trading import pension_inquire_balance as bal
    from kis_runtime import RateLimiter

    body = json.dumps(reply_body(), ensure_ascii=False).encode()
    answer = _handler(body)
    request = bal.PensionInquireBalanceRequest(cano="12345678")
    sent: list[float] = []
    lock = threading.Lock()

    def record(req: httpx.Request) -> httpx.Response:
        if req.url.path != "/oauth2/tokenP":
            with lock:
                sent.append(time.monotonic())
        return answer(req)

    options: dict[str, Any] = {
        "transport": httpx.MockTransport(record),
        "base_url": "https://bench.invalid",
        "rate_limit": RateLimiter(rate),
        "token_cache": False,
    }
    if threads == 0:

        async def run() -> None:
            async with kis.AsyncClient("key", "secret", **options) as client:
                await client.access_token()
                await asyncio.gather(*(bal.fetch_async(client, request) for _ in range(calls)))

        asyncio.run(run())
        return sent
    with kis.Client("key", "secret", **options) as client:
        client.access_token()

        def worker() -> None:
            for _ in range(calls // threads):
                bal.fetch(client, request)

        workers = [threading.Thread(target=worker) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    return sent


def bench_limiter(calls: int, rate: float, runs: int, threads: int = 0) -> dict[str, Any]:
    """`calls` fetches through a `rate`/s limiter on a MockTransport, as asyncio tasks all
    started at once (threads=0) or from `threads` threads.

    The limiter promises at most `rate` sends in any one-second window, timed where requests
    leave: the transport's own timestamps. Reported: the busiest such window over all runs, and
    the sustained rate: the sends after the first `rate`, over the time from the `rate`-th send to
    the last (the limiter spaces requests evenly; the first `rate` are the ones any window allows).
    """
    results = []
    for _ in range(runs):
        sent = sorted(_limited_sends(rate, threads=threads, calls=calls))
        first = int(rate) - 1
        sustained = (len(sent) - 1 - first) / (sent[-1] - sent[first])
        results.append((sustained, busiest_window(sent)))
    ratios = [sustained / rate for sustained, _ in results]
    return {
        "calls": calls,
        "threads": threads,
        "configured": rate,
        "achieved": statistics.median(s for s, _ in results),
        "busiest_window": max(b for _, b in results),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "runs": runs,
    }


def row(name: str, figure: dict[str, Any], target: str) -> str:
    return (
        f"| {name} | {figure['ratio']:.2f}x | {figure['ratio_min']:.2f}-{figure['ratio_max']:.2f}"
        f" | {target} |"
    )


def generate_row(gen: dict[str, Any]) -> str:
    per_spec = f"{gen['per_spec_ms']:.0f} ms/spec; 300 specs ~{gen['projected_300_s']:.1f} s"
    spread = f"{gen['min_s']:.2f}-{gen['max_s']:.2f} s"
    name = f"make generate, {gen['specs']} specs"
    return f"| {name} | {gen['total_s']:.2f} s ({per_spec}) | {spread} | <= 10 s for 300 |"


def limiter_row(lim: dict[str, Any]) -> str:
    who = (
        f"{lim['threads']} threads x {lim['calls'] // lim['threads']} sync"
        if lim["threads"]
        else (f"{lim['calls']} async")
    )
    return (
        f"| limiter: {who} calls at {lim['configured']:.0f}/s | "
        f"{lim['ratio']:.3f}x of configured ({lim['achieved']:.1f}/s); busiest 1-s window "
        f"{lim['busiest_window']} | {lim['ratio_min']:.3f}-{lim['ratio_max']:.3f} | "
        f">= 0.95x; busiest <= {lim['configured']:.0f} |"
    )


def table(results: dict[str, Any]) -> str:
    """The README's table from results (bench/results.json): every figure present, in order."""
    lines = [
        f"kis-binding bench, {results['date']}, Python {results['python']}, {results['machine']}",
        "",
        "| figure | median | min-max | target |",
        "|---|---|---|---|",
    ]
    imp = results.get("import")
    if imp:
        name = f"import kis; kis.Client ({imp['trs']} TRs) vs import httpx, attrs"
        lines.append(row(name, imp, "<= 1.10x"))
    calls = results.get("calls")
    if calls:
        lines += [
            row(
                f"{calls['calls']} calls, Client vs raw httpx + json.loads",
                calls["sync"],
                "<= 1.15x",
            ),
            row(
                f"{calls['calls']} calls, AsyncClient vs raw httpx.AsyncClient",
                calls["async"],
                "<= 1.15x",
            ),
        ]
    if "orders" in results:
        lines += orders.rows(results["orders"])
    parse = results.get("parse")
    if parse:
        lines += [
            row(f"parse {parse['rows']} output1 rows ({name} decoder) vs json.loads", fig, "<= 2x")
            for name, fig in parse.items()
            if name != "rows"
        ]
    if "first_call" in results:
        lines.append(first_call_row(results["first_call"]))
    if "all_modules" in results:
        lines.append(memory_row(results["all_modules"]))
    if "generate" in results:
        lines.append(generate_row(results["generate"]))
    if "redis" in results:
        from redis_bench import rows as redis_rows

        lines += redis_rows(results["redis"])
    for key in ("limiter", "limiter_threads"):
        if key in results:
            lines.append(limiter_row(results[key]))
    if results.get("frames"):
        fr = results["frames"]
        floor = f"pd.DataFrame({fr['rows']} output1 rows of str)"
        lines += [
            row(f"to_pandas (exact decimals, ints, dates) vs {floor}", fr["pandas"], "report"),
            row(f"to_polars vs {floor}", fr["polars"], "report"),
            row(
                "JSON text -> typed reply -> to_pandas vs json.loads -> pd.DataFrame",
                fr["end_to_end"],
                "report",
            ),
        ]
    if "realtime" in results:
        lines += realtime.rows(results["realtime"], row)
    if imp and "all_modules" in results:
        lines.append(
            "\nFirst touch of one TR module after `import kis`: "
            f"{imp['first_tr_module_ms']:.1f} ms "
            f"(median); importing all {imp['trs']} TR modules: "
            f"{results['all_modules']['time']['binding_s']:.2f} s."
        )
    return "\n".join(lines)


def memory_row(figure: dict[str, Any]) -> str:
    rss = figure["rss"]
    mib = f"{rss['binding_s'] / 1024:.1f} vs {rss['floor_s'] / 1024:.1f} MiB"
    return row(
        f"import all TR modules: the process's own peak RSS (VmHWM) vs import httpx, attrs ({mib}; "
        f"import kis; kis.Client: {figure['client_rss_kib'] / 1024:.1f} MiB)",
        rss,
        "<= 1.5x",
    )


def first_call_row(fc: dict[str, Any]) -> str:
    return row(
        "first call of a TR right after its import vs a warm TR's call right after an import "
        f"(vs the median warm call: {fc['vs_warm']:.2f}x, {fc['vs_warm_min']:.2f}-"
        f"{fc['vs_warm_max']:.2f}; the import alone: {fc['import_alone']:.2f}x; raw httpx, "
        f"new path: {fc['raw_httpx_ratio']:.1f}x)",
        fc,
        "<= 2x",
    )


FIGURES = (
    "import",
    "calls",
    "orders",
    "parse",
    "first_call",
    "memory",
    "frames",
    "generate",
    "limiter",
    "redis",
    "decode",
    "e2e",
    "latency",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="repetitions per figure (>= 5)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer calls, records and runs: a smoke test (or KIS_BENCH_QUICK=1); nothing written",
    )
    parser.add_argument(
        "--only",
        default=",".join(FIGURES),
        help=f"comma-separated figures to measure (default all: {','.join(FIGURES)})",
    )
    parser.add_argument(
        "--table",
        action="store_true",
        help="print the README table from bench/results.json (measures nothing)",
    )
    args = parser.parse_args(argv)
    if args.table:
        saved = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
        try:
            print(table(saved))
        except KeyError as missing:
            parser.exit(1, f"bench/results.json predates this bench ({missing}): run make bench\n")
        return 0
    quick = args.quick or os.environ.get("KIS_BENCH_QUICK") == "1"
    only = set(args.only.split(","))
    unknown = only - set(FIGURES)
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(sorted(unknown))}")
    runs = 3 if quick else max(args.runs, 5)
    calls = 200 if quick else 2000
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    compile_project()
    if "import" in only:
        results["import"] = bench_import(runs)
    if "calls" in only:
        results["calls"] = bench_calls(calls, runs)
    if "orders" in only:
        results["orders"] = orders.bench_orders(200 if quick else 1000, runs)
    if "parse" in only:
        results["parse"] = bench_parse(100 if quick else 1000, runs)
    if "first_call" in only:
        results["first_call"] = bench_first_call(runs)
    if "memory" in only:
        results["all_modules"] = bench_all_modules(2 if quick else 3)
    if "frames" in only:
        results["frames"] = bench_frames(100 if quick else 1000, runs)
    if "generate" in only:
        results["generate"] = bench_generate(max(runs // 2, 2) if quick else 5)
    if "limiter" in only:
        limited = 400 if quick else 1000
        results["limiter"] = bench_limiter(limited, 200.0, runs)
        results["limiter_threads"] = bench_limiter(limited, 200.0, runs, threads=8)
    if "redis" in only:
        from redis_bench import bench_redis  # the optional coordinator (redis extra, dev server)

        results["redis"] = bench_redis(quick, runs)
    measured: dict[str, Any] = {}
    if "decode" in only:
        decoded = 10_000 if quick else 100_000
        measured["decode_1"] = realtime.bench_decode(decoded, 1, runs, paired)
        measured["decode_4"] = realtime.bench_decode(decoded, 4, runs, paired)
    if "e2e" in only:
        measured["e2e"] = realtime.bench_e2e(20_000 if quick else 100_000, 4, 2 if quick else 3)
    if "latency" in only:
        # 2,000/s for 10 s (quick: 1 s); the flood: 50,000 records back to back (quick: 5,000).
        steady, flood = (2_000, 5_000) if quick else (20_000, 50_000)
        measured["latency"] = realtime.bench_latency(steady, flood)
    if measured:
        results["realtime"] = measured
    text = table(results)
    print(text)
    if not quick and only == set(FIGURES):
        out = ROOT / "bench" / "results.json"
        out.write_text(json.dumps(results | {"table": text}, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
