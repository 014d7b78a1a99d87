"""`kis trs` and `kis describe`: found from the registry, described from the Endpoint metadata."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kis.registry import REALTIME, REGISTRY
from kis_runtime.cli import table, trs


def test_trs_lists_every_tr(run) -> None:
    result = run("trs")
    assert result.code == 0
    # header + rule + one line per TR, REST then realtime
    assert len(result.out.strip().splitlines()) == len(REGISTRY) + len(REALTIME) + 2


def test_trs_search_matches_every_word_in_ids_titles_paths_and_areas(run) -> None:
    out = run("trs", "퇴직연금", "잔고").out
    assert "TTTC2208R" in out and "퇴직연금 잔고조회" in out
    assert "TTTC8434R" not in out  # 주식잔고조회: 잔고 but not 퇴직연금
    assert [e.tr_ids[0][0] for e in trs.search(REGISTRY, ["vttc8434r"])] == ["TTTC8434R"]
    by_path = trs.search(REGISTRY, ["pension/inquire-balance"])
    assert "퇴직연금 잔고조회" in [e.title for e in by_path]  # and any TR added beside it
    assert all("pension/inquire-balance" in e.path for e in by_path)
    overseas = trs.search(REGISTRY, ["해외주식"])
    assert overseas and all(e.area in ("overseas_stock", "overseas_price") for e in overseas)
    assert trs.search(REGISTRY, ["no-such-word-anywhere"]) == []
    nothing = run("trs", "no-such-word-anywhere")
    assert nothing.code == 1 and nothing.out == ""
    assert "no TR matches 'no-such-word-anywhere'" in nothing.err


def test_trs_imports_no_tr_module() -> None:
    code = (
        "import sys; from kis_runtime.cli import main; main(['trs', '잔고']); "
        "loaded = [m for m in sys.modules if m.count('.') >= 3 and m.startswith('kis.')]; "
        "print('LOADED', loaded)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip().splitlines()[-1] == "LOADED []"


def test_console_script_is_installed() -> None:
    """`kis` as a user runs it: the console script pyproject installs next to the interpreter."""
    script = Path(sys.executable).with_name("kis")
    result = subprocess.run(
        [str(script), "trs", "TTTC2208R"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "퇴직연금 잔고조회" in result.stdout


def test_wide_characters_take_two_columns() -> None:
    assert table.width("삼성전자") == 8
    assert table.width("KODEX 200") == 9
    text = table.render(["name", "qty"], [["삼성전자", "1"], ["KT", "20"]], right=[False, True])
    lines = text.splitlines()
    # every line's `qty` column ends at the same terminal column
    assert {table.width(line) for line in lines} == {table.width(lines[0])}
    assert lines[2] == "삼성전자    1"


def test_describe_shows_params_values_defaults_and_reply_fields(run) -> None:
    result = run("describe", "tttc2208r")
    assert result.code == 0
    out = result.out
    assert "GET /uapi/domestic-stock/v1/trading/pension/inquire-balance" in out
    assert "paper none (모의투자 미지원)" in out
    assert "paging   yes" in out
    assert "CANO (cano)  종합계좌번호" in out
    assert "default '29'" in out
    assert "values 00" in out and "00 : 전체" in out  # the allowed value and its meaning
    assert "reply block output1 (응답상세; rows)" in out
    assert "evlu_erng_rt    평가수익율    Decimal(23,8)" in out


def test_describe_unknown_tr_is_a_usage_error(run) -> None:
    result = run("describe", "NOPE0000")
    assert result.code == 2
    assert "unknown TR id 'NOPE0000'" in result.err


def test_describe_every_tr(run) -> None:
    """Every TR's metadata and docstrings render (no TR is left out or crashes describe)."""
    for real in sorted({ids[0] for entry in REGISTRY.entries for ids in entry.tr_ids}):
        result = run("describe", real)
        assert result.code == 0, (real, result.err)
        assert "request parameters" in result.out


def test_trs_finds_realtime_trs_too(run) -> None:
    result = run("trs", "실시간체결가", "KRX")
    assert result.code == 0
    assert "H0STCNT0" in result.out and "realtime.domestic_stock.ccnl_krx" in result.out
    assert "TTTC2208R" not in result.out


def test_describe_a_realtime_tr(run) -> None:
    result = run("describe", "h0stcni0")
    assert result.code == 0
    assert "real H0STCNI0, paper H0STCNI9" in result.out
    assert "tr_key   hts_id" in result.out and "encrypted" in result.out
    assert "CNTG_QTY" in result.out  # a record field, in wire order
