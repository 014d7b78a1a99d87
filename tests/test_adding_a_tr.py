"""The README's "Adding a TR", followed literally on a temporary copy of spec/: a doc page imported
with `python -m codegen import`, specs written by hand with no doc page (one from scratch, one copied
from pension_inquire_balance.yaml, a realtime one copied from ccnl_krx.yaml), `generate`, every new
TR called through the generated binding on the simulator, and the suite's re-import check passing
on the tree (hand-written specs have no `source_page`, so it leaves them to the loader)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from codegen.importer.run import import_all, import_page, pages_in
from codegen.loader import SpecError, load_common
from tests.importer.reimport import reimport_problems

ROOT = Path(__file__).parents[1]
PAGE = ROOT / "docs/kis-pages/uapi__domestic-stock__v1__quotations__market-time.md"

# A TR KIS might publish tomorrow, written by copying a similar spec (README step 1, by hand).
HAND_WRITTEN = """\
title: 가상 잔고조회
method: GET
path: /uapi/domestic-stock/v1/trading/made-up-balance
tr_ids:
  - {real: TTTC9999R, paper: VTTC9999R}
request:
  params:
    - {name: CANO, title: 종합계좌번호, required: true, length: 8, pattern: "[0-9]{8}", sensitive: account}
    - {name: INQR_DVSN, title: 조회구분, required: true, length: 2, default: "00", values: {"00": 전체}}
response:
  outputs:
    - name: output1
      title: 응답상세
      shape: array
      fields:
        - {name: pdno, title: 상품번호, length: 12}
        - {name: hldg_qty, title: 보유수량, type: int, length: 19}
        - {name: evlu_amt, title: 평가금액, type: Decimal, length: 19}
"""

# Copies of existing specs under new names, as a user writes a TR that KIS documents nowhere here:
# the REST copy is the issue's own example (pension_inquire_balance.yaml), the realtime one a record.
COPIES = {
    "domestic_stock/trading/pension_inquire_balance.yaml": (
        "domestic_stock/trading/pension_balance_copy.yaml",
        [
            ("TTTC2208R", "TTTC9998R"),
            ("pension/inquire-balance", "pension/inquire-balance-copy"),
            ("title: 퇴직연금 잔고조회", "title: 퇴직연금 잔고조회 (사본)"),
        ],
    ),
    "realtime/domestic_stock/ccnl_krx.yaml": (
        "realtime/domestic_stock/my_ccnl.yaml",
        [  # source_page kept, as a hasty copy keeps it: the copy is another TR, so hand-written
            ("{real: H0STCNT0, paper: H0STCNT0}", "{real: H0STXYZ0, paper: unsupported}"),
            ("title: 국내주식 실시간체결가 (KRX)", "title: 내 실시간체결가"),
        ],
    ),
}

CALL_ALL = """
import asyncio, tempfile
from pathlib import Path
import kis, kis_sim
assert kis.__file__.startswith(OUT), kis.__file__  # the freshly generated package
from kis.domestic_stock.quotations import market_time
from kis.domestic_stock.trading import made_up_balance, pension_balance_copy as copy
from kis.realtime.domestic_stock import my_ccnl
from kis_runtime.realtime.client import RealtimeClient
assert kis.registry.REGISTRY.endpoint("TTTC9999R") is made_up_balance.ENDPOINT
assert kis.registry.REGISTRY.endpoint("TTTC9998R") is copy.ENDPOINT
assert kis.registry.REALTIME.get("H0STXYZ0") is my_ccnl.TR

async def tick(sim):
    async with RealtimeClient(kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url,
                              url=sim.ws_url, cache_dir=Path(tempfile.mkdtemp())) as client:
        await client.subscribe(my_ccnl, "005930")
        return await asyncio.wait_for(client.records(my_ccnl).__anext__(), 10)

from kis_sim.realtime import RealtimeOptions
fast = RealtimeOptions(interval=0.02, per_frame=1, ping_interval=0.1)
with kis_sim.Simulator(kis_sim.SimConfig(), realtime=fast) as sim:
    with kis.Client(kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url,
                    token_cache=False) as client:
        days = market_time.fetch(client, market_time.MarketTimeRequest())
        rows = made_up_balance.fetch(client, made_up_balance.MadeUpBalanceRequest(cano="12345678"))
        pages = list(copy.iter_pages(client, copy.PensionBalanceCopyRequest(cano="12345678")))
    record = asyncio.run(tick(sim))
assert all(row.hldg_qty is not None for page in pages for row in page.output1)
assert type(record) is my_ccnl.MyCcnlRecord and record.mksc_shrn_iscd == "005930", record
print(days.output1.today.year, len(rows.output1), type(rows.output1[0].evlu_amt).__name__, len(pages))
"""


def add_copies(spec: Path) -> None:
    for source, (target, changes) in COPIES.items():
        text = (ROOT / "spec" / source).read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, (source, old)
            text = text.replace(old, new)
        (spec / target).write_text(text, encoding="utf-8")


def codegen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_readme_adding_a_tr_on_a_copy(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec)
    imported = spec / "domestic_stock/quotations/market_time.yaml"
    imported.unlink()  # as if KIS had just published the page
    (spec / "domestic_stock/trading/made_up_balance.yaml").write_text(HAND_WRITTEN, "utf-8")
    add_copies(spec)

    done = codegen("import", str(PAGE), "-o", str(imported), "--spec", str(spec), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "HHMCM000002C0" in imported.read_text("utf-8")
    out = tmp_path / "generated"
    done = codegen("generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr

    script = f"OUT = {str(out)!r}\n" + CALL_ALL
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(out), str(ROOT / "src")])}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    year, rows, money, pages = result.stdout.split()
    assert int(year) > 2000 and int(rows) > 0 and money == "Decimal" and int(pages) > 0


def test_hand_written_specs_pass_the_reimport_check(tmp_path: Path) -> None:
    errors: list[SpecError] = []
    common = load_common(ROOT / "spec", errors)
    assert common is not None, errors
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", spec)
    (spec / "domestic_stock/trading/made_up_balance.yaml").write_text(HAND_WRITTEN, "utf-8")
    add_copies(spec)
    pages = pages_in(ROOT / "docs/kis-pages")
    names = [page.name for page in pages]
    # The pages whose specs were copied, and the one whose place a hand-written spec holds.
    touched = [p for p in pages if p.stem.endswith(("H0STCNT0", "pension__inquire-balance"))]
    imported = [import_page(page, common) for page in touched]
    assert len(imported) == 2 and reimport_problems(spec, imported, names) == []
    # The check still holds page-derived specs to their pages.
    ccnl = spec / "realtime/domestic_stock/ccnl_krx.yaml"
    ccnl.write_text(ccnl.read_text(encoding="utf-8").replace("체결가격", "가격"), encoding="utf-8")
    assert reimport_problems(spec, imported, names) == [
        "realtime/domestic_stock/ccnl_krx.yaml: differs from a fresh import of tryitout__H0STCNT0.md"
    ]
    # A forced import restores the page's own spec and leaves every hand-written one as it was.
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in touched:
        shutil.copy(page, folder)
    before = {t: (spec / t).read_bytes() for t, _ in COPIES.values()}
    pension = spec / "domestic_stock/trading/pension_inquire_balance.yaml"
    hand = pension.read_bytes()
    said: list[str] = []
    summary = import_all(folder, spec, common, force=True, say=said.append)
    assert (summary.written, summary.skipped, summary.failed) == (1, 1, 0), said
    assert {t: (spec / t).read_bytes() for t in before} == before and pension.read_bytes() == hand
    assert reimport_problems(spec, imported, names) == []
