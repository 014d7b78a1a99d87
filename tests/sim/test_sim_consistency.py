"""Simulated numbers add up: 평가금액 = 보유수량 x 현재가, 손익 = 평가 - 매입, 수익률 = 손익 / 매입,
output2 totals = sums over every row of every page, names match codes; by field-naming
convention, so a rule whose fields a block lacks is skipped."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import pytest

from kis.domestic_stock.trading import pension_inquire_balance as bal
from kis.registry import REGISTRY
from kis_runtime import KisResponse
from kis_runtime import fields as kf
from kis_runtime.endpoint import Endpoint, TrIds
from kis_runtime.registry import load
from kis_sim import SimConfig, Simulator
from kis_sim.datagen import DataSource, field_value, request_key, rng_for
from kis_sim.derive import BY_CODE, PRODUCTS, ROW_RULES, Block, apply
from kis_sim.examples import example_request

ACCOUNT = "12345678"
REQUEST = bal.PensionInquireBalanceRequest(cano=ACCOUNT)
PARAMS = {"CANO": ACCOUNT, "ACNT_PRDT_CD": "29", "ACCA_DVSN_CD": "00", "INQR_DVSN": "00"}


def d(text: str) -> Decimal:
    return Decimal(text)


def at(value: Decimal, scale: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-scale), ROUND_HALF_UP)


def check_row(row: dict[str, str]) -> None:
    qty, psbl = int(row["hldg_qty"]), int(row["ord_psbl_qty"])
    avg, price = d(row["pchs_avg_pric"]), d(row["prpr"])
    pchs, evlu, pfls = d(row["pchs_amt"]), d(row["evlu_amt"]), d(row["evlu_pfls_amt"])
    assert qty >= 1 and 0 <= psbl <= qty and 0 <= int(row["thdt_buyqty"]) <= qty
    assert len(row["pchs_avg_pric"].partition(".")[2]) == 4  # Length 18.4
    assert evlu == qty * price  # 평가금액 = 보유수량 x 현재가 (whole won)
    assert pchs == at(qty * avg, 0)  # 매입금액 = 보유수량 x 매입평균가격, to the won
    assert pfls == evlu - pchs  # 평가손익 = 평가 - 매입
    assert d(row["evlu_erng_rt"]) == at(pfls / pchs * 100, 8)  # 수익률, Length 23.8
    assert -30 < d(row["evlu_erng_rt"]) < 40
    assert BY_CODE[row["pdno"]].name == row["prdt_name"]  # a real KRX listing


def test_tttc2208r_rows_and_totals_add_up_across_pages(sim: Simulator, client: Any) -> None:
    pages = [page.raw for page in bal.iter_pages(client, REQUEST)]
    assert [len(p["output1"]) for p in pages] == [10, 10, 5]
    rows = [row for page in pages for row in page["output1"]]
    for row in rows:
        check_row(row)
    assert len({r["pdno"] for r in rows}) == len(rows)  # 25 distinct holdings
    for page in pages:
        totals = page["output2"]
        assert d(totals["scts_evlu_amt"]) == sum(d(r["evlu_amt"]) for r in rows)
        assert d(totals["tot_evlu_amt"]) == d(totals["dnca_tot_amt"]) + d(totals["scts_evlu_amt"])
        assert d(totals["thdt_tlex_amt"]) < d(totals["thdt_buy_amt"]) + d(totals["thdt_sll_amt"])
    predicted = sim.app.data.blocks(bal.ENDPOINT, "TTTC2208R", PARAMS)
    assert rows == predicted["output1"] and pages[0]["output2"] == predicted["output2"]


def test_values_fit_their_length(sim: Simulator) -> None:
    blocks = sim.app.data.blocks(bal.ENDPOINT, "TTTC2208R", PARAMS)
    for output in bal.ENDPOINT.outputs:
        value = blocks[output.name]
        for row in value if output.array else [value]:
            for field in output.fields:
                if field.type not in ("int", "Decimal"):
                    continue
                whole, _, fraction = row[field.name].lstrip("-").partition(".")
                assert len(fraction) == (field.scale or 0), field.name
                assert len(whole) <= (field.digits or 0) - (field.scale or 0), field.name


@pytest.mark.parametrize("page_size", [1, 7, 100])
def test_a_row_does_not_depend_on_the_page_size(page_size: int, client_for: Any) -> None:
    with (
        Simulator(SimConfig(rows=25, page_size=page_size)) as other,
        client_for(other, token_cache=False) as c,
    ):
        pages = [page.raw for page in bal.iter_pages(c, REQUEST)]
    expected = DataSource(SimConfig().seed, 25).blocks(bal.ENDPOINT, "TTTC2208R", PARAMS)
    assert [r for p in pages for r in p["output1"]] == expected["output1"]
    assert all(p["output2"] == expected["output2"] for p in pages)


def test_echoed_code_gets_its_name(synthetic: Endpoint[Any, Any]) -> None:
    stock = attrs.evolve(synthetic, path="/uapi/domestic-stock/v1/trading/synthetic-order")
    params = {"PDNO": "005930", "ORD_QTY": "1", "STRT_DT": "20240603", "ORD_TMD": "100000"}
    rows = DataSource(0, 5).blocks(stock, "TSYN0001U", params)["Output1"]
    assert {(r["pdno"], r["prdt_name"]) for r in rows} == {("005930", "삼성전자")}
    unknown = DataSource(0, 5).blocks(stock, "TSYN0001U", {**params, "PDNO": "999999"})
    assert {r["prdt_name"] for r in unknown["Output1"]} == {"종목999999"}
    # Outside domestic stocks/ETFs (bonds, futures, the test path) the KRX table is not used.
    other = DataSource(0, 5).blocks(synthetic, "TSYN0001U", params)["Output1"]
    assert {r["pdno"] for r in other} == {"005930"}
    assert all(r["prdt_name"] in {p.name for p in PRODUCTS} for r in other)  # drawn as before


# -- a rule is skipped where a field it needs is missing ---------------------------------------


@kf.row
class PartialRow:  # no pchs_avg_pric: 매입금액 cannot be derived and keeps its drawn value
    hldg_qty: int | None = kf.field("hldg_qty", length=10)
    prpr: Decimal | None = kf.field("prpr", length=19)
    pchs_amt: Decimal | None = kf.field("pchs_amt", length=19)
    evlu_amt: Decimal | None = kf.field("evlu_amt", length=19)
    evlu_pfls_amt: Decimal | None = kf.field("evlu_pfls_amt", length=19)
    evlu_pfls_rt: Decimal | None = kf.field("evlu_pfls_rt", length="10.2")
    ord_psbl_qty: int | None = kf.field("ord_psbl_qty", length=3)
    thdt_evlu_amt: Decimal | None = kf.field("thdt_evlu_amt", length=3)  # not a role: untouched


@kf.row
class PartialTotal:
    tot_evlu_amt: Decimal | None = kf.field("tot_evlu_amt", length=19)
    tot_pchs_amt: Decimal | None = kf.field("tot_pchs_amt", length=4)


@kf.request("TPRT0001R")
class PartialRequest:
    pass


@kf.response
class PartialResponse(KisResponse):
    output1: list[PartialRow] = kf.block("")
    output2: PartialTotal = kf.block("")


ROW_FIELDS = kf.fields_of(PartialRow)
PARTIAL = Endpoint(
    name="tests.partial",
    title="partial",
    method="GET",
    path="/uapi/test/v1/partial",
    request_type=PartialRequest,
    response_type=PartialResponse,
    tr_ids=(TrIds("TPRT0001R", None),),
)


def drawn(source: DataSource, block: int, index: int) -> dict[str, str]:
    """A row before any rule: every field as datagen draws it."""
    output = PARTIAL.outputs[block]
    rng = rng_for(source.seed, output.name, "TPRT0001R", request_key(PARTIAL, {}), index)
    return {f.name: field_value(f, rng, {}) for f in output.fields}


def test_rules_apply_only_where_their_fields_exist() -> None:
    source = DataSource(seed=3, rows=6)
    blocks = source.blocks(PARTIAL, "TPRT0001R", {})
    rows = blocks["output1"]
    for index, row in enumerate(rows):
        before = drawn(source, 0, index)
        assert row["pchs_amt"] == before["pchs_amt"]  # skipped: no pchs_avg_pric
        assert row["thdt_evlu_amt"] == before["thdt_evlu_amt"]
        assert row["prpr"] == before["prpr"]  # no product (no name/code fields): as drawn
        assert d(row["evlu_amt"]) == int(row["hldg_qty"]) * d(row["prpr"])  # applies
        assert d(row["evlu_pfls_amt"]) == d(row["evlu_amt"]) - d(row["pchs_amt"])
        rate = d(row["evlu_pfls_amt"]) / d(row["pchs_amt"]) * 100
        expected = at(rate, 2) if abs(rate) < 10**8 else d(before["evlu_pfls_rt"])  # Length 10.2
        assert d(row["evlu_pfls_rt"]) == expected
        assert int(row["ord_psbl_qty"]) <= int(row["hldg_qty"])
    totals = blocks["output2"]
    # No dnca_tot_amt/scts_evlu_amt: 총평가금액 is the tot_ convention's plain sum.
    assert d(totals["tot_evlu_amt"]) == sum(d(r["evlu_amt"]) for r in rows)
    # Σ pchs_amt does not fit Length 4: the drawn value stays.
    assert sum(d(r["pchs_amt"]) for r in rows) > 9999
    assert totals["tot_pchs_amt"] == drawn(source, 1, 0)["tot_pchs_amt"]


# -- every registered TR: its data is a fixed point of the arithmetic rules ---------------------

PURE = tuple(r for r in ROW_RULES if r.target not in ("price", "avg"))  # the rng-free ones


@pytest.mark.parametrize("entry", REGISTRY.entries, ids=lambda e: e.tr_ids[0][0])
def test_every_tr_obeys_the_row_rules(entry: Any) -> None:
    endpoint = load(entry)
    params = {k: str(v) for k, v in endpoint.wire_params(example_request(endpoint), {}).items()}
    blocks = DataSource(0, 4).blocks(endpoint, endpoint.tr_ids[0].real, params)
    for output in endpoint.outputs:
        value = blocks[output.name]
        for row in value if output.array else [value]:
            again = dict(row)
            apply(PURE, Block(output.fields), again, random.Random(0))
            assert again == row, output.name
