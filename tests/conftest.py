"""Shared fixtures: a scripted fake KIS server on an httpx.MockTransport, and the real replies."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import kis

REPLIES = Path(__file__).parent / "data" / "kis-replies"
APP_KEY = "PSk3yAPPKEY0123456789abcdefghijklmn"
APP_SECRET = "s3cretAPPSECRETvalue-that-must-never-leak=="
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.test-access-token"
CANO = "73109042"


def reply_body(name: str) -> dict[str, Any]:
    """The body of a recorded real reply in tests/data/kis-replies."""
    data: dict[str, Any] = json.loads((REPLIES / f"{name}.json").read_text(encoding="utf-8"))[
        "body"
    ]
    return data


class FakeKis:
    """Answers tokenP itself and each TR request with the next scripted reply; records everything."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.replies: list[httpx.Response | Callable[[httpx.Request], httpx.Response]] = []
        self.token_reply: httpx.Response = httpx.Response(
            200, json={"access_token": TOKEN, "token_type": "Bearer", "expires_in": 86400}
        )

    def reply(self, body: Any, *, status: int = 200, tr_cont: str = "D", times: int = 1) -> None:
        for _ in range(times):
            self.replies.append(httpx.Response(status, json=body, headers={"tr_cont": tr_cont}))

    @property
    def tr_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if not r.url.path.startswith("/oauth2/")]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/oauth2/tokenP":
            return self.token_reply
        if not self.replies:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        reply = self.replies.pop(0)
        return reply(request) if callable(reply) else reply


@pytest.fixture(autouse=True)
def _tmp_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user cache dir (the token cache lives there)."""
    cache = tmp_path / "kis-cache"
    monkeypatch.setenv("KIS_CACHE_DIR", str(cache))
    return cache


def no_sleep(_: float) -> None:
    """Retry back-off without waiting: tests never depend on wall-clock time."""


@pytest.fixture
def fake() -> FakeKis:
    return FakeKis()


@pytest.fixture
def client(fake: FakeKis) -> Iterator[kis.Client]:
    with kis.Client(
        APP_KEY, APP_SECRET, transport=httpx.MockTransport(fake), rate_limit=0, sleep=no_sleep
    ) as c:
        yield c
