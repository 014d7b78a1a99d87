"""The realtime simulator fixture, shared with tests/realtime."""

from tests.realtime.conftest import sim

__all__ = ["sim"]
