"""Paging as KIS does it: tr_cont F/M (more) ... D (last) and the ctx continuation keys.

The filter key (`ctx_area_fk*`) embeds the request's params (`CANO^ACNT_PRDT_CD^...^`), the next
key carries the offset of the next page with a check, and both are space-padded to their
Length. The simulator keeps no paging state for TRs with keys: a continuation request is
validated from its keys alone. TRs that page by tr_cont only use a per-client position.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from typing import Any

import attrs

from kis_runtime.endpoint import Endpoint, FieldInfo


class BadContinuation(ValueError):
    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@attrs.frozen
class Page:
    start: int
    stop: int
    tr_cont: str  # F / M: more to come; D: last
    keys: dict[str, str]  # response body field -> value


def is_filter_key(field: FieldInfo) -> bool:
    return "fk" in field.name.lower()


def is_continuation_field(field: FieldInfo, endpoint: Endpoint[Any, Any]) -> bool:
    return field.name in endpoint.cursor.values() or field.name.lower().startswith("ctx_area")


def pad(value: str, field: FieldInfo) -> str:
    return value.ljust(field.digits) if field.digits else value


class Paging:
    def __init__(self, seed: int, page_size: int) -> None:
        self.seed, self.page_size = seed, page_size
        self._lock = threading.Lock()
        self._positions: dict[tuple[str, str, str], int] = {}  # tr_cont-only paging

    def filter_key(self, endpoint: Endpoint[Any, Any], params: Mapping[str, str]) -> str:
        cursor = endpoint.cursor
        values = [params.get(p.name, "") for p in endpoint.params if p.name not in cursor]
        return "^".join(values) + "^"

    def next_key(self, tr_id: str, request_key: str, offset: int) -> str:
        check = hashlib.sha256(f"{self.seed}|{tr_id}|{request_key}|{offset}".encode()).hexdigest()
        return f"{offset}^{check[:12]}^"

    def start(
        self,
        endpoint: Endpoint[Any, Any],
        tr_id: str,
        params: Mapping[str, str],
        request_key: str,
        tr_cont: str,
        client: str,
    ) -> int:
        """The offset this request starts at; BadContinuation names the param that is wrong."""
        if tr_cont == "":
            return 0
        if tr_cont != "N":
            raise BadContinuation("tr_cont")
        if not endpoint.pageable:
            raise BadContinuation("tr_cont")
        body = {f.name: f for f in endpoint.body_fields}
        offset: int | None = None
        for param, field_name in endpoint.cursor.items():
            sent = params.get(param, "")
            field = body.get(field_name)
            if field is not None and is_filter_key(field):
                if sent.rstrip() != self.filter_key(endpoint, params):
                    raise BadContinuation(param)
                continue
            offset = self._offset(sent, tr_id, request_key, param)
        if offset is None:
            with self._lock:
                offset = self._positions.get((client, tr_id, request_key))
            if offset is None:
                raise BadContinuation("tr_cont")
        return offset

    def _offset(self, sent: str, tr_id: str, request_key: str, param: str) -> int:
        head = sent.strip().split("^", 1)[0]
        if not head.isdigit() or sent.rstrip() != self.next_key(tr_id, request_key, int(head)):
            raise BadContinuation(param)
        return int(head)

    def page(
        self,
        endpoint: Endpoint[Any, Any],
        tr_id: str,
        params: Mapping[str, str],
        request_key: str,
        offset: int,
        total: int,
        client: str,
    ) -> Page:
        size = self.page_size if endpoint.pageable else max(total, 1)
        stop = min(offset + size, total)
        more = stop < total
        tr_cont = ("F" if offset == 0 else "M") if more else "D"
        keys: dict[str, str] = {}
        for field in endpoint.body_fields:
            if not is_continuation_field(field, endpoint):
                continue
            if is_filter_key(field):
                value = self.filter_key(endpoint, params)
            else:
                value = self.next_key(tr_id, request_key, stop) if more else ""
            keys[field.name] = pad(value, field)
        with self._lock:
            if more:
                self._positions[(client, tr_id, request_key)] = stop
            else:
                self._positions.pop((client, tr_id, request_key), None)
        return Page(offset, stop, tr_cont, keys)
