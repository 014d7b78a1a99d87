"""Replies as DataFrames: to_polars() / to_pandas() for a response, a list of pages or an iterator.

Columns follow the spec (OutputInfo / FieldInfo), not guesses from the values:
- names as KIS spells them (`hldg_qty`), or with titles=True the doc's Korean titles (`보유수량`;
  a title used twice in a block gets its KIS name appended: `현재가 (prpr)`);
- int fields as 64-bit ints, dates as dates, times as times, text as text;
- money (Decimal fields) as exact decimals: polars Decimal(p, s), pandas an Arrow decimal128(p, s)
  (pd.ArrowDtype; pyarrow needed). s is the spec's scale (`18.4` -> 4), p its digits. A field whose
  spec gives no scale gets the largest scale among its values (0 if none). p and s are widened when
  a value needs more, never rounded (decimal128 holds at most 38 digits);
- a blank value is null (None / <NA>), never 0, NaN or "";
- a field with markers (a time "999999": kis_runtime.markers) keeps its type: a marker cell is
  null there, and the column `<name>_marker` (text) beside it holds the code KIS sent (null on
  rows with a value), so rows stay told apart and the column stays a time / date / number column.

An array block gives one row per element over all pages; an object block (a summary) gives one
row per page. polars and pandas are extras: `pip install 'kis-binding[polars]'` / `[pandas]`.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from kis_runtime.blocks import Block, blocks, endpoint_of, pages_of, pick, rows
from kis_runtime.endpoint import Endpoint, FieldInfo
from kis_runtime.markers import Marker

if TYPE_CHECKING:
    import pandas
    import polars

MAX_PRECISION = 38  # decimal128
_INT64 = 2**63


class MissingExtraError(ImportError):
    """The DataFrame library of the call is not installed; the message names the pip extra."""


def _require(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{module} is not installed: pip install 'kis-binding[{extra}]'"
        ) from None


def _frame_fields(block: Block) -> list[FieldInfo]:
    """The block's fields, each field with markers followed by its `<name>_marker` text column."""
    found = []
    for f in block.fields:
        found.append(f)
        if f.markers:
            found.append(_marker_column(f))
    return found


def _marker_column(field: FieldInfo) -> FieldInfo:
    name = f"{field.name}_marker"
    return FieldInfo(name=name, py_name=name, title=f"{field.title} (marker)")


def _columns(block: Block, titles: bool) -> list[str]:
    fields = _frame_fields(block)
    if not titles:
        return [f.name for f in fields]
    seen = Counter(f.title for f in fields)
    return [f"{f.title} ({f.name})" if seen[f.title] > 1 else f.title for f in fields]


def decimal_shape(field: FieldInfo, scale_seen: int = 0, whole_seen: int = 0) -> tuple[int, int]:
    """(precision, scale) for a Decimal column: the spec's, widened to what the values need.

    scale_seen / whole_seen: the most digits after / before the point among the values (the
    DataFrame library infers them in native code, far faster than reading each Decimal here).
    """
    scale = max(field.scale or 0, scale_seen)
    whole = max((field.digits or 0) - (field.scale or 0), whole_seen, 1)
    if whole + scale > MAX_PRECISION:
        raise ValueError(
            f"{field.name}: values need {whole + scale} digits, more than decimal128's 38"
        )
    return whole + scale, scale


class _Collected:
    """The rows of the chosen blocks, read once from the source (which may be an iterator)."""

    def __init__(self, source: Any, block: str | None, every: bool) -> None:
        self.endpoint: Endpoint[Any, Any] | None = None
        self.rows: dict[str, list[Any]] = {}
        self.chosen: list[Block] = []
        for page in pages_of(source):
            if self.endpoint is None:
                self.endpoint = endpoint_of(page)
                self.chosen = blocks(self.endpoint) if every else [pick(self.endpoint, block)]
                self.rows = {b.name: [] for b in self.chosen}
            for chosen in self.chosen:
                self.rows[chosen.name].extend(rows(chosen, page))
        if self.endpoint is None:
            raise ValueError("no pages to convert (an empty list or an exhausted iterator)")

    def columns(self, chosen: Block) -> list[tuple[FieldInfo, list[Any]]]:
        found = self.rows[chosen.name]
        columns = []
        for field in chosen.fields:
            values = list(map(attrgetter(field.py_name), found))
            if field.type == "str":  # the parse leaves a blank text as ""; a frame shows null
                values = [None if v == "" else v for v in values]
            if field.markers:  # the typed column, then the codes beside it
                codes = [v.code if isinstance(v, Marker) else None for v in values]
                values = [None if isinstance(v, Marker) else v for v in values]
                columns += [(field, values), (_marker_column(field), codes)]
                continue
            columns.append((field, values))
        return columns


def _fits_int64(values: list[Any]) -> bool:
    return all(v is None or -_INT64 <= v < _INT64 for v in values)


# polars -------------------------------------------------------------------------------------


def _polars_frame(data: _Collected, chosen: Block, titles: bool) -> polars.DataFrame:
    pl = _require("polars", "polars")
    series = []
    for name, (field, values) in zip(_columns(chosen, titles), data.columns(chosen), strict=True):
        series.append(_polars_series(pl, name, field, values))
    frame: polars.DataFrame = pl.DataFrame(series)
    return frame


def _polars_series(pl: Any, name: str, field: FieldInfo, values: list[Any]) -> Any:
    if field.type == "int":
        dtype = pl.Int64 if _fits_int64(values) else pl.Decimal(MAX_PRECISION, 0)
        return pl.Series(name, values, dtype=dtype)
    if field.type == "Decimal":
        inferred = pl.Series(name, values, dtype=pl.Decimal)  # scale: the values' largest
        largest = inferred.abs().max()
        whole = len(str(int(largest))) if largest is not None else 0
        return inferred.cast(pl.Decimal(*decimal_shape(field, inferred.dtype.scale, whole)))
    dtype = {"date": pl.Date, "time": pl.Time}.get(field.type, pl.String)
    return pl.Series(name, values, dtype=dtype)


def to_polars(source: Any, block: str | None = None, *, titles: bool = False) -> polars.DataFrame:
    """One block (default: the first array block, else the first) of a reply or of its pages."""
    data = _Collected(source, block, every=False)
    return _polars_frame(data, data.chosen[0], titles)


def polars_blocks(source: Any, *, titles: bool = False) -> dict[str, polars.DataFrame]:
    """Every block ("body" for the top-level fields, then output1, …) read in one pass."""
    data = _Collected(source, None, every=True)
    return {b.name: _polars_frame(data, b, titles) for b in data.chosen}


# pandas (through Arrow: exact decimals, nullable ints, real dates) ---------------------------


def _arrow_array(pa: Any, field: FieldInfo, values: list[Any]) -> Any:
    if field.type == "int":
        kind = pa.int64() if _fits_int64(values) else pa.decimal128(MAX_PRECISION, 0)
        return pa.array(values, type=kind)
    if field.type == "Decimal":
        inferred = pa.array(values)  # decimal128 just wide enough for these values, or null
        seen = inferred.type if pa.types.is_decimal(inferred.type) else pa.decimal128(1, 0)
        shape = decimal_shape(field, seen.scale, seen.precision - seen.scale)
        return inferred.cast(pa.decimal128(*shape))
    kind = {"date": pa.date32(), "time": pa.time64("us")}.get(field.type, pa.string())
    return pa.array(values, type=kind)


def _pandas_frame(data: _Collected, chosen: Block, titles: bool) -> pandas.DataFrame:
    pd = _require("pandas", "pandas")
    pa = _require("pyarrow", "pandas")
    names = _columns(chosen, titles)
    arrays = [_arrow_array(pa, field, values) for field, values in data.columns(chosen)]
    table = pa.Table.from_arrays(arrays, names=names)
    frame: pandas.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def to_pandas(source: Any, block: str | None = None, *, titles: bool = False) -> pandas.DataFrame:
    """One block as a pandas DataFrame with Arrow-backed columns (decimal128, int64, date32)."""
    data = _Collected(source, block, every=False)
    return _pandas_frame(data, data.chosen[0], titles)


def pandas_blocks(source: Any, *, titles: bool = False) -> dict[str, pandas.DataFrame]:
    data = _Collected(source, None, every=True)
    return {b.name: _pandas_frame(data, b, titles) for b in data.chosen}


__all__ = [
    "MissingExtraError",
    "decimal_shape",
    "pandas_blocks",
    "polars_blocks",
    "to_pandas",
    "to_polars",
]
