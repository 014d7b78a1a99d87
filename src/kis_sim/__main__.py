"""kis-sim: run the simulator on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from kis_sim.config import SimConfig, load_fixture
from kis_sim.faults import Fault
from kis_sim.realtime import RealtimeOptions
from kis_sim.server import Simulator


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kis-sim", description="Local KIS Open Trading API simulator (loopback only)."
    )
    parser.add_argument("--port", type=int, default=8999, help="0 picks a free port")
    parser.add_argument("--environment", choices=("real", "paper"), default="real")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rows", type=int, default=25, help="rows in each TR's main array")
    parser.add_argument("--page-size", type=int, default=10)
    parser.add_argument(
        "--app",
        action="append",
        metavar="KEY:SECRET",
        help="accepted app key and secret (repeatable); default: the demo pair",
    )
    parser.add_argument("--rate-limit", type=int, help="requests per second per app key")
    parser.add_argument("--token-interval", type=float, default=60.0, help="seconds per token")
    parser.add_argument("--token-lifetime", type=float, default=86400.0)
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[:ARG]",
        help="applied to every TR request: rate_limit, token_expired, server_error[:STATUS], "
        "slow[:SECONDS], malformed_json, data_changed",
    )
    parser.add_argument(
        "--fixture", action="append", default=[], metavar="TR_ID=FILE.json", help="reply data"
    )
    parser.add_argument(
        "--realtime-port",
        type=int,
        metavar="PORT",
        help="also serve the realtime (WebSocket) TRs on this port (0 picks a free one)",
    )
    parser.add_argument(
        "--realtime-interval", type=float, default=0.5, help="seconds between ticks per code"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log requests (masked)")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> SimConfig:
    options: dict[str, object] = {}
    if args.app:
        options["credentials"] = dict(pair.split(":", 1) for pair in args.app)
    fixtures = {}
    for item in args.fixture:
        tr_id, _, path = item.partition("=")
        fixtures[tr_id] = load_fixture(path)
    return SimConfig(
        environment=args.environment,
        seed=args.seed,
        rows=args.rows,
        page_size=args.page_size,
        rate_limit=args.rate_limit,
        token_issue_interval=args.token_interval,
        token_lifetime=args.token_lifetime,
        faults=tuple(Fault.parse(text) for text in args.fault),
        fixtures=fixtures,
        **options,  # type: ignore[arg-type]
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(message)s"
    )
    realtime = args.realtime_port is not None
    sim = Simulator(
        config_from(args),
        port=args.port,
        realtime=RealtimeOptions(interval=args.realtime_interval) if realtime else False,
        realtime_port=args.realtime_port or 0,
    )
    keys = "the demo app key (kis_sim.DEMO_APP_KEY)" if not args.app else f"{len(args.app)} key(s)"
    print(f"KIS simulator listening on {sim.url}", flush=True)
    if sim.realtime is not None:
        sim.realtime.start()
        print(f"realtime (WebSocket) on {sim.ws_url}", flush=True)
    print(f"environment {args.environment}, seed {args.seed}, accepting {keys}", flush=True)
    try:
        sim.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
