"""The three TRs written by hand from KIS's API workbook (no doc page here): each is a spec without
`source_page`, is registered like any imported TR, and is called on the simulator through its
generated module, its reply typed as the spec says (tests/sim/test_sim_every_tr.py calls them too)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import kis
from kis.domestic_futureoption.quotations import margin_rate
from kis.etfetn.quotations import inquire_asking_price as etf_asking_price
from kis.overseas_price.quotations import multprice
from kis.registry import REGISTRY

SPEC = Path(__file__).parents[2] / "spec"
HAND_WRITTEN = {
    "FHPST02400200": ("etfetn/quotations/inquire_asking_price.yaml", etf_asking_price.ENDPOINT),
    "TTTO6032R": ("domestic_futureoption/quotations/margin_rate.yaml", margin_rate.ENDPOINT),
    "HHDFS76220000": ("overseas_price/quotations/multprice.yaml", multprice.ENDPOINT),
}


@pytest.mark.parametrize("tr_id", sorted(HAND_WRITTEN))
def test_a_hand_written_spec_is_registered_and_says_it_has_no_page(tr_id: str) -> None:
    file, endpoint = HAND_WRITTEN[tr_id]
    spec = yaml.safe_load((SPEC / file).read_text(encoding="utf-8"))
    assert "source_page" not in spec and "written by hand" in spec["doc_fix"]
    assert REGISTRY.endpoint(tr_id) is endpoint
    assert endpoint.variant(None).paper is None  # KIS has no paper TR for any of the three


def test_etf_asking_price_on_the_simulator(client: kis.Client) -> None:
    request = etf_asking_price.InquireAskingPriceRequest(fid_input_iscd="069500")
    assert request.fid_cond_mrkt_div_code == "J"  # the spec's default
    book = etf_asking_price.fetch(client, request).output
    assert isinstance(book.askp1, Decimal) and isinstance(book.lp_askp_rsqn1, int)
    assert isinstance(book.aspr_acpt_hour, datetime.time)


def test_margin_rate_pages_over_its_cursor_on_the_simulator(client: kis.Client) -> None:
    request = margin_rate.MarginRateRequest(bass_dt=datetime.date(2026, 3, 13))
    pages = list(margin_rate.iter_pages(client, request))
    rows = [row for page in pages for row in page.output]
    assert len(pages) > 1 and len(rows) == 25  # the simulator's 25 rows, 10 a page
    assert all(isinstance(row.brkg_mgna_rt, Decimal) for row in rows)


def test_multprice_on_the_simulator(client: kis.Client) -> None:
    request = multprice.MultpriceRequest(
        nrec="2", excd_01="NAS", symb_01="AAPL", excd_02="NYS", symb_02="KO"
    )
    reply = multprice.fetch(client, request)
    assert isinstance(reply.output.nrec, int) and reply.output2
    assert all(isinstance(row.last, Decimal) for row in reply.output2)


def test_the_every_tr_test_covers_them() -> None:
    from tests.sim.test_sim_every_tr import CASES

    covered = {case.id for case in CASES}
    assert set(HAND_WRITTEN) <= covered
