"""Errors of the shared store (Redis) that coordinates processes using one app key."""

from __future__ import annotations

from kis_runtime.errors import KisError


class CoordinationError(KisError):
    """The shared store could not be used (unreachable, refused the command).

    Raised instead of doing what would need it unguarded: issuing a token or an approval key
    (another process may be issuing: KIS allows one a minute), or taking a session lease. The
    message names the store by its URL without any password.
    """


class SessionHeldError(KisError):
    """The single-holder lease (e.g. the app key's realtime session) is held by someone else.

    `holder` names the holder (host:pid:id, or the label it chose); `expires_in` is how long its
    lease lasts if it is not renewed (seconds).
    """

    def __init__(self, name: str, holder: str, expires_in: float) -> None:
        super().__init__(
            f"the {name} of this app key is held by {holder!r} "
            f"(its lease ends in {max(expires_in, 0.0):.1f}s unless renewed); KIS allows one "
            "per app key"
        )
        self.name, self.holder, self.expires_in = name, holder, expires_in


class LeaseLostError(KisError):
    """renew() found the lease gone or taken by another holder (it expired before renewal)."""
