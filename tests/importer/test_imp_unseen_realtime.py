"""Realtime pages the importer has never been told about place themselves (codegen/importer/
realtime_place.py): KIS's TRs the corpus lacks (tests/importer/unseen_realtime/, see its README),
imported with `import --all` into a fresh spec tree, generated, and served by the simulator through
the fresh package, with no code edit; a page whose area or name cannot be read still imports, with
a warning naming what to review; `-o` always wins."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.importer.diagnostics import Level
from codegen.importer.run import Imported
from tests.importer.conftest import SPEC

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = Path(__file__).parent / "unseen_realtime"
PLACED = {
    "H0BICNT0": "realtime/domestic_bond/index_ccnl.yaml",
    "H0NXMBC0": "realtime/domestic_stock/member_nxt.yaml",
    "H0EWASP0": "realtime/elw/asking_price.yaml",
    "H0GSCNI0": "realtime/overseas_stock/ccnl_notice.yaml",
    "HDFFF2C0": "realtime/overseas_futureoption/ccnl_notice.yaml",
    "H0UPPGM0": "realtime/domestic_stock/index_program_trade.yaml",
    "H0ZOANC0": "realtime/domestic_futureoption/stock_option_exp_ccnl.yaml",
}
# Made up for these tests: a title with no word the importer knows, and a second page whose title
# reads as an existing one's (ELW 실시간호가) under another TR id.
UNKNOWN = ("H9ZZAAA0", "실시간 알림서비스", "realtime/other/h9zzaaa0.yaml")
TWIN = ("H0EWASX0", "ELW 실시간호가", "realtime/elw/h0ewasx0.yaml")

# Run in a subprocess on the freshly generated package: each new TR subscribed on the simulator;
# a code TR's record arrives as its own record class, a 체결통보 TR is acknowledged with an AES key.
SERVE = """
import asyncio, tempfile
from pathlib import Path
import kis, kis_sim
from kis.registry import REALTIME
from kis_runtime.realtime.client import RealtimeClient, Reconnect
from kis_sim.realtime import RealtimeOptions
assert kis.__file__.startswith(OUT), kis.__file__

async def main():
    fast = RealtimeOptions(interval=0.02, per_frame=1, ping_interval=0.1)
    with kis_sim.Simulator(kis_sim.SimConfig(), realtime=fast) as sim, \\
            tempfile.TemporaryDirectory() as cache:
        async with RealtimeClient(
            kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET, base_url=sim.url, url=sim.ws_url,
            cache_dir=Path(cache), reconnect=Reconnect(initial=0.01, maximum=0.05, attempts=20),
            ack_timeout=5.0,
        ) as client:
            for tr in REALTIME:
                key = "myhts01" if tr.tr_key == "hts_id" else "005930"
                ack = await client.subscribe(tr, key)
                assert ack.msg1 == "SUBSCRIBE SUCCESS" and (ack.aes is not None) == tr.encrypted
                if tr.tr_key == "code":
                    record = await asyncio.wait_for(client.records(tr).__anext__(), 10)
                    assert type(record) is tr.record, (tr.tr_id, type(record))
                print(tr.tr_id, tr.record.__module__, tr.tr_key)
            assert client.stats.malformed == 0

asyncio.run(main())
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


def made_up(tr_id: str, title: str) -> str:
    """A page in KIS's format: the ELW asking-price page under another TR id and title."""
    text = (UNSEEN / "tryitout__H0EWASP0.md").read_text(encoding="utf-8")
    return text.replace("H0EWASP0", tr_id).replace("ELW 실시간호가", title)


def fresh_tree(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "spec"
    spec.mkdir()
    shutil.copy(SPEC / "_common.yaml", spec)
    pages = tmp_path / "pages"
    shutil.copytree(UNSEEN, pages)
    return spec, pages


def test_unseen_realtime_pages_import_generate_and_are_served(tmp_path: Path) -> None:
    spec, pages = fresh_tree(tmp_path)
    for tr_id, title, _ in (UNKNOWN, TWIN):
        (pages / f"tryitout__{tr_id}.md").write_text(made_up(tr_id, title), encoding="utf-8")

    done = codegen("import", "--all", str(pages), "--spec", str(spec), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    written = {p.relative_to(spec).as_posix() for p in spec.rglob("*.yaml")} - {"_common.yaml"}
    assert written == {*PLACED.values(), UNKNOWN[2], TWIN[2]}, done.stdout
    assert "9 page(s): 9 written, 0 skipped, 0 failed" in done.stdout
    # What to review is named: the unknown word, the fallback area, the name taken by another page.
    assert "'알림서비스' the importer cannot name" in done.stdout
    assert "placed under realtime/other/" in done.stdout
    assert "is tryitout__H0EWASP0.md's spec: named by the TR id" in done.stdout

    out = tmp_path / "generated"
    done = codegen("generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(out), str(ROOT / "src")])}
    result = subprocess.run(
        [sys.executable, "-c", f"OUT = {str(out)!r}\n" + SERVE],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    served = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}
    assert set(served) == {*PLACED, UNKNOWN[0], TWIN[0]}
    assert served["H0GSCNI0"] == ["kis.realtime.overseas_stock.ccnl_notice", "hts_id"]
    assert served["H9ZZAAA0"] == ["kis.realtime.other.h9zzaaa0", "code"]


@pytest.mark.parametrize(("tr_id", "target"), sorted(PLACED.items()))
def test_each_unseen_page_places_itself_without_a_warning(
    import_text: Callable[..., Imported], tr_id: str, target: str
) -> None:
    page = UNSEEN / f"tryitout__{tr_id}.md"
    result = import_text(page.read_text(encoding="utf-8"), name=page.name)
    assert str(result.target) == target
    assert result.text is not None and f"source_page: {page.name}\n" in result.text
    warnings = [str(d) for d in result.of(Level.WARNING)]
    # The bond index's first field (NMIX_ID) is named like no code the importer knows: it says so.
    key_warnings = ["[key-field]" in w for w in warnings]
    assert key_warnings == ([True] if tr_id == "H0BICNT0" else []), warnings


def test_a_page_the_tr_id_family_places_when_its_title_names_no_area(
    import_text: Callable[..., Imported],
) -> None:
    result = import_text(made_up("H0STXYZ0", "실시간 체결가 (NXT)"), name="x.md")
    assert str(result.target) == "realtime/domestic_stock/ccnl_nxt.yaml"
    assert result.text is not None and result.of(Level.WARNING) == []


def test_a_title_and_a_tr_id_family_that_disagree_are_placed_by_the_title_with_a_warning(
    import_text: Callable[..., Imported],
) -> None:
    result = import_text(made_up("HDFSXYZ0", "국내주식 실시간호가 (통합)"), name="x.md")
    assert str(result.target) == "realtime/domestic_stock/asking_price_total.yaml"
    (warning,) = result.of(Level.WARNING)
    assert "says domestic_stock, its TR id family overseas_stock" in warning.message


def test_o_wins_and_import_all_keeps_the_spec_where_it_was_put(tmp_path: Path) -> None:
    spec, pages = fresh_tree(tmp_path)
    mine = spec / "realtime/elw/my_quotes.yaml"
    page = pages / "tryitout__H0EWASP0.md"
    done = codegen("import", str(page), "-o", str(mine), "--spec", str(spec), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = codegen("import", "--all", str(pages), "--spec", str(spec), "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert not (spec / PLACED["H0EWASP0"]).exists()  # re-imported where it is, not duplicated
    assert f"-> {mine}" in done.stdout
    done = codegen("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/kis/realtime/elw/my_quotes.py").exists()


def test_a_hand_written_realtime_spec_for_the_tr_is_kept(tmp_path: Path) -> None:
    spec, pages = fresh_tree(tmp_path)
    page = pages / "tryitout__H0ZOANC0.md"
    hand = spec / "realtime/domestic_futureoption/option_expected.yaml"
    done = codegen("import", str(page), "-o", str(hand), "--spec", str(spec), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # Written by hand from here on: no source_page.
    text = hand.read_text(encoding="utf-8").replace("source_page: tryitout__H0ZOANC0.md\n", "")
    hand.write_text(text, encoding="utf-8")
    done = codegen("import", "--all", str(pages), "--spec", str(spec), "--force", cwd=tmp_path)
    assert "H0ZOANC0 is declared by realtime/domestic_futureoption/option_expected.yaml" in (
        done.stdout
    )
    assert not (spec / PLACED["H0ZOANC0"]).exists() and hand.read_text(encoding="utf-8") == text
