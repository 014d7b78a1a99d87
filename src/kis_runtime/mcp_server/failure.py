"""The one error a tool reports to the agent."""

from __future__ import annotations


class ToolFailure(Exception):
    """A tool call that did nothing or stopped; the message says why (no secret in it)."""
