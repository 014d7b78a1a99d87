"""KisResponse: the base of every generated response, the KIS envelope plus what the transport
carried, and its DataFrame methods.

Apart from kis_runtime.model so that the model the TR metadata is built on never reaches
kis_runtime.frames (which reads that metadata): no import circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kis_runtime.model import Reply, ResponseHeaders, Slot

if TYPE_CHECKING:
    import httpx
    import pandas
    import polars


class KisResponse(Reply):
    """rt_cd "0" means success; any other reply is raised as an ApiError instead.

    headers, raw, unknown_keys and http are set by the client from the HTTP response; raw holds
    the whole body; unknown_keys lists reply keys the spec does not name ("new_key" at top level,
    "output1.new_key" in a block), kept in raw, so that drift is visible without reading it.
    """

    __slots__ = ("headers", "http", "msg1", "msg_cd", "raw", "rt_cd", "unknown_keys")
    __kis_layout__ = (
        Slot("rt_cd", ""),
        Slot("msg_cd", ""),
        Slot("msg1", ""),
        Slot("headers", factory=ResponseHeaders, init=False, eq=False),
        Slot("raw", factory=dict, init=False, repr=False, eq=False),
        Slot("unknown_keys", (), init=False, eq=False),
        Slot("http", None, init=False, repr=False, eq=False),
    )
    rt_cd: str
    msg_cd: str
    msg1: str
    headers: ResponseHeaders
    raw: dict[str, Any]
    unknown_keys: tuple[str, ...]
    http: httpx.Response | None

    def to_pandas(self, block: str | None = None, *, titles: bool = False) -> pandas.DataFrame:
        """One block of this reply as a DataFrame (kis_runtime.frames.to_pandas; extra `pandas`)."""
        from kis_runtime.frames import to_pandas

        return to_pandas(self, block, titles=titles)

    def to_polars(self, block: str | None = None, *, titles: bool = False) -> polars.DataFrame:
        """One block of this reply as a DataFrame (kis_runtime.frames.to_polars; extra `polars`)."""
        from kis_runtime.frames import to_polars

        return to_polars(self, block, titles=titles)
