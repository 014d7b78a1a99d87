"""`kis mcp` as an agent host runs it: a subprocess over stdio, and streamable HTTP on loopback,
each driven by the SDK's own client against the simulator (paper); and the start-up cost: listing
and describing import no TR module."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("mcp")

from mcp import Client, StdioServerParameters

from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator

ORDER = {"CANO": "73109042", "ACNT_PRDT_CD": "01", "PDNO": "005930", "ORD_DVSN": "00",
         "ORD_QTY": "3", "ORD_UNPR": "61000"}  # fmt: skip


@pytest.fixture
def paper_sim() -> Iterator[Simulator]:
    with Simulator(SimConfig(environment="paper", rows=12, page_size=10)) as server:
        yield server


def env_for(sim: Simulator, cache: Path) -> dict[str, str]:
    return {
        "KIS_APP_KEY": DEMO_APP_KEY,
        "KIS_APP_SECRET": DEMO_APP_SECRET,
        "KIS_ENVIRONMENT": "paper",
        "KIS_BASE_URL": sim.url,
        "KIS_CACHE_DIR": str(cache),
    }


async def _session(client: Client, sim: Simulator) -> None:
    names = {t.name for t in (await client.list_tools()).tools}
    assert {"find_trs", "describe_tr", "call_tr", "prepare_order", "confirm_order"} <= names
    described = await client.call_tool("describe_tr", {"tr_id": "FHKST01010100"})
    assert described.structured_content["title"] == "주식현재가 시세"
    price = await client.call_tool(
        "call_tr",
        {"tr_id": "FHKST01010100",
         "params": {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}},
    )  # fmt: skip
    assert not price.is_error, price.content
    prepared = await client.call_tool(
        "prepare_order", {"tr_id": "TTTC0012U", "params": ORDER, "variant": "buy"}
    )
    token = prepared.structured_content["token"]
    assert not [r for r in sim.records if r.method == "POST" and r.tr_id == "VTTC0012U"]
    placed = await client.call_tool("confirm_order", {"token": token})
    assert placed.structured_content["status"] == "placed", placed.content
    assert len([r for r in sim.records if r.method == "POST" and r.tr_id == "VTTC0012U"]) == 1


async def test_stdio_subprocess(paper_sim: Simulator, tmp_path: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "kis_runtime.cli", "mcp", "--orders"],
        env=env_for(paper_sim, tmp_path),
    )
    async with Client(params) as client:
        await _session(client, paper_sim)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_streamable_http_on_loopback(paper_sim: Simulator, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, **env_for(paper_sim, tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kis_runtime.cli", "mcp", "--orders", "--http", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):  # up to 30 s for the server to listen
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, "kis mcp --http exited"
            time.sleep(0.1)
        async with Client(f"http://127.0.0.1:{port}/mcp") as client:
            await _session(client, paper_sim)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_listing_and_describing_import_no_tr_module() -> None:
    script = """
import sys, anyio
from mcp import Client
from kis_runtime.mcp_server.server import ServerOptions, build_server, build_tools

async def main():
    async with Client(build_server(build_tools(ServerOptions(environ={})))) as client:
        await client.list_tools()
        await client.call_tool("find_trs", {"words": ["잔고"]})
        described = await client.call_tool("describe_tr", {"tr_id": "TTTC8434R"})
        assert not described.is_error
    loaded = [m for m in sys.modules if m.startswith("kis.") and m.count(".") >= 3]
    print(len(loaded), loaded[:3])

anyio.run(main)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.startswith("0 "), out
