"""KIS's master files for the simulator's listings (GET /common/master/<file>.zip, as KIS serves
them), written in KIS's format from the product table, so `kis symbols` finds the names the
simulator quotes."""

from __future__ import annotations

import io
import zipfile

from kis_runtime.symbols.master import write_domestic, write_overseas
from kis_sim.derive import PRODUCTS

PREFIX = "/common/master/"
ETF_BRANDS = ("KODEX", "TIGER", "ACE")
# A few US listings for the overseas file (the product table is domestic).
US_LISTINGS = (
    ("AAPL", "애플", "APPLE INC", "190.5"),
    ("NVDA", "엔비디아", "NVIDIA CORP", "120.25"),
)


def isin(code: str) -> str:
    """The ISIN of a KRX share code: KR7 + code + 00 + the Luhn check digit (KR7005930003)."""
    body = f"KR7{code}00"
    digits = "".join(str(int(ch, 36)) for ch in body)
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if index % 2 == 0 else 1)
        total += value // 10 + value % 10
    return body + str((10 - total % 10) % 10)


def files() -> dict[str, bytes]:
    kospi = [
        {
            "mksc_shrn_iscd": p.code,
            "stnd_iscd": isin(p.code),
            "hts_kor_isnm": p.name,
            "scrt_grp_cls_code": "EF" if p.name.startswith(ETF_BRANDS) else "ST",
            "stck_sdpr": str(p.price),
            "frml_mrkt_deal_qty_unit": "1",
        }
        for p in PRODUCTS
    ]
    nas = [
        {"ncod": "US", "exid": "NAS", "excd": "NAS", "exnm": "나스닥", "symb": s,
         "rsym": f"DNAS{s}", "knam": ko, "enam": en, "stis": "2", "curr": "USD", "base": price}
        for s, ko, en, price in US_LISTINGS
    ]  # fmt: skip
    return {"kospi_code.mst": write_domestic("KOSPI", kospi), "nasmst.cod": write_overseas(nas)}


def archive(path: str) -> bytes | None:
    """The zip KIS serves at `path` (/common/master/kospi_code.mst.zip), or None."""
    name = path.removeprefix(PREFIX).removesuffix(".zip")
    data = files().get(name) if path.endswith(".zip") else None
    if data is None:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return out.getvalue()
