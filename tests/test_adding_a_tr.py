"""The README's "Adding a TR", followed literally on a temporary copy of spec/: a doc page imported
with `python -m codegen import`, a spec written by hand with no doc page, `generate`, and both new
TRs called through the generated binding on the simulator, with no other code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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

CALL_BOTH = """
import kis, kis_sim
assert kis.__file__.startswith(OUT), kis.__file__  # the freshly generated package
from kis.domestic_stock.quotations import market_time
from kis.domestic_stock.trading import made_up_balance
assert kis.registry.REGISTRY.endpoint("TTTC9999R") is made_up_balance.ENDPOINT
with kis_sim.Simulator(kis_sim.SimConfig()) as sim:
    with kis.Client(kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url,
                    token_cache=False) as client:
        days = market_time.fetch(client, market_time.MarketTimeRequest())
        rows = made_up_balance.fetch(client, made_up_balance.MadeUpBalanceRequest(cano="12345678"))
print(days.output1.today.year, len(rows.output1), type(rows.output1[0].evlu_amt).__name__)
"""


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

    done = codegen("import", str(PAGE), "-o", str(imported), "--spec", str(spec), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "HHMCM000002C0" in imported.read_text("utf-8")
    out = tmp_path / "generated"
    done = codegen("generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr

    script = f"OUT = {str(out)!r}\n" + CALL_BOTH
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(out), str(ROOT / "src")])}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    year, rows, money = result.stdout.split()
    assert int(year) > 2000 and int(rows) > 0 and money == "Decimal"
