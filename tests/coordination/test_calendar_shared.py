"""kis.calendar with a Redis coordinator: the days are shared through Redis (no calendar file),
so clients of other processes or hosts find them without calling 국내휴장일조회 again."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import kis
from kis_runtime.krx_calendar import RedisShare, TradingCalendar
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator

sys.path.insert(0, str(Path(__file__).parents[1] / "agents"))

from test_calendar import START, rows


def test_calendar_shared_through_redis(redis_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = SimConfig(page_size=40, fixtures={"CTCA0903R": {"output": rows(START, 20)}})
    with Simulator(config) as sim:
        answers = []
        for _ in range(2):  # two clients, each with its own coordinator: two processes
            coordinator = kis.RedisCoordinator(redis_server.url)
            with kis.Client(
                DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, rate_limit=0,
                coordinator=coordinator,
            ) as client:  # fmt: skip
                cal = TradingCalendar(client, cache_dir=tmp_path, today=lambda: START)
                assert isinstance(cal.share, RedisShare)
                answers.append(cal.next_trading_day(dt.date(2026, 12, 24)))
            coordinator.close()
        assert answers == [dt.date(2026, 12, 28)] * 2
        assert len([r for r in sim.records if r.tr_id == "CTCA0903R"]) == 1
    assert not (tmp_path / "calendar").exists()  # nothing on disk: Redis holds it
    assert redis_server.client().exists("kis:calendar:krx")
