"""The simulator as a real HTTP server on loopback, in a background thread or in the foreground.

with Simulator(SimConfig(page_size=10)) as sim:
    client = kis.Client(DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url)
    sim.faults.next("rate_limit")   # the next TR request gets EGW00201
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kis_runtime.endpoint import Endpoint
from kis_sim.app import Record, Reply, SimApp
from kis_sim.clock import Clock, system_clock
from kis_sim.config import SimConfig
from kis_sim.faults import FaultSchedule
from kis_sim.realtime import RealtimeOptions, RealtimeServer
from kis_sim.tokens import TokenStore

HOST = "127.0.0.1"  # loopback only: the simulator accepts any caller that reaches it
POLL_INTERVAL = 0.05  # how soon serve_forever notices stop(): keeps test teardown quick
logger = logging.getLogger("kis_sim")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, app: SimApp, stopping: threading.Event) -> None:
        self.app, self.stopping = app, stopping
        super().__init__((HOST, port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "KIS-Sim"
    sys_version = ""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            reply = self.server.app.handle(self.command, url.path, query, headers, body)
        except Exception:  # a simulator bug must not look like a KIS reply
            logger.exception("simulator failed on %s %s", self.command, url.path)
            reply = Reply(500, b"simulator error", {"content-type": "text/plain"})
        if reply.delay and self.server.stopping.wait(reply.delay):
            return  # shutting down: drop the slow reply
        if reply.drop:
            self.close_connection = True  # the order fault: no reply at all
            return
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout); nothing to answer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # SimApp logs each request, secrets masked


class Simulator:
    """A running simulator: `url`, `faults` (schedule), `tokens`, `records`; a context manager."""

    def __init__(
        self,
        config: SimConfig | None = None,
        *,
        port: int = 0,
        clock: Clock = system_clock,
        endpoints: Iterable[Endpoint[Any, Any]] | None = None,
        realtime: bool | RealtimeOptions = False,
        realtime_port: int = 0,
    ) -> None:
        """`realtime`: also serve the realtime (WebSocket) TRs, at `ws_url` (kis_sim.realtime)."""
        self.config = config or SimConfig()
        self.app = SimApp(self.config, clock, endpoints)
        self.realtime: RealtimeServer | None = None
        if realtime:
            options = realtime if isinstance(realtime, RealtimeOptions) else None
            self.realtime = RealtimeServer(self.app, options, realtime_port)
            self.app.order_hooks.append(self.realtime.order_placed)
        self._stopping = threading.Event()
        self._server = _Server(port, self.app, self._stopping)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}"

    @property
    def ws_url(self) -> str:
        if self.realtime is None:
            raise RuntimeError("this simulator serves no realtime: Simulator(..., realtime=True)")
        return self.realtime.url

    @property
    def faults(self) -> FaultSchedule:
        return self.app.faults

    @property
    def tokens(self) -> TokenStore:
        return self.app.tokens

    @property
    def records(self) -> list[Record]:
        return list(self.app.records)

    def start(self) -> Simulator:
        """Serve from a background thread."""
        if self.realtime is not None:
            self.realtime.start()
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_INTERVAL,), name="kis-sim", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve from this thread until stop() is called from another, or KeyboardInterrupt."""
        if self.realtime is not None:
            self.realtime.start()
        try:
            self._server.serve_forever(POLL_INTERVAL)
        finally:
            self._stopping.set()
            self._server.server_close()

    def stop(self) -> None:
        if self.realtime is not None:
            self.realtime.stop()
        self._stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Simulator(url={self.url!r}, environment={self.config.environment.value!r})"
