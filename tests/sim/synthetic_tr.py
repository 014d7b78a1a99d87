"""A TR written the way codegen writes one, unlike TTTC2208R in every way the simulator must
handle generically: POST with a JSON body, two variants with paper ids, date/time/int fields,
paging by tr_cont alone, an object-array output2 and a capitalised block name."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from kis_runtime import KisResponse
from kis_runtime.endpoint import Endpoint, TrIds
from kis_runtime.fields import UnlistedCode, block, field, param, request, response, row


@request("TSYN0001U")
class Request:
    pdno: str = param("PDNO", name="PDNO", required=True, length=12, pattern="[0-9]{6}")
    ord_dvsn: Literal["00", "01"] | UnlistedCode = param(
        "ORD_DVSN", name="ORD_DVSN", default="00", length=2, values={"00": "", "01": ""}
    )
    ord_qty: int | str = param("ORD_QTY", name="ORD_QTY", required=True, length=10)
    strt_dt: dt.date | str = param("STRT_DT", name="STRT_DT", required=True, length=8)
    ord_tmd: dt.time | str = param("ORD_TMD", name="ORD_TMD", required=True, length=6)


@row
class Row:
    pdno: str = field("pdno", length=12)
    ord_dt: dt.date | None = field("ord_dt", length=8)
    ord_tmd: dt.time | None = field("ord_tmd", length=6)
    ord_qty: int | None = field("ord_qty", length=10)
    ord_unpr: Decimal | None = field("ord_unpr", length="19.2")
    prdt_name: str = field("prdt_name", length=20)


@row
class Total:
    tot_ord_qty: int | None = field("tot_ord_qty", length=10)


@response
class Response(KisResponse):
    output1: list[Row] = block("rows", name="Output1")
    output2: list[Total] = block("total")


ENDPOINT = Endpoint(
    name="tests.synthetic",
    title="합성 주문",
    method="POST",
    path="/uapi/test/v1/trading/synthetic-order",
    request_type=Request,
    response_type=Response,
    tr_ids=(
        TrIds("TSYN0001U", "VSYN0001U", "sell", "매도"),
        TrIds("TSYN0002U", "VSYN0002U", "buy", "매수"),
    ),
    paging=True,
    hashkey=True,
)
