"""Every TR in the registry gets a valid, parseable reply through the generic client call, with
a request built from its spec: a new spec file is a new simulated TR, with no code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

import kis
from kis.registry import REGISTRY
from kis_runtime.endpoint import Endpoint
from kis_runtime.registry import load
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator, example_request
from kis_sim.orderbook import NO_ORIGINAL, ORDER_PATHS, VIEWS

CASES = [
    pytest.param(entry, variant, id=real)
    for entry in REGISTRY.entries
    for real, _paper, variant in entry.tr_ids
]
PAPER_CASES = [
    pytest.param(entry, variant, id=paper)
    for entry in REGISTRY.entries
    for _real, paper, variant in entry.tr_ids
    if paper is not None
]


@pytest.fixture(scope="session")
def shared_client(shared_sim: Simulator) -> Iterator[kis.Client]:
    # Session-wide: no token cache (the cache dir is per test), no limiter (test speed).
    with kis.Client(
        DEMO_APP_KEY, DEMO_APP_SECRET, base_url=shared_sim.url, token_cache=False, rate_limit=0
    ) as c:
        yield c


def check_reply(endpoint: Endpoint[Any, Any], response: Any) -> None:
    assert isinstance(response, endpoint.response_type)
    assert response.rt_cd == "0"
    assert response.headers.tr_cont in ("F", "M", "D")
    for block in endpoint.outputs:
        value = getattr(response, block.py_name)
        if block.array:
            assert isinstance(value, list), block.name
            # The order book's inquiries list only orders placed (none here; see
            # test_sim_reconcile.py for rows from the book, parsed).
            assert value or endpoint.path in VIEWS, block.name
            rows = value
        else:
            rows = [value]
        for row in rows:
            for field in block.fields:
                parsed = getattr(row, field.py_name)
                assert (parsed is not None and parsed != "") or field.type == "str", field.name


def call_and_check(client: kis.Client, endpoint: Endpoint[Any, Any], variant: str | None) -> None:
    request = example_request(endpoint)
    if ORDER_PATHS.get(endpoint.path, ("", False))[1]:
        # A 정정/취소 of an order the order book does not have is refused, as KIS refuses it.
        with pytest.raises(kis.ApiError) as refused:
            client.call(endpoint, request, variant=variant)
        assert refused.value.msg_cd == NO_ORIGINAL.msg_cd
        return
    check_reply(endpoint, client.call(endpoint, request, variant=variant))


@pytest.mark.parametrize(("entry", "variant"), CASES)
def test_every_registered_tr(shared_client: kis.Client, entry: Any, variant: str | None) -> None:
    call_and_check(shared_client, load(entry), variant)


@pytest.fixture(scope="module")
def paper_client() -> Iterator[kis.Client]:
    """A paper-trading simulator: answers paper TR ids only."""
    with (
        Simulator(SimConfig(environment="paper", rows=3, page_size=10)) as server,
        kis.Client(
            DEMO_APP_KEY,
            DEMO_APP_SECRET,
            base_url=server.url,
            environment="paper",
            rate_limit=0,
            token_cache=False,
        ) as c,
    ):
        yield c


@pytest.mark.parametrize(("entry", "variant"), PAPER_CASES)
def test_every_paper_tr_id(paper_client: kis.Client, entry: Any, variant: str | None) -> None:
    call_and_check(paper_client, load(entry), variant)


def test_registry_is_not_empty() -> None:
    assert CASES and PAPER_CASES


@pytest.mark.parametrize("environment", ["real", "paper"])
@pytest.mark.parametrize("variant", ["sell", "buy"])
def test_a_tr_unlike_tttc2208r(clock: Any, synthetic: Any, environment: str, variant: str) -> None:
    """POST body, variants, paper ids, dates/times, tr_cont-only paging, 'Output1'."""
    config = SimConfig(environment=environment, rows=7, page_size=3)
    with (
        Simulator(config, clock=clock, endpoints=[synthetic]) as server,
        kis.Client(
            DEMO_APP_KEY,
            DEMO_APP_SECRET,
            base_url=server.url,
            environment=environment,
            rate_limit=0,
        ) as c,
    ):
        request = example_request(synthetic)
        pages = list(c.iter_pages(synthetic, request, variant=variant))
        for page in pages:
            check_reply(synthetic, page)
        assert [len(p.output1) for p in pages] == [3, 3, 1]
        assert all(r.pdno == request.pdno for p in pages for r in p.output1)  # echoed PDNO
        sent = [r for r in server.records if r.method == "POST" and r.path == synthetic.path]
        ids = synthetic.variant(variant)
        assert {r.tr_id for r in sent} == {ids.real if environment == "real" else ids.paper}
        assert sent[0].params["STRT_DT"] == "20240603" and sent[0].params["ORD_TMD"] == "100000"
        assert [r.tr_cont for r in sent] == ["", "N", "N"]


def test_example_request_fills_required_fields_from_the_spec(synthetic: Any) -> None:
    request = example_request(synthetic)
    assert re.fullmatch("[0-9]{6}", request.pdno)
    assert request.ord_dvsn == "00" and request.ord_qty == 1
    assert example_request(synthetic, {"ord_qty": 5}).ord_qty == 5
