"""kis.symbols on master files written in KIS's format by the tests (no network): fixed-width
domestic files cut in bytes (cp949 names), the overseas tab-separated files, unreadable lines
kept as problems, the daily download with certificate verification, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from kis_runtime import symbols
from kis_runtime.cli import main
from kis_runtime.symbols.download import BASE_URL, names
from kis_runtime.symbols.master import (
    KOSDAQ_TAIL,
    KOSPI_TAIL,
    read_lines,
    tail_width,
    write_domestic,
    write_overseas,
)
from kis_sim import SimConfig, Simulator
from kis_sim.masters import isin


def test_tail_widths_are_kis_samples() -> None:
    # stocks_info/kis_kospi_code_mst.py: row[-228:] with the newline; kosdaq -222; konex -184.
    assert (tail_width("KOSPI"), tail_width("KOSDAQ"), tail_width("KONEX")) == (227, 221, 184)
    assert len(KOSPI_TAIL) == 70 and len(KOSDAQ_TAIL) == 64


def _kospi_line(code: str, name: str, **tail: str) -> dict[str, str]:
    return {"mksc_shrn_iscd": code, "stnd_iscd": isin(code), "hts_kor_isnm": name, **tail}


def test_domestic_fixed_width_in_bytes() -> None:
    data = write_domestic(
        "KOSPI",
        [
            _kospi_line(
                "005930",
                "삼성전자",
                scrt_grp_cls_code="ST",
                stck_sdpr="60000",
                stck_lstn_date="19750611",
                krx300_issu_yn="Y",
                stln_able_yn="Y",
            ),
            _kospi_line("005935", "삼성전자우", scrt_grp_cls_code="ST", prst_cls_code="1"),
        ],
    )
    # KIS's layout: 9 + 12 bytes, the name, then exactly 227 bytes of tail.
    first = data.split(b"\n")[0]
    assert first[:9] == b"005930   " and first[9:21] == b"KR7005930003"
    assert first[-227:-225] == b"ST" and first[-1:] == b"Y"
    parsed = read_lines("kospi_code.mst", data)
    assert parsed.problems == ()
    samsung, preferred = parsed.symbols
    assert (samsung.market, samsung.code, samsung.isin, samsung.name) == (
        "KOSPI", "005930", "KR7005930003", "삼성전자"
    )  # fmt: skip
    assert samsung.base_price == Decimal(60000) and samsung.listed_on == dt.date(1975, 6, 11)
    assert samsung.fields["krx300_issu_yn"] == "Y" and samsung.fields["stln_able_yn"] == "Y"
    assert preferred.fields["prst_cls_code"] == "1" and preferred.base_price is None


def test_kosdaq_and_konex_tails() -> None:
    kosdaq = write_domestic(
        "KOSDAQ", [_kospi_line("247540", "에코프로비엠", ksq150_nmix_yn="Y", stck_sdpr="150000")]
    )
    symbol = read_lines("kosdaq_code.mst", kosdaq).symbols[0]
    assert symbol.market == "KOSDAQ" and symbol.fields["ksq150_nmix_yn"] == "Y"
    assert symbol.base_price == 150000
    konex = write_domestic("KONEX", [_kospi_line("217320", "썬테크", stck_sdpr="1234")])
    assert read_lines("konex_code.mst", konex).symbols[0].base_price == 1234


def test_unreadable_lines_are_kept_not_dropped() -> None:
    good = write_domestic("KOSPI", [_kospi_line("005930", "삼성전자", stck_sdpr="60000")])
    short = b"005930   KR7005930003\xbb\xef\xbc\xba\n"  # cut off: no tail
    bad_price = write_domestic("KOSPI", [_kospi_line("000660", "SK하이닉스", stck_sdpr="12x")])
    parsed = read_lines("kospi_code.mst", good + short + bad_price)
    assert [s.code for s in parsed.symbols] == ["005930"]
    assert parsed.problems[0].startswith("kospi_code.mst:2: ")
    assert "kospi_code.mst:3: stck_sdpr '12x' is not a number" in parsed.problems[1]


def test_overseas_every_line_is_a_listing() -> None:
    rows = [
        {"ncod": "US", "excd": "NAS", "symb": "AAPL", "knam": "애플", "enam": "APPLE INC",
         "stis": "2", "curr": "USD", "base": "190.50"},
        {"ncod": "US", "excd": "NAS", "symb": "NVDA", "knam": "엔비디아", "enam": "NVIDIA CORP",
         "stis": "2", "curr": "USD", "base": "120.25"},
    ]  # fmt: skip
    parsed = read_lines("nasmst.cod", write_overseas(rows))
    # KIS's sample reads the first line as a header and loses AAPL: not here.
    assert [s.code for s in parsed.symbols] == ["AAPL", "NVDA"]
    apple = parsed.symbols[0]
    assert (apple.market, apple.exchange, apple.currency, apple.base_price) == (
        "NASDAQ", "NAS", "USD", Decimal("190.50")
    )  # fmt: skip
    wrong = read_lines("nasmst.cod", b"US\tNAS\tAAPL\n")
    assert wrong.symbols == () and "3 tab-separated columns, not 24" in wrong.problems[0]


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "symbols"
    folder.mkdir()
    (folder / "kospi_code.mst").write_bytes(
        write_domestic(
            "KOSPI",
            [
                _kospi_line("005930", "삼성전자"),
                _kospi_line("005935", "삼성전자우"),
                _kospi_line("028260", "삼성물산"),
                _kospi_line("069500", "KODEX 200"),
            ],
        )
    )
    (folder / "nasmst.cod").write_bytes(
        write_overseas([{"symb": "AAPL", "knam": "애플", "enam": "APPLE INC", "excd": "NAS"}])
    )
    return tmp_path


def test_lookup_by_name_code_isin(cache: Path) -> None:
    book = symbols.load(cache)
    assert len(book) == 5
    assert book.get("005930").name == "삼성전자"  # type: ignore[union-attr]
    assert book.get("kr7005930003").code == "005930"  # type: ignore[union-attr]
    assert [s.code for s in book.search("삼성전자")] == ["005930", "005935"]
    assert [s.code for s in book.search("삼성")] == ["005930", "028260", "005935"]
    assert [s.code for s in book.search("kodex200")] == ["069500"]
    assert [s.code for s in book.search("apple")] == ["AAPL"]
    assert book.search("005930")[0].name == "삼성전자"


def test_no_files_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(symbols.SymbolsNotFoundError, match="kis symbols update"):
        symbols.load(tmp_path)


def _archive(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(name, data)
    return out.getvalue()


def test_update_once_a_day_verified_https(tmp_path: Path) -> None:
    asked: list[str] = []
    data = write_domestic("KOSPI", [_kospi_line("005930", "삼성전자")])

    def serve(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.path.endswith("kospi_code.mst.zip"):
            return httpx.Response(200, content=_archive("kospi_code.mst", data))
        if request.url.path.endswith("konex_code.mst.zip"):  # off to plain HTTP: refused
            return httpx.Response(302, headers={"location": "http://example.com/konex.zip"})
        if request.url.path.endswith("kosdaq_code.mst.zip"):
            return httpx.Response(200, content=b"not a zip")
        return httpx.Response(404)

    transport = httpx.MockTransport(serve)
    files = ("kospi_code.mst", "kosdaq_code.mst", "konex_code.mst")
    day = dt.date(2026, 12, 4)
    report = symbols.update(tmp_path, files=files, transport=transport, today=day)
    assert asked[0] == BASE_URL + "kospi_code.mst.zip"
    assert report.downloaded == ("kospi_code.mst",)
    assert "not a zip archive" in report.failed["kosdaq_code.mst"]
    assert "redirected off HTTPS" in report.failed["konex_code.mst"]
    asked.clear()
    again = symbols.update(tmp_path, files=files, transport=transport, today=day)
    assert again.fresh == ("kospi_code.mst",)  # fetched today: not again
    assert all("kospi" not in url for url in asked)
    symbols.update(tmp_path, files=files, transport=transport, today=day + dt.timedelta(days=1))
    assert any("kospi" in url for url in asked)
    assert symbols.load(tmp_path).get("005930").name == "삼성전자"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="HTTPS"):
        symbols.update(tmp_path, base_url="http://example.com/master/")


def test_names_of_markets() -> None:
    assert names(["kospi", "nas"]) == ("kospi_code.mst", "nasmst.cod")
    with pytest.raises(ValueError, match="unknown market"):
        names(["nasdaq"])


def test_cli_update_and_search_against_the_simulator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIS_CACHE_DIR", str(tmp_path))
    with Simulator(SimConfig()) as sim:
        url = f"{sim.url}/common/master/"
        assert main(["symbols", "update", "--market", "kospi", "nas", "--base-url", url]) == 0
    out = capsys.readouterr().out
    assert "kospi_code.mst" in out and "nasmst.cod" in out
    assert main(["symbols", "search", "삼성"]) == 0
    out = capsys.readouterr().out
    assert "005930" in out and "삼성전자" in out and "KR7005930003" in out
    assert main(["symbols", "search", "없는종목"]) == 1


def test_simulator_names_match_the_master_files(tmp_path: Path) -> None:
    from kis_sim import demo_symbols
    from kis_sim.derive import PRODUCTS

    with Simulator(SimConfig()) as sim:
        out = demo_symbols.run(sim, str(tmp_path))
    assert "005930  KR7005930003  삼성전자" in out
    book = symbols.load(tmp_path)
    for product in PRODUCTS:
        assert book.get(product.code).name == product.name  # type: ignore[union-attr]
