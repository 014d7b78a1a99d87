"""A local KIS Open Trading API simulator driven by the specs: every generated TR, no per-TR code.

Start it with `kis-sim --port 8999` (or `python -m kis_sim`), or in-process with `Simulator`.
"""

from kis_sim.app import Record, Reply, SimApp
from kis_sim.clock import ManualClock
from kis_sim.config import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, load_fixture
from kis_sim.examples import example_request, example_value
from kis_sim.faults import FAULT_HEADER, Fault, FaultKind, FaultSchedule
from kis_sim.server import Simulator

__all__ = [
    "DEMO_APP_KEY",
    "DEMO_APP_SECRET",
    "FAULT_HEADER",
    "Fault",
    "FaultKind",
    "FaultSchedule",
    "ManualClock",
    "Record",
    "Reply",
    "SimApp",
    "SimConfig",
    "Simulator",
    "example_request",
    "example_value",
    "load_fixture",
]
