"""The `kis` command: find a TR (`trs`), read what it takes and returns (`describe`), call it
(`call`). Subcommand modules are imported on use, so `kis trs` loads no TR module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kis_runtime.cli.exitcodes import HELP as EXIT_HELP
from kis_runtime.cli.exitcodes import Exit
from kis_runtime.cli.helpformat import HelpFormatter

DESCRIPTION = """\
Find, read and call KIS Open Trading API TRs from a shell.

  kis trs 잔고                     TRs whose id, title, path or area contain every word
  kis describe TTTC2208R           parameters (allowed values, defaults) and reply fields
  kis call TTTC2208R CANO=12345678 --all-pages --format csv
  kis symbols search 삼성           listings by name, code or ISIN (kis symbols update first)
  kis mcp                          the TRs as MCP tools for an agent (the mcp extra)

Credentials come from the environment, as for kis.Client.from_env(): KIS_APP_KEY,
KIS_APP_SECRET, KIS_ENVIRONMENT (real | paper, default real), KIS_BASE_URL (default: KIS's
server for the environment). `kis-sim` prints the export lines for its demo key."""

CALL_DESCRIPTION = """\
Call one TR. NAME=VALUE sets a request parameter (its KIS name in any case, or the Python
name); every value is checked against the spec before anything is sent. Dates as YYYYMMDD or
YYYY-MM-DD. Pages stream: csv and ndjson rows are written as each page arrives (one block:
--block, default the first array block); table and json print every block once all pages are in
(a summary block shows its last page). Money stays exact (Decimal as written; in json a string)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kis", description=DESCRIPTION, epilog=EXIT_HELP, formatter_class=HelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    text = "list TRs, or search them: every WORD must occur in a TR's ids, title, path or area"
    trs = sub.add_parser("trs", help=text, description=text, formatter_class=HelpFormatter)
    trs.add_argument("words", nargs="*", metavar="WORD", help="search words (case-insensitive)")
    text = "a TR's method, path, TR ids, paging, request parameters and reply fields"
    desc = sub.add_parser("describe", help=text, description=text, formatter_class=HelpFormatter)
    desc.add_argument("tr_id", metavar="TR_ID", help="a real or paper TR id (any case)")
    call = sub.add_parser(
        "call",
        help="call a TR and print its reply",
        description=CALL_DESCRIPTION,
        epilog=EXIT_HELP,
        formatter_class=HelpFormatter,
    )
    call.add_argument(
        "tr_id", metavar="TR_ID", help="a real or paper TR id (a paper id implies --paper)"
    )
    call.add_argument("params", nargs="*", metavar="NAME=VALUE", help="request parameters")
    call.add_argument("--all-pages", action="store_true", help="follow tr_cont to the last page")
    call.add_argument("--max-pages", type=int, default=100, help="stop with an error past this")
    call.add_argument(
        "--format",
        choices=("table", "json", "csv", "ndjson"),
        default="table",
        help="output format",
    )
    call.add_argument(
        "--block", metavar="NAME", help="only this reply block (output1, output2, body)"
    )
    call.add_argument(
        "--titles",
        action="store_true",
        help="column names as the doc's Korean titles, not KIS names",
    )
    call.add_argument(
        "--variant", metavar="V", help="the TR id variant (buy / sell …; see describe)"
    )
    call.add_argument(
        "--paper", action="store_true", help="paper trading (모의투자); overrides KIS_ENVIRONMENT"
    )
    call.add_argument(
        "--base-url",
        metavar="URL",
        help="server to call, e.g. a kis-sim URL; overrides KIS_BASE_URL",
    )
    call.add_argument(
        "--yes",
        action="store_true",
        help="send a POST TR (an order, a change, a cancellation); refused without it",
    )
    call.add_argument(
        "--reconcile-window",
        type=float,
        metavar="SECONDS",
        help="an order whose outcome is unknown: look for it this long before saying it was "
        "not placed (default 20)",
    )
    call.add_argument(
        "--raw",
        action="store_true",
        help="print each reply body as KIS sent it (JSON, one line a page)",
    )
    call.add_argument(
        "--save",
        metavar="DIR",
        help="also write each raw reply, secrets and accounts masked, into DIR "
        "(a recording: python -m codegen absorb DIR)",
    )
    _mcp_parser(sub)
    from kis_runtime.cli import symbols

    symbols.add_parser(sub)
    return parser


def _mcp_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "serve the TRs to an agent over MCP (stdio, or --http PORT on loopback)"
    mcp = sub.add_parser("mcp", help=text, description=text, formatter_class=HelpFormatter)
    mcp.add_argument("--http", type=int, metavar="PORT", help="streamable HTTP at /mcp on PORT")
    mcp.add_argument("--host", default="127.0.0.1", help="loopback address for --http")
    mcp.add_argument(
        "--orders",
        action="store_true",
        help="add the two-step order tools (paper: KIS_ENVIRONMENT=paper)",
    )
    mcp.add_argument(
        "--real-orders",
        action="store_true",
        help="with --orders: allow orders when KIS_ENVIRONMENT is real (real money)",
    )
    mcp.add_argument("--max-orders", type=int, default=5, help="orders per session")
    mcp.add_argument(
        "--max-notional",
        default="10000000",
        help="quantity x price per session, per currency",
    )
    mcp.add_argument(
        "--token-ttl", type=float, default=120.0, help="seconds a confirmation token is valid"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("kis: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:
        # `kis ... | head`: the reader left; not an error of ours.
        sys.stderr.close()
        return Exit.OK


def _mcp(args: argparse.Namespace) -> int:
    from decimal import Decimal, InvalidOperation

    from kis_runtime.errors import ConfigError

    try:
        from kis_runtime.mcp_server.orders import Limits
        from kis_runtime.mcp_server.server import ServerOptions, run
    except ImportError as exc:
        print(f"kis: {exc}: pip install 'kis-binding[mcp]'", file=sys.stderr)
        return Exit.CONFIG
    try:
        limits = Limits(args.max_orders, Decimal(args.max_notional), args.token_ttl)
    except InvalidOperation:
        print(f"kis: --max-notional {args.max_notional!r} is not a number", file=sys.stderr)
        return Exit.USAGE
    except ValueError as exc:  # a negative limit
        print(f"kis: limits must not be negative ({exc})", file=sys.stderr)
        return Exit.USAGE
    options = ServerOptions(orders=args.orders, real_orders=args.real_orders, limits=limits)
    try:
        run(options, http_port=args.http, host=args.host)
    except ConfigError as exc:
        print(f"kis: {exc}", file=sys.stderr)
        return Exit.CONFIG
    return Exit.OK


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "mcp":
        return _mcp(args)
    if args.command == "symbols":
        from kis_runtime.cli import symbols

        return symbols.run(args)
    from kis.registry import REALTIME, REGISTRY

    if args.command == "trs":
        from kis_runtime.cli import trs

        found = trs.search(REGISTRY, args.words)
        realtime = trs.search_realtime(REALTIME, args.words)
        if not found and not realtime:
            print(f"kis: no TR matches {' '.join(args.words)!r}", file=sys.stderr)
            return Exit.NO_MATCH
        print(trs.render(found, realtime))
        return Exit.OK
    if args.command == "describe" and args.tr_id.upper() in REALTIME:
        from kis_runtime.cli.describe import render_realtime

        sys.stdout.write(render_realtime(REALTIME.get(args.tr_id.upper())))
        return Exit.OK
    from kis_runtime.cli.call import UsageError

    try:
        if args.command == "describe":
            # From the generated catalog: no TR module is imported.
            from kis_runtime.catalog import load_catalog
            from kis_runtime.cli.describe import from_catalog, render

            try:
                info = load_catalog().get(args.tr_id)
            except KeyError:
                raise UsageError(
                    f"unknown TR id {args.tr_id!r} (search with `kis trs WORDS`)"
                ) from None
            sys.stdout.write(render(from_catalog(info)))
            return Exit.OK
        from kis_runtime.cli.call import run

        return run(args, REGISTRY)
    except UsageError as exc:
        print(f"kis: {exc}", file=sys.stderr)
        return Exit.USAGE
    except Exception as exc:  # noqa: BLE001 - every KisError becomes one line and an exit code
        from kis_runtime.cli.errors import report

        return report(exc, raw=getattr(args, "raw", False))
