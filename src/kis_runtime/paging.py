"""Paging state shared by both clients (tr_cont and the continuation keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kis_runtime.errors import PagingError
from kis_runtime.response import KisResponse
from kis_runtime.secret import Secret

if TYPE_CHECKING:
    # Type hints only: the TR metadata machinery loads with the first TR module.
    from kis_runtime.endpoint import Endpoint


class Pager:
    """Paging state: tr_cont F/M -> next request with tr_cont N and the ctx keys; D/E/blank stops.

    Refuses a cursor seen before (the server would loop forever) and stops at max_pages with an
    error rather than a silently truncated result.
    """

    def __init__(self, endpoint: Endpoint[Any, Any], max_pages: int) -> None:
        self.endpoint = endpoint
        self.max_pages = max_pages
        self.pages: list[Any] = []
        self.tr_cont = ""
        self.cursor: dict[str, str] = {}
        self.done = False
        self._seen: set[tuple[tuple[str, str], ...]] = set()

    def accept(self, page: KisResponse) -> None:
        self.pages.append(page)
        if not page.headers.has_more:
            self.done = True
            return
        name = self.endpoint.title
        # Held as Secret: ctx_area_fk100 embeds the account number.
        cursor: dict[str, str] = {
            param: Secret(getattr(page, field)) for param, field in self.endpoint.cursor.items()
        }
        key = tuple(sorted(cursor.items()))
        if cursor and key in self._seen | {tuple(sorted(self.cursor.items()))}:
            raise PagingError(
                f"{name}: the server sent a continuation key it sent before; stopped paging"
            )
        if len(self.pages) >= self.max_pages:
            raise PagingError(
                f"{name}: more pages after max_pages={self.max_pages}; raise the cap to get all"
            )
        self._seen.add(key)
        self.cursor, self.tr_cont = cursor, "N"
