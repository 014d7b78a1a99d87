"""Arithmetic between a reply's fields, by KIS's field-naming conventions (no per-TR code).

KIS names the same quantity the same way across TRs (hldg_qty 보유수량, prpr 현재가,
pchs_avg_pric 매입평균가격, evlu_amt 평가금액, ...; summaries: *_smtl*, tot_*, scts_evlu_amt).
After a row's fields are drawn independently, the rules below overwrite the derived ones so
평가금액 = 보유수량 x 현재가, 평가손익 = 평가 - 매입, and so on. A rule applies to a block only
where every field it names exists there (and is numeric in the spec); a value that would not fit
its field's Length leaves the drawn one in place. Values are rounded to the field's scale (18.4:
4 decimals; no scale: whole won). Everything is a function of the row's own seeded rng and
index, so a row is the same whatever the page size.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import attrs

from kis_runtime.endpoint import FieldInfo, OutputInfo
from kis_sim.messages import ENCODING

Row = MutableMapping[str, str]
Formula = Callable[[Sequence[Decimal], random.Random], Decimal]

# -- the product table: real KRX codes, names and a rough price level ----------------------


@attrs.frozen
class Product:
    code: str
    name: str
    price: int  # a plausible price level (won), not a quote


PRODUCTS = (
    Product("005930", "삼성전자", 60_000),
    Product("000660", "SK하이닉스", 180_000),
    Product("035420", "NAVER", 190_000),
    Product("005380", "현대차", 220_000),
    Product("069500", "KODEX 200", 35_000),
    Product("360200", "ACE 미국S&P500", 20_000),
    Product("360750", "TIGER 미국S&P500", 20_000),
    Product("379810", "KODEX 미국나스닥100TR", 20_000),
    Product("133690", "TIGER 미국나스닥100", 120_000),
    Product("458730", "TIGER 미국배당다우존스", 12_000),
    Product("102110", "TIGER 200", 35_000),
    Product("114260", "KODEX 국고채3년", 60_000),
    Product("153130", "KODEX 단기채권", 105_000),
    Product("373220", "LG에너지솔루션", 350_000),
    Product("207940", "삼성바이오로직스", 900_000),
    Product("000270", "기아", 95_000),
    Product("035720", "카카오", 40_000),
    Product("051910", "LG화학", 300_000),
    Product("006400", "삼성SDI", 250_000),
    Product("105560", "KB금융", 80_000),
    Product("055550", "신한지주", 50_000),
    Product("068270", "셀트리온", 180_000),
    Product("005490", "POSCO홀딩스", 350_000),
    Product("012330", "현대모비스", 230_000),
    Product("028260", "삼성물산", 130_000),
    Product("017670", "SK텔레콤", 55_000),
    Product("030200", "KT", 40_000),
    Product("066570", "LG전자", 90_000),
    Product("003550", "LG", 75_000),
)
BY_CODE = {p.code: p for p in PRODUCTS}
NAME_FIELDS = ("prdt_name", "hts_kor_isnm", "prdt_abrv_name", "kor_isnm", "item_name")
CODE_FIELDS = ("pdno", "mksc_shrn_iscd", "stck_shrn_iscd", "shtn_pdno")


EQUITY_PATHS = ("/uapi/domestic-stock/", "/uapi/etfetn/")  # where the table's listings trade


def equity(path: str) -> bool:
    return path.startswith(EQUITY_PATHS)


def requested(params: Mapping[str, str]) -> Product | None:
    """The table's product a request names (PDNO, FID_INPUT_ISCD, ...), if any."""
    for name, value in params.items():
        key = name.lower()
        if (key in CODE_FIELDS or key.endswith("iscd")) and value.strip() in BY_CODE:
            return BY_CODE[value.strip()]
    return None


def product_order(rng: random.Random) -> list[Product]:
    """The request's products in a seeded order: row i holds order[i % n] (distinct for n rows)."""
    order = list(PRODUCTS)
    rng.shuffle(order)
    return order


# -- roles: the names one quantity goes by ----------------------------------------------------

ROLES: dict[str, tuple[str, ...]] = {
    "qty": ("hldg_qty", "cblc_qty", "ovrs_cblc_qty"),  # 보유수량 / 잔고수량
    "psbl_qty": ("ord_psbl_qty", "sll_psbl_qty", "slpsb_qty"),  # 주문/매도가능: at most held
    "buy_today": ("thdt_buyqty",),  # 금일매수수량: part of what is held
    "price": ("prpr", "stck_prpr", "now_pric", "now_pric2", "ovrs_now_pric1"),  # 현재가
    "avg": ("pchs_avg_pric", "avg_pric", "pchs_avg_pric1"),  # 매입평균가격
    "pchs": ("pchs_amt", "frcr_pchs_amt1", "frcr_pchs_amt"),  # 매입금액
    "evlu": ("evlu_amt", "ovrs_stck_evlu_amt", "frcr_evlu_amt2"),  # 평가금액
    "pfls": ("evlu_pfls_amt", "frcr_evlu_pfls_amt"),  # 평가손익금액
    "rate": ("evlu_erng_rt", "evlu_pfls_rt"),  # 평가수익률 (every one present is set)
    # summaries
    "sum_evlu": ("scts_evlu_amt", "evlu_amt_smtl_amt", "evlu_amt_smtl"),
    "sum_pchs": ("pchs_amt_smtl_amt", "pchs_amt_smtl", "frcr_pchs_amt1"),
    "sum_pfls": ("evlu_pfls_smtl_amt", "evlu_pfls_amt_smtl", "tot_evlu_pfls_amt"),
    "sum_rate": ("tot_pftrt", "pftrt", "evlu_erng_rt", "evlu_pfls_rt", "tot_evlu_pfls_rt"),
    "weight": ("cblc_weit",),  # 잔고비중 (%): a row's 평가금액 / Σ 평가금액
    "cash": ("dnca_tot_amt",),  # 예수금총금액
    "total": ("tot_evlu_amt",),  # 총평가금액 = 예수금 + 유가평가
    "buy_amt": ("thdt_buy_amt",),
    "sell_amt": ("thdt_sll_amt",),
    "costs": ("thdt_tlex_amt",),  # 금일제비용: fee on both sides + tax on sells (approx.)
    "bfdy_buy_amt": ("bfdy_buy_amt",),
    "bfdy_sell_amt": ("bfdy_sll_amt",),
    "bfdy_costs": ("bfdy_tlex_amt",),  # 전일제비용, likewise
    "bfdy_total": ("bfdy_tot_asst_evlu_amt",),  # 전일총자산평가금액
    "asst_icdc": ("asst_icdc_amt",),  # 자산증감액 = 총평가 - 전일총자산
    "asst_icdc_rt": ("asst_icdc_erng_rt",),
}
REF_PRICE = "ref_price"  # not a field: the row's product's price level, when known

FEE, SELL_TAX = Decimal("0.00015"), Decimal("0.0018")


def _pct(args: Sequence[Decimal], _rng: random.Random) -> Decimal:
    part, whole = args
    return part / whole * 100 if whole else Decimal(0)


def _costs(args: Sequence[Decimal]) -> Decimal:
    bought, sold = args
    return (bought + sold) * FEE + sold * SELL_TAX


def _price_near(args: Sequence[Decimal], rng: random.Random) -> Decimal:
    return tick(args[0] * Decimal(rng.randint(850, 1150)) / 1000)


def _avg_from_price(args: Sequence[Decimal], rng: random.Random) -> Decimal:
    return args[0] / (1 + Decimal(rng.randint(-2500, 3500)) / 10_000)


@attrs.frozen
class Rule:
    """`target` (a role: every field of it present is set) <- formula(inputs' first fields)."""

    target: str
    inputs: tuple[str, ...]
    formula: Formula


ROW_RULES = (
    Rule("qty", ("qty",), lambda a, _: max(a[0], Decimal(1))),
    Rule("psbl_qty", ("psbl_qty", "qty"), lambda a, _: min(a)),
    Rule("buy_today", ("buy_today", "qty"), lambda a, _: min(a)),
    Rule("price", (REF_PRICE,), _price_near),  # near the product's level, on a KRX tick
    Rule("avg", ("price",), _avg_from_price),  # bought 25% below .. 35% above today's price
    Rule("pchs", ("qty", "avg"), lambda a, _: a[0] * a[1]),
    Rule("evlu", ("qty", "price"), lambda a, _: a[0] * a[1]),
    Rule("pfls", ("evlu", "pchs"), lambda a, _: a[0] - a[1]),
    Rule("rate", ("pfls", "pchs"), _pct),
)
# 손익 and 수익률 also hold in a summary block that has those fields.
ARITHMETIC = tuple(r for r in ROW_RULES if r.target in ("pfls", "rate"))
SUMMARY_RULES = (
    Rule("sum_pfls", ("sum_evlu", "sum_pchs"), lambda a, _: a[0] - a[1]),
    Rule("sum_rate", ("sum_pfls", "sum_pchs"), _pct),
    Rule("total", ("cash", "sum_evlu"), lambda a, _: a[0] + a[1]),
    Rule("costs", ("buy_amt", "sell_amt"), lambda a, _: _costs(a)),
    Rule("bfdy_costs", ("bfdy_buy_amt", "bfdy_sell_amt"), lambda a, _: _costs(a)),
    Rule(
        "bfdy_total",
        ("total",),
        lambda a, rng: a[0] / (1 + Decimal(rng.randint(-300, 300)) / 10_000),
    ),
    Rule("asst_icdc", ("total", "bfdy_total"), lambda a, _: a[0] - a[1]),
    Rule("asst_icdc_rt", ("asst_icdc", "bfdy_total"), _pct),
)
WEIGHT = (Rule("weight", ("evlu", "sum_evlu"), _pct),)  # on the rows, once the sum is known


def tick(price: Decimal) -> Decimal:
    """KRX tick size (2023 table), so a stock's price looks like a real quote."""
    steps = ((2_000, 1), (5_000, 5), (20_000, 10), (50_000, 50), (200_000, 100), (500_000, 500))
    step = next((size for limit, size in steps if price < limit), 1_000)
    return (price / step).quantize(Decimal(1), ROUND_HALF_UP) * step


# -- applying rules ---------------------------------------------------------------------------


def is_numeric(field: FieldInfo) -> bool:
    return field.type in ("int", "Decimal")


def fmt(value: Decimal, field: FieldInfo) -> str | None:
    """The wire text at the field's scale, or None if it does not fit the field's Length."""
    scale = 0 if field.type == "int" else field.scale or 0
    rounded = value.quantize(Decimal(1).scaleb(-scale), ROUND_HALF_UP)
    if field.digits is not None and len(str(abs(int(rounded)))) > field.digits - scale:
        return None
    if field.type == "int" and rounded < 0:
        return None
    return format(rounded.copy_abs() if rounded.is_zero() else rounded, "f")


def number(text: object) -> Decimal | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class Block:
    """A block's numeric fields by role."""

    def __init__(self, fields: Sequence[FieldInfo]) -> None:
        self.fields = {f.name: f for f in fields if is_numeric(f)}

    def present(self, role: str) -> list[FieldInfo]:
        return [self.fields[n] for n in ROLES.get(role, (role,)) if n in self.fields]


def apply(
    rules: Sequence[Rule],
    block: Block,
    row: Row,
    rng: random.Random,
    extra: Mapping[str, Decimal] | None = None,
) -> None:
    """Each rule in order, where the block has its target and inputs (extra: pseudo-inputs)."""
    extra = extra or {}
    for rule in rules:
        targets = block.present(rule.target)
        args: list[Decimal] = []
        for role in rule.inputs:
            if role in extra:
                args.append(extra[role])
                continue
            fields = block.present(role)
            value = number(row.get(fields[0].name)) if fields else None
            if value is None:
                break
            args.append(value)
        if not targets or len(args) != len(rule.inputs):
            continue
        result = rule.formula(args, rng)
        texts = [fmt(result, f) for f in targets]
        for field, text in zip(targets, texts, strict=True):
            if text is not None:
                row[field.name] = text


def name_product(
    fields: Sequence[FieldInfo], row: Row, product: Product, echoed: frozenset[str]
) -> Product | None:
    """Make a row's name and code fields agree: set both from `product`, or, when the code was
    echoed from the request, the name from the table (or a neutral one if the code is unknown).
    Returns the row's product, if it is one of the table's."""
    by_name = {f.name: f for f in fields if f.type == "str"}
    code = next((by_name[n] for n in CODE_FIELDS if n in by_name), None)
    name = next((by_name[n] for n in NAME_FIELDS if n in by_name), None)
    if code is None or name is None:
        return None
    if code.name in echoed:
        known = BY_CODE.get(row[code.name].strip())
        row[name.name] = _fit(known.name if known else f"종목{row[code.name].strip()}", name)
        return known
    fits = (code.digits is None or code.digits >= len(product.code)) and (
        not code.pattern or re.fullmatch(code.pattern, product.code)
    )
    if not fits or code.values:
        return None
    row[code.name] = product.code
    row[name.name] = _fit(product.name, name)
    return product


def _fit(text: str, field: FieldInfo) -> str:
    return fit(text, field.digits)


def fit(text: str, digits: int | None) -> str:
    """Cut to the field's Length, counted in bytes of the server's encoding like KIS does."""
    if digits is None:
        return text
    while len(text.encode(ENCODING, errors="replace")) > digits:
        text = text[:-1]
    return text


def summarise(
    outputs: Sequence[OutputInfo],
    blocks: MutableMapping[str, object],
    main: OutputInfo,
    generated: frozenset[str],
    rng: random.Random,
) -> None:
    """Summary blocks (every generated block but the main array) from the main array's rows:
    a *_smtl* / tot_* field whose base name is a numeric row field is the sum over all rows,
    then SUMMARY_RULES (scts_evlu_amt = Σ evlu_amt, tot_evlu_amt = 예수금 + 유가평가, ...)."""
    rows = blocks.get(main.name)
    if not isinstance(rows, list):
        return
    row_block = Block(main.fields)
    sums: dict[str, Decimal] = {}
    for name in row_block.fields:
        values = [number(r.get(name)) if isinstance(r, Mapping) else None for r in rows]
        if all(v is not None for v in values):
            sums[name] = sum((v for v in values if v is not None), Decimal(0))
    for role in ("evlu", "pchs", "pfls"):
        fields = row_block.present(role)
        if fields and fields[0].name in sums:
            sums[f"sum_{role}"] = sums[fields[0].name]
    if "sum_evlu" in sums and main.name in generated:
        for row in rows:
            apply(WEIGHT, row_block, row, rng, {"sum_evlu": sums["sum_evlu"]})
    for output in outputs:
        if output is main or output.name not in generated:
            continue
        block = Block(output.fields)
        value = blocks[output.name]
        for row in value if isinstance(value, list) else [value]:
            if isinstance(row, MutableMapping):
                _summarise_row(block, row, sums, rng)


def _summarise_row(block: Block, row: Row, sums: Mapping[str, Decimal], rng: random.Random) -> None:
    for name, field in block.fields.items():
        for base in _summed(name):
            if base in sums:
                text = fmt(sums[base], field)
                if text is not None:
                    row[name] = text
                break
    for role in ("sum_evlu", "sum_pchs"):
        for field in block.present(role):
            text = fmt(sums[role], field) if role in sums else None
            if text is not None:
                row[field.name] = text
    apply((*ARITHMETIC, *SUMMARY_RULES), block, row, rng)


def _summed(name: str) -> list[str]:
    """Row fields a summary field by this name adds up: pchs_amt_smtl_amt -> pchs_amt,
    evlu_pfls_smtl_amt -> evlu_pfls(_amt), tot_ord_qty -> ord_qty. Rates and prices do not
    add up (tot_pftrt is SUMMARY_RULES' ratio of the sums)."""
    if name.endswith(("rt", "rate", "ratio")) or any(p in name for p in ("pric", "prpr", "unpr")):
        return []
    if "_smtl" in name:
        base = name[: name.index("_smtl")]
        return [base, f"{base}_amt"]
    if name.startswith("tot_"):
        return [name[4:]]
    return []
