"""kis.calendar against the simulator serving format-true 국내휴장일조회 (CTCA0903R) rows: trading
days, next / previous, at most one call a day per base date, shared across calendars (processes)
through the file cache, stale future days fetched again the next day, unreadable flags refused."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import kis
from kis_runtime.errors import ResponseFormatError
from kis_runtime.krx_calendar import CalendarRangeError, TradingCalendar
from kis_sim import DEMO_APP_KEY, DEMO_APP_SECRET, SimConfig, Simulator

WEEKDAY = {6: "01", 0: "02", 1: "03", 2: "04", 3: "05", 4: "06", 5: "07"}  # KIS's 01 = Sunday
# KRX, late December 2026: Christmas (Fri) closed, the year-end close on the 31st (banks open).
CLOSED = {dt.date(2026, 12, 25): "NNNN", dt.date(2026, 12, 31): "YYNY", dt.date(2027, 1, 1): "NNNN"}


def rows(
    start: dt.date, count: int, flags: dict[dt.date, str] | None = None
) -> list[dict[str, str]]:
    out = []
    for offset in range(count):
        day = start + dt.timedelta(days=offset)
        weekend = day.weekday() >= 5
        bz, tr, op, st = (flags or CLOSED).get(day, "NNNN" if weekend else "YYYY")
        out.append(
            {"bass_dt": day.strftime("%Y%m%d"), "wday_dvsn_cd": WEEKDAY[day.weekday()],
             "bzdy_yn": bz, "tr_day_yn": tr, "opnd_yn": op, "sttl_day_yn": st}
        )  # fmt: skip
    return out


START = dt.date(2026, 12, 21)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    config = SimConfig(page_size=40, fixtures={"CTCA0903R": {"output": rows(START, 20)}})
    with Simulator(config) as server:
        yield server


def client(sim: Simulator) -> kis.Client:
    return kis.Client(DEMO_APP_KEY, DEMO_APP_SECRET, base_url=sim.url, rate_limit=0)


def calls(sim: Simulator) -> list[Any]:
    return [r for r in sim.records if r.tr_id == "CTCA0903R"]


def test_trading_days_next_and_previous(sim: Simulator) -> None:
    today = START
    with client(sim) as c:
        cal = TradingCalendar(c, today=lambda: today)
        assert cal.is_trading_day(dt.date(2026, 12, 24))
        assert not cal.is_trading_day(dt.date(2026, 12, 25))  # Christmas
        assert not cal.is_trading_day(dt.date(2026, 12, 26))  # Saturday
        assert cal.next_trading_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)
        assert cal.next_trading_day(dt.date(2026, 12, 30)) == dt.date(2027, 1, 4)
        assert cal.previous_trading_day(dt.date(2026, 12, 28)) == dt.date(2026, 12, 24)
        day = cal.day(dt.date(2026, 12, 31))
        assert day.business_day and not day.open  # banks work, KRX is closed
    assert len(calls(sim)) == 1
    assert calls(sim)[0].params["BASS_DT"] == "20261224"


def test_once_a_day_shared_by_every_calendar(sim: Simulator) -> None:
    today = START
    with client(sim) as c:
        # Four "processes" (separate calendars, threads) asking at once: one call to KIS.
        results: list[bool] = []

        def ask() -> None:
            results.append(TradingCalendar(c, today=lambda: today).is_trading_day(START))

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [True] * 4
        assert len(calls(sim)) == 1

        # The next day: a day from then on is fetched again (KIS may have added a holiday); the
        # days before it are history, answered from the cache.
        later = TradingCalendar(c, today=lambda: START + dt.timedelta(days=1))
        assert later.is_trading_day(START)  # yesterday: cached, final
        assert len(calls(sim)) == 1
        assert later.is_trading_day(START + dt.timedelta(days=2))
        assert len(calls(sim)) == 2


def test_a_day_outside_the_answer(sim: Simulator) -> None:
    with client(sim) as c:
        cal = TradingCalendar(c, today=lambda: START)
        far = START + dt.timedelta(days=200)
        with pytest.raises(CalendarRangeError, match="not in KIS"):
            cal.is_trading_day(far)
        with pytest.raises(CalendarRangeError, match="already fetched today"):
            TradingCalendar(c, today=lambda: START).is_trading_day(far)
    assert len(calls(sim)) == 1  # the second ask did not call again


def test_a_flag_off_the_spec_is_refused() -> None:
    bad = rows(START, 3)
    bad[1]["opnd_yn"] = "?"
    config = SimConfig(page_size=40, fixtures={"CTCA0903R": {"output": bad}})
    with Simulator(config) as server, client(server) as c:
        with pytest.raises(ResponseFormatError, match=r"CTCA0903R.*opnd_yn.*'\?'"):
            TradingCalendar(c, today=lambda: START).is_trading_day(START)


def test_a_day_kis_does_not_list_inside_its_answer_is_closed() -> None:
    # Were KIS to list business days only, a weekend inside the answer has no row: closed.
    weekdays = [r for r in rows(START, 14) if r["wday_dvsn_cd"] not in ("01", "07")]
    config = SimConfig(page_size=40, fixtures={"CTCA0903R": {"output": weekdays}})
    with Simulator(config) as server, client(server) as c:
        cal = TradingCalendar(c, today=lambda: START)
        saturday = dt.date(2026, 12, 26)
        assert not cal.is_trading_day(saturday)
        assert cal.next_trading_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)
        with pytest.raises(CalendarRangeError):
            cal.is_trading_day(START + dt.timedelta(days=30))  # past the answer: unknown
