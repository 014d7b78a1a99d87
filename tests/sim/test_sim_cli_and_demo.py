"""`kis-sim` as a process (prints its URL, serves, stops cleanly on Ctrl-C) and the demo."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys

import httpx
import pytest

from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, demo
from kis_sim.app import SimApp
from kis_sim.clock import system_clock
from kis_sim.messages import pad_msg1
from kis_sim.table import render, width


def test_cli_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kis_sim", "--port", "0", "--seed", "7", "--realtime-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("KIS simulator listening on http://127.0.0.1:")
        url = first.split()[-1]
        assert process.stdout.readline().startswith("realtime (WebSocket) on ws://127.0.0.1:")
        body = {
            "grant_type": "client_credentials",
            "appkey": DEMO_APP_KEY,
            "appsecret": DEMO_APP_SECRET,
        }
        assert httpx.post(url + "/oauth2/tokenP", json=body, timeout=30).status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def demo_out() -> str:
    """`make demo`'s output, run once for the tests below."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert demo.main() == 0
    return buffer.getvalue()


def test_demo_prints_every_holding_and_the_totals(demo_out: str) -> None:
    out = demo_out
    assert "25 holdings in 3 pages (10, 10, 5)" in out
    assert "총평가금액" in out and "상품명" in out
    table = out.split("\n\n")[1].splitlines()
    assert len(table) == 2 + 25
    assert len({width(line) for line in table[:2]}) == 1  # header as wide as the rule
    assert "12345678" not in out and demo.SIMULATED_IRP_ACCOUNT not in out


def test_table_aligns_korean_text() -> None:
    lines = render(["상품명", "수량"], [["삼성전자", 5], ["KODEX 200", 1200]]).splitlines()
    assert [width(line) for line in lines] == [width(lines[1])] * 4
    assert lines[2].endswith("    5") and lines[3].endswith("1,200")


def test_msg1_is_padded_to_80_cp949_bytes() -> None:
    for text in ("조회가 완료되었습니다", "ERROR : INPUT_FIELD_NOT_FOUND [CANO]"):
        padded = pad_msg1(text)
        assert len(padded.encode("cp949")) == 80 and padded.rstrip() == text


def test_demo_shows_live_ticks_and_the_decrypted_order_notice(demo_out: str) -> None:
    out = demo_out.split("realtime (WebSocket): ws://127.0.0.1:")[1]
    ticks, notice = out.split("주식주문(현금)")
    assert "국내주식 실시간체결가 (KRX) (H0STCNT0) 005930:" in ticks
    rows = [line for line in ticks.splitlines() if line[:2].isdigit() and ":" in line[:8]]
    assert len(rows) >= 3  # a tick every 0.2 s for 2 s
    order_no = notice.split("주문번호 ")[1].split(";")[0]
    lines = [line.split() for line in notice.splitlines() if order_no in line][1:]
    assert [line[0] for line in lines] == ["1", "2"]  # accepted, then executed
    quote = SimApp(SimConfig(), system_clock).quote("domestic_stock", "005930")
    assert lines[1][-2:] == ["10", f"{quote:,}"]  # a market order: 10 shares at the quote
    assert demo.SIMULATED_IRP_ACCOUNT not in out and "demohts1" not in out
