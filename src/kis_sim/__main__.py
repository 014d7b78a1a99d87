"""kis-sim: run the simulator on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from collections.abc import Sequence

from kis_runtime.cli.helpformat import HelpFormatter
from kis_sim.config import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, load_fixture
from kis_sim.faults import Fault
from kis_sim.realtime import RealtimeOptions
from kis_sim.server import Simulator


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kis-sim",
        description="Local KIS Open Trading API simulator (loopback only): every TR of the "
        "registry, served from the specs, until Ctrl-C. It prints the app key and secret it "
        "accepts and the `export` lines for kis.Client.from_env() and the `kis` command.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8999, help="TCP port; 0 picks a free port")
    parser.add_argument(
        "--environment",
        choices=("real", "paper"),
        default="real",
        help="which TR ids it accepts: real, or paper (모의투자) ones",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated reply data")
    parser.add_argument("--rows", type=int, default=25, help="rows in each TR's main array")
    parser.add_argument("--page-size", type=int, default=10, help="rows per page (tr_cont)")
    parser.add_argument(
        "--app",
        action="append",
        metavar="KEY:SECRET",
        help="accepted app key and secret (repeatable); default: the demo pair "
        "(kis_sim.DEMO_APP_KEY, kis_sim.DEMO_APP_SECRET)",
    )
    parser.add_argument(
        "--rate-limit", type=int, help="requests per second per app key; default: no limit"
    )
    parser.add_argument(
        "--token-interval", type=float, default=60.0, help="seconds between token issuances"
    )
    parser.add_argument(
        "--token-lifetime", type=float, default=86400.0, help="seconds a token stays valid"
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[:ARG]",
        help="applied to every TR request (repeatable): rate_limit, token_expired, "
        "server_error[:STATUS], slow[:SECONDS], malformed_json, data_changed; to every order "
        "request: accept_then_drop (placed, reply lost), drop_before_accept (nothing placed)",
    )
    parser.add_argument(
        "--fixture",
        action="append",
        default=[],
        metavar="TR_ID=FILE.json",
        help="serve this reply data for the TR (repeatable)",
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


def startup_text(args: argparse.Namespace, url: str) -> str:
    """What to paste into a shell to use the simulator (its keys are public test values)."""
    if args.app:
        # The user's own pair: the secret is theirs to paste, not ours to echo.
        key, secret = args.app[0].split(":", 1)[0], "<the secret given with --app>"
        accepted = f"{len(args.app)} app key(s) given with --app"
    else:
        key, secret = DEMO_APP_KEY, DEMO_APP_SECRET
        accepted = "the demo app key (public test values)"
    return "\n".join(
        [
            f"environment {args.environment}, seed {args.seed}, accepting {accepted}:",
            f"  app key    {key}",
            f"  app secret {secret}",
            "for kis.Client.from_env() and the `kis` command:",
            f"  export KIS_APP_KEY={shlex.quote(key)}",
            f"  export KIS_APP_SECRET={secret if args.app else shlex.quote(secret)}",
            f"  export KIS_ENVIRONMENT={args.environment}",
            f"  export KIS_BASE_URL={url}",
        ]
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
    print(f"KIS simulator listening on {sim.url}", flush=True)
    if sim.realtime is not None:
        sim.realtime.start()
        print(f"realtime (WebSocket) on {sim.ws_url}", flush=True)
    print(startup_text(args, sim.url), flush=True)
    try:
        sim.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
