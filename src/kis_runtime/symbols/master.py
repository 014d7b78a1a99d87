"""KIS's stock master files, read into typed records.

Domestic (`kospi_code.mst`, `kosdaq_code.mst`, `konex_code.mst`): cp949, one fixed-width line
per listing: short code (9 bytes), standard code / ISIN (12), Korean name (the bytes up to the
tail), then a market-specific tail whose column widths come from KIS's own sample scripts and
struct headers (koreainvestment/open-trading-api: stocks_info/kis_kospi_code_mst.py,
kis_kosdaq_code_mst.py, kis_konex_code_mst.py, 종목마스터정보(코스피).h, (코스닥).h): 227 bytes
for KOSPI, 221 for KOSDAQ, 184 for KONEX. Lines are cut in bytes (the samples cut decoded text,
which works only because the tail is ASCII).

Overseas (`nasmst.cod`, `nysmst.cod`, …): cp949, tab-separated, 24 columns
(stocks_info/overseas_stock_code.py, 해외종목코드정보(…).h). The sample reads the first line as a
header and so loses a listing: the file has no header, and every line here is a listing.

A line that cannot be read (too short, not cp949, wrong column count, a bad number) is never
skipped silently: it is kept in `MasterFile.problems` as `file:line: reason`, and counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs

ENCODING = "cp949"

# (KIS field name, width) of each domestic tail, in order.
KOSPI_TAIL: tuple[tuple[str, int], ...] = (
    ("scrt_grp_cls_code", 2), ("avls_scal_cls_code", 1), ("bstp_larg_div_code", 4),
    ("bstp_medm_div_code", 4), ("bstp_smal_div_code", 4), ("mnin_cls_code_yn", 1),
    ("low_current_yn", 1), ("sprn_strr_nmix_issu_yn", 1), ("kospi200_apnt_cls_code", 1),
    ("kospi100_issu_yn", 1), ("kospi50_issu_yn", 1), ("krx_issu_yn", 1),
    ("etp_prod_cls_code", 1), ("elw_pblc_yn", 1), ("krx100_issu_yn", 1), ("krx_car_yn", 1),
    ("krx_smcn_yn", 1), ("krx_bio_yn", 1), ("krx_bank_yn", 1), ("etpr_undt_objt_co_yn", 1),
    ("krx_enrg_chms_yn", 1), ("krx_stel_yn", 1), ("short_over_cls_code", 1),
    ("krx_medi_cmnc_yn", 1), ("krx_cnst_yn", 1), ("krx_fnnc_svc_yn", 1), ("krx_scrt_yn", 1),
    ("krx_ship_yn", 1), ("krx_insu_yn", 1), ("krx_trnp_yn", 1), ("sri_nmix_yn", 1),
    ("stck_sdpr", 9), ("frml_mrkt_deal_qty_unit", 5), ("ovtm_mrkt_deal_qty_unit", 5),
    ("trht_yn", 1), ("sltr_yn", 1), ("mang_issu_yn", 1), ("mrkt_alrm_cls_code", 2),
    ("mrkt_alrm_risk_adnt_yn", 1), ("insn_pbnt_yn", 1), ("byps_lstn_yn", 1),
    ("flng_cls_code", 2), ("fcam_mod_cls_code", 2), ("icic_cls_code", 2), ("marg_rate", 3),
    ("crdt_able", 1), ("crdt_days", 3), ("prdy_vol", 12), ("stck_fcam", 12),
    ("stck_lstn_date", 8), ("lstn_stcn", 15), ("cpfn", 21), ("stac_month", 2), ("po_prc", 7),
    ("prst_cls_code", 1), ("ssts_hot_yn", 1), ("stange_runup_yn", 1), ("krx300_issu_yn", 1),
    ("kospi_issu_yn", 1), ("sale_account", 9), ("bsop_prfi", 9), ("op_prfi", 9),
    ("thtr_ntin", 5), ("roe", 9), ("base_date", 8), ("prdy_avls_scal", 9), ("grp_code", 3),
    ("co_crdt_limt_over_yn", 1), ("secu_lend_able_yn", 1), ("stln_able_yn", 1),
)  # fmt: skip
KOSDAQ_TAIL: tuple[tuple[str, int], ...] = (
    ("scrt_grp_cls_code", 2), ("avls_scal_cls_code", 1), ("bstp_larg_div_code", 4),
    ("bstp_medm_div_code", 4), ("bstp_smal_div_code", 4), ("vntr_issu_yn", 1),
    ("low_current_yn", 1), ("krx_issu_yn", 1), ("etp_prod_cls_code", 1),
    ("krx100_issu_yn", 1), ("krx_car_yn", 1), ("krx_smcn_yn", 1), ("krx_bio_yn", 1),
    ("krx_bank_yn", 1), ("etpr_undt_objt_co_yn", 1), ("krx_enrg_chms_yn", 1),
    ("krx_stel_yn", 1), ("short_over_cls_code", 1), ("krx_medi_cmnc_yn", 1),
    ("krx_cnst_yn", 1), ("invt_alrm_yn", 1), ("krx_scrt_yn", 1), ("krx_ship_yn", 1),
    ("krx_insu_yn", 1), ("krx_trnp_yn", 1), ("ksq150_nmix_yn", 1), ("stck_sdpr", 9),
    ("frml_mrkt_deal_qty_unit", 5), ("ovtm_mrkt_deal_qty_unit", 5), ("trht_yn", 1),
    ("sltr_yn", 1), ("mang_issu_yn", 1), ("mrkt_alrm_cls_code", 2),
    ("mrkt_alrm_risk_adnt_yn", 1), ("insn_pbnt_yn", 1), ("byps_lstn_yn", 1),
    ("flng_cls_code", 2), ("fcam_mod_cls_code", 2), ("icic_cls_code", 2), ("marg_rate", 3),
    ("crdt_able", 1), ("crdt_days", 3), ("prdy_vol", 12), ("stck_fcam", 12),
    ("stck_lstn_date", 8), ("lstn_stcn", 15), ("cpfn", 21), ("stac_month", 2), ("po_prc", 7),
    ("prst_cls_code", 1), ("ssts_hot_yn", 1), ("stange_runup_yn", 1), ("krx300_issu_yn", 1),
    ("sale_account", 9), ("bsop_prfi", 9), ("op_prfi", 9), ("thtr_ntin", 5), ("roe", 9),
    ("base_date", 8), ("prdy_avls_scal", 9), ("grp_code", 3), ("co_crdt_limt_over_yn", 1),
    ("secu_lend_able_yn", 1), ("stln_able_yn", 1),
)  # fmt: skip
KONEX_TAIL: tuple[tuple[str, int], ...] = (
    ("scrt_grp_cls_code", 2), ("stck_sdpr", 9), ("frml_mrkt_deal_qty_unit", 5),
    ("ovtm_mrkt_deal_qty_unit", 5), ("trht_yn", 1), ("sltr_yn", 1), ("mang_issu_yn", 1),
    ("mrkt_alrm_cls_code", 2), ("mrkt_alrm_risk_adnt_yn", 1), ("insn_pbnt_yn", 1),
    ("byps_lstn_yn", 1), ("flng_cls_code", 2), ("fcam_mod_cls_code", 2), ("icic_cls_code", 2),
    ("marg_rate", 3), ("crdt_able", 1), ("crdt_days", 3), ("prdy_vol", 12), ("stck_fcam", 12),
    ("stck_lstn_date", 8), ("lstn_stcn", 15), ("cpfn", 21), ("stac_month", 2), ("po_prc", 7),
    ("prst_cls_code", 1), ("ssts_hot_yn", 1), ("stange_runup_yn", 1), ("krx300_issu_yn", 1),
    ("sale_account", 9), ("bsop_prfi", 9), ("op_prfi", 9), ("thtr_ntin", 5), ("roe", 9),
    ("base_date", 8), ("prdy_avls_scal", 9), ("co_crdt_limt_over_yn", 1),
    ("secu_lend_able_yn", 1), ("stln_able_yn", 1),
)  # fmt: skip
DOMESTIC_TAILS = {"KOSPI": KOSPI_TAIL, "KOSDAQ": KOSDAQ_TAIL, "KONEX": KONEX_TAIL}
HEAD = (("mksc_shrn_iscd", 9), ("stnd_iscd", 12))  # then hts_kor_isnm up to the tail

# The overseas columns (해외종목코드정보 .h), in file order.
OVERSEAS_COLUMNS = (
    "ncod", "exid", "excd", "exnm", "symb", "rsym", "knam", "enam", "stis", "curr", "zdiv",
    "ztyp", "base", "bnit", "anit", "mstm", "metm", "isdr", "drcd", "icod", "sjong", "ttyp",
    "etyp", "ttyp_sb",
)  # fmt: skip
# Overseas files by market code, as KIS names them ({code}mst.cod).
OVERSEAS_MARKETS = {
    "nas": "NASDAQ", "nys": "NYSE", "ams": "AMEX", "shs": "상해", "shi": "상해지수",
    "szs": "심천", "szi": "심천지수", "tse": "도쿄", "hks": "홍콩", "hnx": "하노이",
    "hsx": "호치민",
}  # fmt: skip
DOMESTIC_FILES = {"kospi_code.mst": "KOSPI", "kosdaq_code.mst": "KOSDAQ", "konex_code.mst": "KONEX"}


def tail_width(market: str) -> int:
    return sum(width for _, width in DOMESTIC_TAILS[market])


@attrs.frozen
class Symbol:
    """One listing. `code` is what TRs take (PDNO, FID_INPUT_ISCD: 005930, AAPL); `fields` holds
    every column of its line by KIS's field name, as text."""

    market: str  # KOSPI | KOSDAQ | KONEX | NASDAQ | NYSE | …
    code: str
    isin: str  # domestic: the standard code (KR7005930003); overseas: ""
    name: str  # Korean name
    name_en: str = ""
    group: str = ""  # 증권그룹구분코드 (ST 주권, EF ETF, …); overseas: security type (2: stock)
    currency: str = "KRW"
    base_price: Decimal | None = None  # 기준가 (overseas: base price)
    listed_on: dt.date | None = None  # 상장일자 (domestic)
    exchange: str = ""  # overseas exchange code (NAS, NYS, …): EXCD in the overseas TRs
    fields: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class MasterFile:
    path: str
    symbols: tuple[Symbol, ...]
    problems: tuple[str, ...] = ()  # `file:line: reason` for each line that could not be read


class _Bad(Exception):
    pass


def _decimal(text: str, name: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Bad(f"{name} {text!r} is not a number") from None
    if not value.is_finite():
        raise _Bad(f"{name} {text!r} is not a number")
    return value


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text or text.strip("0") == "":
        return None
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise _Bad(f"stck_lstn_date {text!r} is not a date (YYYYMMDD)") from None


def domestic_line(line: bytes, market: str) -> Symbol:
    tail = DOMESTIC_TAILS[market]
    width = tail_width(market)
    if len(line) < 21 + width:
        raise _Bad(f"{len(line)} bytes, shorter than code, ISIN and the {width}-byte tail")
    try:
        name = line[21 : len(line) - width].decode(ENCODING).strip()
        rest = line[len(line) - width :].decode("ascii")
        code = line[:9].decode("ascii").strip()
        isin = line[9:21].decode("ascii").strip()
    except UnicodeDecodeError as exc:
        raise _Bad(f"not {ENCODING} text ({exc.reason})") from None
    fields = {"mksc_shrn_iscd": code, "stnd_iscd": isin, "hts_kor_isnm": name}
    at = 0
    for key, size in tail:
        fields[key] = rest[at : at + size].strip()
        at += size
    if not code or not name:
        raise _Bad("no short code or name")
    return Symbol(
        market=market,
        code=code,
        isin=isin,
        name=name,
        group=fields["scrt_grp_cls_code"],
        base_price=_decimal(fields["stck_sdpr"], "stck_sdpr"),
        listed_on=_date(fields["stck_lstn_date"]),
        fields=fields,
    )


def overseas_line(line: bytes, market: str) -> Symbol:
    try:
        text = line.decode(ENCODING)
    except UnicodeDecodeError as exc:
        raise _Bad(f"not {ENCODING} text ({exc.reason})") from None
    values = text.split("\t")
    if len(values) != len(OVERSEAS_COLUMNS):
        raise _Bad(f"{len(values)} tab-separated columns, not {len(OVERSEAS_COLUMNS)}")
    fields = {k: v.strip() for k, v in zip(OVERSEAS_COLUMNS, values, strict=True)}
    if not fields["symb"]:
        raise _Bad("no symbol")
    return Symbol(
        market=OVERSEAS_MARKETS.get(market, market),
        code=fields["symb"],
        isin="",
        name=fields["knam"] or fields["enam"],
        name_en=fields["enam"],
        group=fields["stis"],
        currency=fields["curr"],
        base_price=_decimal(fields["base"], "base"),
        exchange=fields["excd"],
        fields=fields,
    )


def read_lines(name: str, data: bytes) -> MasterFile:
    """One master file's bytes (its file name says the format: kospi_code.mst, nasmst.cod, …)."""
    base = Path(name).name
    if base in DOMESTIC_FILES:
        market = DOMESTIC_FILES[base]

        def parse(line: bytes) -> Symbol:
            return domestic_line(line, market)
    elif base.endswith("mst.cod"):
        code = base.removesuffix("mst.cod")

        def parse(line: bytes) -> Symbol:
            return overseas_line(line, code)
    else:
        raise ValueError(f"{name}: not a KIS master file name (kospi_code.mst, nasmst.cod, …)")
    symbols: list[Symbol] = []
    problems: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        line = raw.removesuffix(b"\r")
        if not line.strip():
            continue
        try:
            symbols.append(parse(line))
        except _Bad as exc:
            problems.append(f"{base}:{number}: {exc}")
    return MasterFile(name, tuple(symbols), tuple(problems))


def read(path: Path) -> MasterFile:
    return read_lines(str(path), path.read_bytes())


def write_domestic(market: str, rows: Sequence[Mapping[str, str]], name_width: int = 40) -> bytes:
    """A domestic master file in KIS's layout (for tests and the simulator): each row gives
    mksc_shrn_iscd, stnd_iscd, hts_kor_isnm and any tail field; the rest are blank."""
    lines = []
    for row in rows:
        name = row["hts_kor_isnm"].encode(ENCODING)
        head = (
            row["mksc_shrn_iscd"].encode("ascii").ljust(9)
            + row["stnd_iscd"].encode("ascii").ljust(12)
            + name.ljust(name_width)
        )
        tail = b"".join(
            row.get(key, "").encode("ascii")[:size].ljust(size)
            for key, size in DOMESTIC_TAILS[market]
        )
        lines.append(head + tail)
    return b"\n".join(lines) + b"\n"


def write_overseas(rows: Sequence[Mapping[str, str]]) -> bytes:
    """An overseas master file (tab-separated, cp949, no header), for tests and the simulator."""
    lines = ["\t".join(row.get(k, "") for k in OVERSEAS_COLUMNS) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)
