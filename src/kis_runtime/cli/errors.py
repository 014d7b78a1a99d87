"""A failed call as one line on stderr and an exit code scripts can rely on."""

from __future__ import annotations

import json
import os
import sys

from kis_runtime import errors
from kis_runtime.cli.exitcodes import Exit
from kis_runtime.redact import Redactor

# Most specific first: OutcomeUnknownError is a TransportError, RateLimitError an ApiError.
_CODES: tuple[tuple[type[BaseException], Exit], ...] = (
    (errors.InvalidParameterError, Exit.USAGE),
    (errors.UnsupportedEnvironmentError, Exit.USAGE),
    (errors.ConfigError, Exit.CONFIG),
    (errors.OutcomeUnknownError, Exit.UNKNOWN_OUTCOME),
    (errors.ApiError, Exit.API),
    (errors.AuthError, Exit.API),
    (errors.KisError, Exit.TRANSPORT),
)


def exit_code(error: BaseException) -> Exit | None:
    return next((code for kind, code in _CODES if isinstance(error, kind)), None)


def report(error: Exception, *, raw: bool) -> int:
    """Print `kis: ErrorName: message` (secrets masked); re-raise what is not a KisError."""
    code = exit_code(error)
    if code is None:
        raise error
    # The client scrubs its errors already; the credentials from the environment are masked
    # here again in case an error came from outside the client.
    redactor = Redactor(os.environ.get("KIS_APP_KEY", ""), os.environ.get("KIS_APP_SECRET", ""))
    message = " ".join(str(error).split())
    print(f"kis: {type(error).__name__}: {redactor.scrub(message)}", file=sys.stderr)
    reply = getattr(error, "raw", None)
    if reply is not None:
        if raw:
            sys.stdout.write(redactor.scrub(json.dumps(reply, ensure_ascii=False)) + "\n")
        else:
            print("kis: the reply as received: add --raw", file=sys.stderr)
    return code
