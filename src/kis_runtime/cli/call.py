"""`kis call TR_ID NAME=VALUE ...`: build the request (validated before anything is sent), call
through kis.Client, write the reply."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from kis_runtime.blocks import pick
from kis_runtime.cli.exitcodes import Exit
from kis_runtime.cli.output import Writer
from kis_runtime.endpoint import Endpoint, FieldInfo
from kis_runtime.errors import KisError, OutcomeUnknownError, ReconcileError
from kis_runtime.reconcile import lookup_for
from kis_runtime.registry import Registry, load


class UsageError(Exception):
    """A command-line mistake found before anything is sent (exit code 2)."""


def resolve(registry: Registry, tr_id: str) -> tuple[Endpoint[Any, Any], str | None, bool]:
    """(endpoint, variant, is a paper TR id) for a real or paper TR id, any case."""
    key = tr_id.strip().upper()
    try:
        entry, variant = registry.tr_ids[key]
    except KeyError:
        raise UsageError(f"unknown TR id {tr_id!r} (search with `kis trs WORDS`)") from None
    endpoint = load(entry)
    paper = any(ids.paper == key and ids.real != key for ids in endpoint.tr_ids)
    return endpoint, variant, paper


def _value(field: FieldInfo, text: str) -> Any:
    """The command-line text as the request attribute's type."""
    try:
        if field.type == "int":
            return int(text)
        if field.type == "Decimal":
            return Decimal(text)
        if field.type == "date":
            return dt.date.fromisoformat(text) if "-" in text else _parse(text, "%Y%m%d").date()
        if field.type == "time":
            return dt.time.fromisoformat(text) if ":" in text else _parse(text, "%H%M%S").time()
    except (ValueError, InvalidOperation):
        raise UsageError(f"{field.name}: {text!r} is not a {field.type}") from None
    return text


def _parse(text: str, layout: str) -> dt.datetime:
    return dt.datetime.strptime(text, layout)


def build_request(endpoint: Endpoint[Any, Any], assignments: Sequence[str]) -> Any:
    """NAME=VALUE (KIS name any case, or the Python name) -> the validated request object."""
    settable = {
        f.py_name: f
        for f in endpoint.params
        if f.py_name in attrs.fields_dict(endpoint.request_type)
    }
    by_name = {f.name.casefold(): f for f in settable.values()}
    by_name.update({f.py_name.casefold(): f for f in settable.values()})
    values: dict[str, Any] = {}
    for item in assignments:
        name, sep, raw = item.partition("=")
        if not sep:
            raise UsageError(f"{item!r}: parameters are NAME=VALUE")
        field = by_name.get(name.strip().casefold())
        if field is None:
            known = ", ".join(f.name for f in settable.values()) or "none"
            raise UsageError(f"{endpoint.title} has no parameter {name!r} (parameters: {known})")
        values[field.py_name] = _value(field, raw)
    missing = [
        f"{settable[a.name].name} ({settable[a.name].title})"
        for a in attrs.fields(endpoint.request_type)
        if a.default is attrs.NOTHING and a.name not in values and a.name in settable
    ]
    if missing:
        raise UsageError(
            f"{endpoint.tr_ids[0].real}: required parameter(s) missing: " + ", ".join(missing)
        )
    return endpoint.request_type(**values)


def environ_for(args: argparse.Namespace, paper_id: bool) -> Mapping[str, str]:
    """The environment Client.from_env() reads, with --base-url / --paper applied."""
    environ = dict(os.environ)
    if args.base_url:
        environ["KIS_BASE_URL"] = args.base_url
    if args.paper or paper_id:
        environ["KIS_ENVIRONMENT"] = "paper"
    return environ


def run(args: argparse.Namespace, registry: Registry) -> int:
    import kis_runtime

    endpoint, variant, paper_id = resolve(registry, args.tr_id)
    variant = args.variant or variant
    endpoint.variant(variant)  # an unknown --variant is a usage error, raised here
    request = build_request(endpoint, args.params)
    if endpoint.method == "POST" and not args.yes:
        raise UsageError(
            f"{endpoint.title} ({args.tr_id.upper()}) is a POST: it places or changes an order. "
            "Add --yes to send it"
        )
    writer = None
    if not args.raw:
        try:
            if args.block:
                pick(endpoint, args.block)
            writer = Writer(endpoint, sys.stdout, args.format, args.block, args.titles)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    client = kis_runtime.Client.from_env(environ_for(args, paper_id), max_pages=args.max_pages)
    with client:
        tr_id = endpoint.tr_id(client.environment, variant)  # no paper TR id: raised here
        if endpoint.method == "POST" and _reconcilable(endpoint, tr_id):
            return _place(client, endpoint, request, variant, tr_id, args, writer)
        if args.all_pages and endpoint.pageable:
            pages: Iterable[Any] = client.iter_pages(endpoint, request, variant=variant)
        else:
            pages = [client.call(endpoint, request, variant=variant)]
        last: Any = None
        for count, page in enumerate(pages, start=1):
            last = page
            if args.raw:
                sys.stdout.write(json.dumps(page.raw, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                assert writer is not None
                writer.page(page)
            if args.all_pages and (count > 1 or page.headers.has_more):
                rows = f", {writer.count} row(s) so far" if writer is not None else ""
                print(f"kis: page {count} received{rows}", file=sys.stderr, flush=True)
        if writer is not None:
            writer.finish()
        if not args.all_pages and last is not None and endpoint.pageable and last.headers.has_more:
            print(
                "kis: more pages remain (tr_cont "
                f"{last.headers.tr_cont}); --all-pages fetches them",
                file=sys.stderr,
            )
    return Exit.OK


def _reconcilable(endpoint: Endpoint[Any, Any], tr_id: str) -> bool:
    """Whether an unknown outcome of this order TR can be looked up (else it is sent as any
    TR, and a lost reply exits 6)."""
    try:
        lookup_for(endpoint, tr_id)
    except ReconcileError:
        return False
    return True


def _place(
    client: Any,
    endpoint: Endpoint[Any, Any],
    request: Any,
    variant: str | None,
    tr_id: str,
    args: argparse.Namespace,
    writer: Writer | None,
) -> int:
    """An order sent once through kis.orders.place: its reply as usual, or, when the reply was
    lost, the reconcile verdict on stdout and its exit code (0 placed, 7 not placed, 8
    ambiguous; 6 if reconciling failed, raised as the OutcomeUnknownError)."""
    from kis_runtime import orders

    options: orders.ReconcileOptions = {}
    if args.reconcile_window is not None:
        options["window"] = args.reconcile_window
    try:
        result = orders.place(client, endpoint, request, variant=variant, **options)
    except KisError as exc:
        if isinstance(exc, OutcomeUnknownError):
            for note in getattr(exc, "__notes__", ()):
                print(f"kis: {note}", file=sys.stderr)
        raise
    if isinstance(result, orders.Placed | orders.NotPlaced | orders.Ambiguous):
        print(f"kis: {tr_id}: the reply was lost; KIS's order list says:", file=sys.stderr)
        print(str(result), flush=True)
        codes = {orders.Placed: Exit.OK, orders.NotPlaced: Exit.NOT_PLACED}
        return codes.get(type(result), Exit.AMBIGUOUS)
    if args.raw:
        sys.stdout.write(json.dumps(result.raw, ensure_ascii=False) + "\n")
    elif writer is not None:
        writer.page(result)
        writer.finish()
    return Exit.OK


__all__ = ["UsageError", "build_request", "resolve", "run"]
