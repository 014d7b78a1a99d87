"""`kis.calendar`: is a date a KRX trading day, and the next / previous one, from 국내휴장일조회
(CTCA0903R), called at most once a day per base date as KIS asks ("가급적 1일 1회 호출").

Each call returns the days from its base date on (KIS: one row per day with 영업일 / 거래일 /
개장일 / 결제일 flags). The days are cached and shared across processes like the access token:
a file in the cache dir (`calendar/krx.json`, written atomically, a file lock around each call),
or, for a client with a Redis coordinator, a Redis key (a guard lets one process call while the
others wait for its answer). A past day's flags are final once cached; a day from today on is
answered from a copy fetched today, else fetched again (from that day), at most once a day.

A trading day is a day KRX is open for orders: `opnd_yn` = Y (개장일여부; KIS: "주문을 넣을 수
있는지 확인하고자 하실 경우 개장일여부(opnd_yn)을 사용"). CTCA0903R has no paper TR id: the
calendar needs a real-environment client.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from kis_runtime.cachedir import cache_subdir
from kis_runtime.errors import KisError, ResponseFormatError

TR_ID = "CTCA0903R"
KST = dt.timezone(dt.timedelta(hours=9))
FLAGS = ("bzdy_yn", "tr_day_yn", "opnd_yn", "sttl_day_yn")
MAX_SCAN = 60  # days looked through for a next / previous trading day
GUARD_SECONDS = 30  # Redis: how long one process may hold the right to call


class CalendarRangeError(KisError):
    """The day is not covered: KIS's answer for it was fetched today and did not include it."""


@attrs.frozen
class CalendarDay:
    day: dt.date
    business_day: bool  # 영업일 (bzdy_yn): banks work
    transaction_day: bool  # 거래일 (tr_day_yn): securities business (transfers …)
    open: bool  # 개장일 (opnd_yn): KRX takes orders: a trading day
    settlement_day: bool  # 결제일 (sttl_day_yn)


# {"days": {iso: [4 flags, as_of iso]}, "fetches": {base iso: as_of iso},
#  "spans": [[first iso, last iso, as_of iso], ...] (the days each answer covered)}
State = dict[str, Any]


def _empty() -> State:
    return {"days": {}, "fetches": {}}


class FileShare:
    """The state in `calendar/krx.json`; `exclusive()` serialises calls across processes."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "krx.json"

    def load(self) -> State:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return _empty()
        return data if isinstance(data, dict) and "days" in data else _empty()

    def save(self, state: State) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".krx-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(state, f, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        import filelock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with filelock.FileLock(self.path.with_suffix(".lock"), timeout=120):
            yield


_GET = "return redis.call('GET', KEYS[1])"
_SET = "redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1"
_GUARD = "return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) and 1 or 0"
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1"


class RedisShare:
    """The state in Redis (the coordinator's store); one process at a time calls KIS."""

    def __init__(self, store: Any, prefix: str, sleep: Callable[[float], None] = time.sleep):
        self.store, self.sleep = store, sleep
        self.key, self.guard = f"{prefix}:calendar:krx", f"{prefix}:calendar:krx:guard"

    def load(self) -> State:
        raw = self.store.run(_GET, [self.key], [])
        if not raw:
            return _empty()
        data = json.loads(raw)
        return data if isinstance(data, dict) and "days" in data else _empty()

    def save(self, state: State) -> None:
        self.store.run(_SET, [self.key], [json.dumps(state, sort_keys=True), 40 * 86400])

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        holder = f"{os.getpid()}:{id(self)}"
        deadline = time.monotonic() + 2 * GUARD_SECONDS
        while not self.store.run(_GUARD, [self.guard], [holder, GUARD_SECONDS]):
            if time.monotonic() > deadline:
                raise CalendarRangeError("another process holds the calendar guard; try again")
            self.sleep(0.2)
        try:
            yield
        finally:
            self.store.run(_RELEASE, [self.guard], [holder])


class TradingCalendar:
    """KRX trading days through a `kis.Client` (real environment).

    cal = kis.calendar.TradingCalendar(client)
    cal.is_trading_day(date(2026, 12, 25))     # False
    cal.next_trading_day(date(2026, 12, 24))   # the next day KRX is open
    """

    def __init__(
        self,
        client: Any,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        self.client = client
        self._today = today or (lambda: dt.datetime.now(KST).date())
        coordinator = getattr(client, "coordinator", None)
        self.share: FileShare | RedisShare
        if coordinator is not None:
            self.share = RedisShare(coordinator.store, coordinator.prefix)
        else:
            self.share = FileShare(cache_subdir("calendar", cache_dir, environ))
        self._state: State = _empty()

    def day(self, day: dt.date) -> CalendarDay:
        """The day's flags, from the cache or from one CTCA0903R call."""
        found = self._fresh(self._state, day)
        if found is not None:
            return found
        self._state = self.share.load()
        found = self._fresh(self._state, day)
        if found is not None:
            return found
        with self.share.exclusive():
            self._state = self.share.load()  # another process may have called meanwhile
            found = self._fresh(self._state, day)
            if found is not None:
                return found
            today = self._today()
            base = day
            if self._state["fetches"].get(base.isoformat()) == today.isoformat():
                raise CalendarRangeError(
                    f"{day}: not in KIS's 국내휴장일조회 answer from {base}, already fetched today"
                )
            self._fetch(base, today)
            self.share.save(self._state)
        found = self._fresh(self._state, day)
        if found is None:
            raise CalendarRangeError(f"{day}: not in KIS's 국내휴장일조회 answer from {base}")
        return found

    def is_trading_day(self, day: dt.date) -> bool:
        return self.day(day).open

    def next_trading_day(self, day: dt.date) -> dt.date:
        """The first trading day after `day`."""
        return self._scan(day, 1)

    def previous_trading_day(self, day: dt.date) -> dt.date:
        """The last trading day before `day`."""
        return self._scan(day, -1)

    def _scan(self, day: dt.date, step: int) -> dt.date:
        for offset in range(1, MAX_SCAN + 1):
            candidate = day + dt.timedelta(days=step * offset)
            if self.day(candidate).open:
                return candidate
        raise CalendarRangeError(f"no trading day within {MAX_SCAN} days of {day}")

    def _fresh(self, state: State, day: dt.date) -> CalendarDay | None:
        key, today = day.isoformat(), self._today().isoformat()
        entry = state["days"].get(key)
        if entry is None:
            # A day inside an answer's span without a row of its own: KIS listed the days
            # around it and not this one, so it is no business day (a weekend, were KIS to
            # leave weekends out); days past the span are unknown.
            spans = state.get("spans", [])
            entry = next(
                (
                    ["N", "N", "N", "N", as_of]
                    for first, last, as_of in spans
                    if first <= key <= last
                ),
                None,
            )
            if entry is None:
                return None
        *flags, as_of = entry
        # A day up to the date it was fetched on is history; a later one is trusted for a day.
        if as_of != today and key > as_of:
            return None
        return CalendarDay(day, *(flag == "Y" for flag in flags))

    def _fetch(self, base: dt.date, today: dt.date) -> None:
        from kis.domestic_stock.quotations import chk_holiday

        reply = chk_holiday.fetch(self.client, chk_holiday.ChkHolidayRequest(bass_dt=base))
        self._state["fetches"][base.isoformat()] = today.isoformat()
        dates = [row.bass_dt.isoformat() for row in reply.output if row.bass_dt is not None]
        if dates:
            self._state.setdefault("spans", []).append([min(dates), max(dates), today.isoformat()])
        for row in reply.output:
            flags = [getattr(row, name) for name in FLAGS]
            for name, value in zip(FLAGS, flags, strict=True):
                if value not in ("Y", "N"):
                    raise ResponseFormatError(TR_ID, name, value, "expected Y or N", raw=reply.raw)
            if row.bass_dt is None:
                raise ResponseFormatError(TR_ID, "bass_dt", None, "a row without its date")
            self._state["days"][row.bass_dt.isoformat()] = [*flags, today.isoformat()]


_default: TradingCalendar | None = None


def default() -> TradingCalendar:
    """A calendar on `kis.Client.from_env()` (made on first use)."""
    global _default
    if _default is None:
        from kis_runtime.client import Client

        _default = TradingCalendar(Client.from_env())
    return _default


def is_trading_day(day: dt.date) -> bool:
    return default().is_trading_day(day)


def next_trading_day(day: dt.date) -> dt.date:
    return default().next_trading_day(day)


def previous_trading_day(day: dt.date) -> dt.date:
    return default().previous_trading_day(day)


__all__ = [
    "CalendarDay",
    "CalendarRangeError",
    "TradingCalendar",
    "is_trading_day",
    "next_trading_day",
    "previous_trading_day",
]
