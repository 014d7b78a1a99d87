"""Base of every generated response: the KIS envelope plus what the transport carried."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import pandas
    import polars


@attrs.frozen(kw_only=True)
class ResponseHeaders:
    """The response headers the spec names: tr_id, tr_cont (F/M more, D/E last), gt_uid."""

    tr_id: str = ""
    tr_cont: str = ""
    gt_uid: str = ""

    @property
    def has_more(self) -> bool:
        return self.tr_cont in ("F", "M")


@attrs.define(kw_only=True)
class KisResponse:
    """rt_cd "0" means success; any other reply is raised as an ApiError instead."""

    rt_cd: str = ""
    msg_cd: str = ""
    msg1: str = ""
    # Not parsed from the body: set by the client from the HTTP response.
    headers: ResponseHeaders = attrs.field(init=False, factory=ResponseHeaders, eq=False)
    raw: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False, eq=False)

    def to_pandas(self, block: str | None = None, *, titles: bool = False) -> pandas.DataFrame:
        """One block of this reply as a DataFrame (kis_runtime.frames.to_pandas; extra `pandas`)."""
        from kis_runtime.frames import to_pandas

        return to_pandas(self, block, titles=titles)

    def to_polars(self, block: str | None = None, *, titles: bool = False) -> polars.DataFrame:
        """One block of this reply as a DataFrame (kis_runtime.frames.to_polars; extra `polars`)."""
        from kis_runtime.frames import to_polars

        return to_polars(self, block, titles=titles)
