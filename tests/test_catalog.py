"""kis/catalog.json against the TR modules: every TR's parameters and reply fields as the module's
own declarations give them (FieldInfo), so the MCP server's schemas hold the request classes' rules."""

from __future__ import annotations

import importlib

import pytest

from kis.registry import REGISTRY
from kis_runtime.catalog import Catalog, CatalogError, load_catalog
from kis_runtime.fields import FieldInfo


def _reply(field: FieldInfo) -> tuple[object, ...]:
    # The catalog carries what describing and schemas need of a reply field, not the parser's keys.
    return (field.name, field.py_name, field.title, field.type, field.digits, field.scale)


def test_every_tr_matches_its_module() -> None:
    catalog = load_catalog()
    assert len(catalog) == len(REGISTRY)
    for entry in REGISTRY.entries:
        endpoint = importlib.import_module(entry.module).ENDPOINT
        info = catalog.get(entry.tr_ids[0][0])
        assert info.params == endpoint.params, entry.module
        assert [dict(p.meanings) for p in info.params] == [
            dict(p.meanings) for p in endpoint.params
        ], entry.module
        assert [_reply(f) for f in info.body_fields] == [_reply(f) for f in endpoint.body_fields]
        assert [(o.name, o.title, o.array, o.optional) for o in info.outputs] == [
            (o.name, o.title, o.array, o.optional) for o in endpoint.outputs
        ], entry.module
        for mine, theirs in zip(info.outputs, endpoint.outputs, strict=True):
            assert [_reply(f) for f in mine.fields] == [_reply(f) for f in theirs.fields]
        assert info.hashkey == endpoint.hashkey
        assert {k: v for k, v in info.variants.items()} == {
            ids.variant: ids.label for ids in endpoint.tr_ids if ids.variant
        }


def test_paper_and_lower_case_ids_resolve() -> None:
    catalog = load_catalog()
    assert catalog.get("vttc0012u").tr_id == "TTTC0011U"
    with pytest.raises(KeyError, match="NOPE"):
        catalog.get("NOPE")


def test_a_stale_catalog_is_refused() -> None:
    with pytest.raises(CatalogError, match="make generate"):
        Catalog(REGISTRY, {"trs": []})


def test_kis_describe_from_the_catalog_reads_as_from_the_module() -> None:
    from kis_runtime.cli.describe import from_catalog, render

    catalog = load_catalog()
    for entry in REGISTRY.entries:
        endpoint = importlib.import_module(entry.module).ENDPOINT
        assert render(from_catalog(catalog.get(entry.tr_ids[0][0]))) == render(endpoint), entry


def test_known_codes_and_markers_reach_the_catalog_and_the_schema() -> None:
    from kis_runtime.schema import param_schema

    catalog = load_catalog()
    side = next(p for p in catalog.get("JTCE5005R").params if p.name == "SLL_BUY_DVSN_CD")
    assert side.known["02"] == "매수" and not side.values  # shown, not enforced
    description = param_schema(side)["description"]
    assert "known codes (others allowed)" in description and "02=매수" in description
    hour = next(f for o in catalog.get("FHKUP03500200").outputs for f in o.fields if f.markers)
    assert {"999999", "888888"} <= set(hour.markers)
