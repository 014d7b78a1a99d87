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
    def default_rate(self) -> float:
        """Requests per second per app key that KIS allows."""
        return 20.0 if self is Environment.REAL else 2.0

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
