"""How a simulator run behaves: credentials, environment, data, paging, limits and faults."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from kis_runtime.environment import Environment
from kis_sim.faults import Fault

# Public demo credentials: the simulator accepts these unless told otherwise.
DEMO_APP_KEY = "PSSIMDEMOAPPKEY" + "0" * 21  # 36 characters, like a real app key
DEMO_APP_SECRET = "sim-demo-app-secret"


def _environment(value: str | Environment) -> Environment:
    return Environment.parse(value)


def _credentials(value: Mapping[str, str]) -> Mapping[str, str]:
    return dict(value)


@attrs.frozen(kw_only=True)
class SimConfig:
    """A simulator run. Everything is fixed up front, so a run is reproducible from its config."""

    # app key -> app secret; anything else is refused (EGW00103 / EGW00105).
    credentials: Mapping[str, str] = attrs.field(
        factory=lambda: {DEMO_APP_KEY: DEMO_APP_SECRET}, converter=_credentials, repr=False
    )
    environment: Environment = attrs.field(default=Environment.REAL, converter=_environment)
    seed: int = 0
    rows: int = 25  # rows in each TR's main array output
    page_size: int = 10
    token_lifetime: float = 86400.0
    token_issue_interval: float = 60.0  # KIS: one token per minute per app key (EGW00133)
    rate_limit: int | None = None  # requests per second per app key; None: unlimited
    faults: tuple[Fault, ...] = ()  # applied to every TR request of the run
    # TR id -> reply blocks ({"output1": [rows], "output2": {...}}) replacing generated data.
    fixtures: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if self.rows < 0 or self.page_size < 1:
            raise ValueError("rows must be >= 0 and page_size >= 1")
        if not self.credentials:
            raise ValueError("at least one app key / app secret pair is needed")


def load_fixture(path: str | Path) -> dict[str, Any]:
    """A fixture file: a JSON object of output blocks, named as in the reply."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a fixture is a JSON object of output blocks")
    return data
