"""Where a page's spec goes under spec/, from its URL path.

`/uapi/<area>/v1/<group>/<rest…>` -> `<area>/<group>/<rest joined by _>.yaml`, `-` -> `_`
(`/uapi/domestic-stock/v1/trading/pension/inquire-balance` ->
`domestic_stock/trading/pension_inquire_balance.yaml`; `/uapi/etfetn/…` and `/uapi/overseas-price/…`
are areas like any other). The auth endpoints outside that scheme (`/oauth2/tokenP`,
`/uapi/hashkey`) go to `auth/<name>.yaml` in snake case: `auth/token_p.yaml`, `auth/hashkey.yaml`.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from codegen import naming

_VERSION = re.compile(r"^v\d+$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class PathError(ValueError):
    """A URL path the placement rule does not cover."""


def _snake(segment: str) -> str:
    return _CAMEL.sub("_", segment).replace("-", "_").lower()


def spec_path(api_path: str, *, auth: bool) -> PurePosixPath:
    parts = [p for p in api_path.split("/") if p]
    if auth:
        rest = parts[1:] if parts and parts[0] in ("uapi", "oauth2") else parts
        placed = ["auth", "_".join(_snake(p) for p in rest)]
    elif len(parts) >= 5 and parts[0] == "uapi" and _VERSION.match(parts[2]):
        placed = [_snake(parts[1]), _snake(parts[3]), "_".join(_snake(p) for p in parts[4:])]
    else:
        raise PathError(f"{api_path}: not /uapi/<area>/v<N>/<group>/<name>; no rule places it")
    for part in placed:
        if not naming.is_identifier(part) or part != part.lower() or part.startswith("_"):
            raise PathError(f"{api_path}: {part!r} is not a lowercase Python identifier")
    return PurePosixPath(*placed).with_suffix(".yaml")
