"""`kis call` end to end against the simulator: formats, paging, validation, exit codes."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from kis_sim import Simulator

PENSION = ("call", "TTTC2208R", "CANO=12345678")


def tr_requests(sim: Simulator) -> list[str]:
    return [r.tr_id for r in sim.records if r.tr_id]


def test_table_all_pages_with_progress(run, sim: Simulator) -> None:
    result = run(*PENSION, "--all-pages")
    assert result.code == 0, result.err
    assert "output1 (응답상세): 25 row(s)" in result.out
    assert "output2 (응답상세2):" in result.out and "tot_evlu_amt" in result.out
    assert [line for line in result.err.splitlines() if "page" in line] == [
        "kis: page 1 received, 10 row(s) so far",
        "kis: page 2 received, 20 row(s) so far",
        "kis: page 3 received, 25 row(s) so far",
    ]
    assert tr_requests(sim) == ["TTTC2208R"] * 3


def test_one_page_says_more_remain(run, sim: Simulator) -> None:
    result = run(*PENSION)
    assert result.code == 0
    assert "output1 (응답상세): 10 row(s)" in result.out
    assert "more pages remain" in result.err


def test_describe_lists_each_code_with_its_meaning(run) -> None:
    out = run("describe", "TTTC2208R").out
    assert "  INQR_DVSN (inqr_dvsn)  조회구분\n" in out
    assert "      00 : 전체\n" in out


def test_csv_with_korean_titles_is_exact(run, sim: Simulator) -> None:
    result = run(*PENSION, "--all-pages", "--format", "csv", "--titles")
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 25
    assert set(rows[0]) >= {"상품번호", "보유수량", "평가금액", "평가수익율"}
    for row in rows:  # the simulator's numbers add up: 평가금액 = 보유수량 × 현재가
        assert Decimal(row["평가금액"]) == int(row["보유수량"]) * Decimal(row["현재가"])


def test_ndjson_and_json_keep_ints_and_exact_decimals(run, sim: Simulator) -> None:
    lines = run(*PENSION, "--all-pages", "--format", "ndjson").out.splitlines()
    assert len(lines) == 25
    first = json.loads(lines[0])
    assert isinstance(first["hldg_qty"], int)
    assert isinstance(first["evlu_erng_rt"], str) and Decimal(first["evlu_erng_rt"])
    document = json.loads(run(*PENSION, "--format", "json").out)
    assert len(document["output1"]) == 10
    assert set(document["output2"]) >= {"tot_evlu_amt", "dnca_tot_amt"}


def test_block_choice_and_raw(run, sim: Simulator) -> None:
    out = run(*PENSION, "--format", "csv", "--block", "output2").out
    assert out.splitlines()[0].startswith("dnca_tot_amt,")
    assert len(out.splitlines()) == 2
    bad = run(*PENSION, "--block", "output9")
    assert bad.code == 2 and "no block 'output9'" in bad.err
    raw = json.loads(run(*PENSION, "--raw").out)
    assert raw["rt_cd"] == "0" and len(raw["output1"]) == 10


def test_validation_errors_send_nothing(run, sim: Simulator) -> None:
    cases = {
        ("call", "TTTC2208R", "CANO=1234"): "does not match the pattern",
        ("call", "TTTC2208R"): "required parameter(s) missing: CANO (종합계좌번호)",
        ("call", "TTTC2208R", "CANO=12345678", "NOPE=1"): "has no parameter 'NOPE'",
        ("call", "TTTC2208R", "CANO=12345678", "INQR_DVSN=99"): "not one of",
        ("call", "TTTC2208R", "CANO"): "parameters are NAME=VALUE",
        ("call", "TTTC2208R", "CANO=12345678", "--paper"): "모의투자 미지원",
        ("call", "NOPE0000"): "unknown TR id",
    }
    for argv, message in cases.items():
        result = run(*argv)
        assert result.code == 2, argv
        assert message in result.err, (argv, result.err)
        assert len(result.err.strip().splitlines()) == 1
    assert sim.records == []  # not even a token was asked for


def test_py_names_and_any_case(run, sim: Simulator) -> None:
    assert run("call", "tttc2208r", "cano=12345678", "Inqr_Dvsn=00").code == 0


def test_paper_tr_id_calls_paper(run, monkeypatch) -> None:
    from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig

    with Simulator(SimConfig(environment="paper", rows=3)) as paper:
        monkeypatch.setenv("KIS_APP_KEY", DEMO_APP_KEY)
        monkeypatch.setenv("KIS_APP_SECRET", DEMO_APP_SECRET)
        args = ("CANO=12345678", "ACNT_PRDT_CD=01", "AFHR_FLPR_YN=N", "INQR_DVSN=01")
        args += ("UNPR_DVSN=01", "FUND_STTL_ICLD_YN=N", "FNCG_AMT_AUTO_RDPT_YN=N", "PRCS_DVSN=00")
        result = run("call", "VTTC8434R", *args, "--base-url", paper.url)
        assert result.code == 0, result.err
        assert [r.tr_id for r in paper.records if r.tr_id] == ["VTTC8434R"]


def test_exit_codes_and_masked_errors(run, sim: Simulator, monkeypatch) -> None:
    wrong = "this-secret-must-not-show-anywhere"
    monkeypatch.setenv("KIS_APP_SECRET", wrong)
    refused = run(*PENSION)
    assert refused.code == 4  # KIS (the simulator) refused the credentials
    assert refused.err.startswith("kis: ") and len(refused.err.strip().splitlines()) == 1
    assert wrong not in refused.err + refused.out
    gone = run(*PENSION, "--base-url", "http://127.0.0.1:9")  # nothing listens on port 9
    assert gone.code == 5 and "TransportError" in gone.err
    monkeypatch.delenv("KIS_APP_KEY")
    missing = run(*PENSION)
    assert missing.code == 3 and "KIS_APP_KEY" in missing.err


def test_api_error_exit_code(run, monkeypatch) -> None:
    from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig
    from kis_sim.faults import Fault

    with Simulator(SimConfig(faults=(Fault.parse("data_changed"),))) as faulty:
        monkeypatch.setenv("KIS_APP_KEY", DEMO_APP_KEY)
        monkeypatch.setenv("KIS_APP_SECRET", DEMO_APP_SECRET)
        result = run(*PENSION, "--base-url", faulty.url)
    assert result.code == 4
    assert "DataChangedError" in result.err and "SYDB0050" in result.err


def test_orders_need_yes(run, sim: Simulator) -> None:
    order = ("call", "TTTC0012U", "CANO=12345678", "ACNT_PRDT_CD=01", "PDNO=005930")
    order += ("ORD_DVSN=00", "ORD_QTY=1", "ORD_UNPR=70000")
    refused = run(*order)
    assert refused.code == 2 and "--yes" in refused.err
    assert sim.records == []
    placed = run(*order, "--yes", "--format", "json")
    assert placed.code == 0, placed.err
    assert tr_requests(sim) == ["TTTC0012U"]  # the buy variant, from the TR id given
    assert "output" in json.loads(placed.out)
