"""A TR written the way codegen writes one, unlike TTTC2208R in every way the simulator must
handle generically: POST with a JSON body, two variants with paper ids, date/time/int fields,
paging by tr_cont alone, an object-array output2 and a capitalised block name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

import attrs

from kis_runtime import KisResponse
from kis_runtime.endpoint import Endpoint, FieldInfo, OutputInfo, TrIds
from kis_runtime.validation import check


@attrs.frozen(kw_only=True)
class Request:
    __kis_names__: ClassVar[dict[str, str]] = {
        "pdno": "PDNO",
        "ord_dvsn": "ORD_DVSN",
        "ord_qty": "ORD_QTY",
        "strt_dt": "STRT_DT",
        "ord_tmd": "ORD_TMD",
    }
    pdno: str = attrs.field(
        validator=check("TSYN0001U", "PDNO", required=True, max_length=12, pattern="[0-9]{6}")
    )
    ord_dvsn: str = attrs.field(
        default="00", validator=check("TSYN0001U", "ORD_DVSN", max_length=2, values=("00", "01"))
    )
    ord_qty: int = attrs.field(
        validator=check("TSYN0001U", "ORD_QTY", type="int", required=True, max_length=10)
    )
    strt_dt: dt.date = attrs.field(validator=check("TSYN0001U", "STRT_DT", type="date"))
    ord_tmd: dt.time = attrs.field(validator=check("TSYN0001U", "ORD_TMD", type="time"))


@attrs.define(kw_only=True)
class Row:
    __kis_names__: ClassVar[dict[str, str]] = {}
    pdno: str = ""
    ord_dt: dt.date | None = None
    ord_tmd: dt.time | None = None
    ord_qty: int | None = None
    ord_unpr: Decimal | None = None
    prdt_name: str = ""


@attrs.define(kw_only=True)
class Total:
    __kis_names__: ClassVar[dict[str, str]] = {}
    tot_ord_qty: int | None = None


@attrs.define(kw_only=True)
class Response(KisResponse):
    __kis_names__: ClassVar[dict[str, str]] = {"output1": "Output1"}
    output1: list[Row] = attrs.field(factory=list)
    output2: list[Total] = attrs.field(factory=list)


def _f(name: str, **kw: object) -> FieldInfo:
    return FieldInfo(name=name, py_name=name.lower(), title=name, **kw)  # type: ignore[arg-type]


ENDPOINT: Endpoint[Request, Response] = Endpoint(
    name="tests.synthetic",
    title="합성 주문",
    api_id=None,
    method="POST",
    path="/uapi/test/v1/trading/synthetic-order",
    tr_ids=(
        TrIds(real="TSYN0001U", paper="VSYN0001U", variant="sell", label="매도"),
        TrIds(real="TSYN0002U", paper="VSYN0002U", variant="buy", label="매수"),
    ),
    request_type=Request,
    response_type=Response,
    params=(
        _f("PDNO", required=True, digits=12, pattern="[0-9]{6}"),
        _f("ORD_DVSN", digits=2, default="00", values=("00", "01")),
        _f("ORD_QTY", type="int", required=True, digits=10),
        _f("STRT_DT", type="date", required=True, digits=8),
        _f("ORD_TMD", type="time", required=True, digits=6),
    ),
    outputs=(
        OutputInfo(
            name="Output1",
            py_name="output1",
            title="rows",
            array=True,
            fields=(
                _f("pdno", digits=12),
                _f("ord_dt", type="date", digits=8),
                _f("ord_tmd", type="time", digits=6),
                _f("ord_qty", type="int", digits=10),
                _f("ord_unpr", type="Decimal", digits=19, scale=2),
                _f("prdt_name", digits=20),
            ),
        ),
        OutputInfo(
            name="output2",
            py_name="output2",
            title="total",
            array=True,
            fields=(_f("tot_ord_qty", type="int", digits=10),),
        ),
    ),
    pageable=True,
    hashkey=True,
)
