"""KIS environments: the real and the paper-trading (모의투자) servers."""

from __future__ import annotations

import enum


class Environment(str, enum.Enum):
    REAL = "real"
    PAPER = "paper"

    @property
    def base_url(self) -> str:
        return _BASE_URLS[self]

    @property
    def kis_rate(self) -> float:
        """Requests per second per app key that KIS allows (EGW00201 beyond)."""
        return 20.0 if self is Environment.REAL else 2.0

    @property
    def default_limit(self) -> tuple[float, float]:
        """The client-side default as (count, period): about 10 % under KIS's rate.

        Users report EGW00201 from the real server above about 18 requests a second (network
        jitter bunches requests up on the way), so: real 18 per 1 s; paper 2 per 1.1 s (1.8/s; a
        count of 2 leaves no room for a smaller one).
        """
        return (18.0, 1.0) if self is Environment.REAL else (2.0, 1.1)

    @classmethod
    def parse(cls, value: str | Environment) -> Environment:
        try:
            return cls(value.lower() if isinstance(value, str) else value)
        except ValueError:
            raise ValueError(f"unknown environment {value!r}: use 'real' or 'paper'") from None


_BASE_URLS = {
    Environment.REAL: "https://openapi.koreainvestment.com:9443",
    Environment.PAPER: "https://openapivts.koreainvestment.com:29443",
}
