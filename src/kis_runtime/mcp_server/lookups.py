"""The MCP server's look-ups besides TRs: listings by name (kis.symbols, offline from the cache
dir) and KRX trading days (kis.calendar, one 국내휴장일조회 call a day at most)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kis_runtime.errors import KisError
from kis_runtime.mcp_server.failure import ToolFailure


class Lookups:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = environ
        self._book: Any = None
        self._calendar: Any = None

    def close(self) -> None:
        if self._calendar is not None:
            self._calendar.client.close()
            self._calendar = None

    def symbols(self, query: str, limit: int = 10) -> dict[str, Any]:
        """Listings by name, code or ISIN from the master files in the cache dir (offline)."""
        from kis_runtime import symbols

        if self._book is None:
            try:
                self._book = symbols.load(environ=self._environ)
            except symbols.SymbolsNotFoundError as exc:
                raise ToolFailure(str(exc)) from None
        found = self._book.search(query, limit=min(max(1, limit), 100))
        return {
            "count": len(found),
            "symbols": [
                {"code": s.code, "isin": s.isin, "name": s.name, "name_en": s.name_en,
                 "market": s.market, "exchange": s.exchange, "group": s.group,
                 "currency": s.currency}
                for s in found
            ],
        }  # fmt: skip

    def trading_day(self, day: str) -> dict[str, Any]:
        """KRX's flags for a day, and the trading days around it (kis.calendar; blocking)."""
        import datetime as dt

        from kis_runtime.krx_calendar import CalendarRangeError, TradingCalendar

        try:
            date = (
                dt.date.fromisoformat(day)
                if "-" in day
                else dt.datetime.strptime(day, "%Y%m%d").date()
            )
        except ValueError:
            raise ToolFailure(f"{day!r} is not a date (YYYY-MM-DD or YYYYMMDD)") from None
        try:
            if self._calendar is None:
                from kis_runtime.client import Client

                self._calendar = TradingCalendar(
                    Client.from_env(self._environ), environ=self._environ
                )
            flags = self._calendar.day(date)
            return {
                "date": date.isoformat(),
                "trading_day": flags.open,
                "business_day": flags.business_day,
                "settlement_day": flags.settlement_day,
                "previous_trading_day": self._calendar.previous_trading_day(date).isoformat(),
                "next_trading_day": self._calendar.next_trading_day(date).isoformat(),
            }
        except (KisError, CalendarRangeError) as exc:
            raise ToolFailure(f"{type(exc).__name__}: {exc}") from None
