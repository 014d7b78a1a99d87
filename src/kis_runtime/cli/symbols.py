"""`kis symbols update [--market M ...]` and `kis symbols search WORDS`: KIS's master files."""

from __future__ import annotations

import argparse
import sys

from kis_runtime.cli import table
from kis_runtime.cli.exitcodes import Exit
from kis_runtime.cli.helpformat import HelpFormatter


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "KIS's stock master files: download them (update) or look a listing up (search)"
    parser = sub.add_parser("symbols", help=text, description=text, formatter_class=HelpFormatter)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    text = "download the master files not yet fetched today into the cache dir"
    update = actions.add_parser(
        "update", help=text, description=text, formatter_class=HelpFormatter
    )
    update.add_argument(
        "--market",
        nargs="+",
        default=["domestic", "nas", "nys", "ams"],
        metavar="M",
        help="kospi kosdaq konex, nas nys ams shs shi szs szi tse hks hnx hsx, domestic, all",
    )
    update.add_argument("--force", action="store_true", help="download even if fetched today")
    update.add_argument("--base-url", help="where the archives are (default: KIS's server)")
    text = "listings whose name, code or ISIN match (offline, from the cache dir)"
    search = actions.add_parser(
        "search", help=text, description=text, formatter_class=HelpFormatter
    )
    search.add_argument("words", nargs="+", metavar="WORD", help="a name, code or ISIN")
    search.add_argument("--limit", type=int, default=20, help="at most this many listings")


def run(args: argparse.Namespace) -> int:
    from kis_runtime import symbols
    from kis_runtime.symbols.download import BASE_URL, names

    if args.action == "update":
        try:
            files = names(args.market)
            report = symbols.update(
                files=files, force=args.force, base_url=args.base_url or BASE_URL
            )
        except ValueError as exc:
            print(f"kis: {exc}", file=sys.stderr)
            return Exit.USAGE
        for name in report.downloaded:
            print(f"{name}: downloaded")
        for name in report.fresh:
            print(f"{name}: already fetched today")
        for problem in report.problems:
            print(f"kis: unreadable line {problem}", file=sys.stderr)
        for name, why in report.failed.items():
            print(f"kis: {name}: {why}", file=sys.stderr)
        print(f"(in {report.directory})", file=sys.stderr)
        return Exit.TRANSPORT if report.failed else Exit.OK
    try:
        book = symbols.load()
    except symbols.SymbolsNotFoundError as exc:
        print(f"kis: {exc}", file=sys.stderr)
        return Exit.CONFIG
    found = book.search(" ".join(args.words), limit=args.limit)
    if not found:
        print(f"kis: no listing matches {' '.join(args.words)!r}", file=sys.stderr)
        return Exit.NO_MATCH
    rows = [[s.code, s.isin, s.name, s.name_en, s.market, s.group] for s in found]
    print(table.render(["code", "ISIN", "name", "English name", "market", "group"], rows))
    return Exit.OK
