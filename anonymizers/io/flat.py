"""A frame as read ↔ the engine's flat frame, one table or one partition at a time.

The engine plans, replaces and verifies flat columns of text, numbers and lists of text.
Objects become dotted columns (``contact.email``) and are nested again on write with
their field order; nested values (maps, lists of objects) become leaf columns
(``nested.py``); categorical, fixed-size array and UTF-8 binary columns are read as the
types the engine handles and written back as they were. ``read_table`` shapes a whole
file this way and ``partitions.split_table`` each partition of one, so a partition holds
exactly the rows of the in-memory frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from anonymizers.errors import InputError
from anonymizers.io.csv_reader import unique_names
from anonymizers.io.nested import HIDDEN, NestedColumn, decompose, is_nested


def _flatten(path: Path, df: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, object]]]:
    """Struct columns → dotted columns; returns the layout needed to nest them again.

    A key that already holds a dot (``"contact.email"``) next to an object with the same
    field (``"contact": {"email": …}``) would give two columns one name: refused.
    An object that is always empty (``"preferences": {}``) stays one column: it holds
    nothing to flatten, and polars cannot build a struct of no fields again."""

    def nested(dtype: pl.DataType) -> bool:
        return isinstance(dtype, pl.Struct) and bool(dtype.fields)

    def layout_of(dtype: pl.DataType) -> object:
        if nested(dtype):
            assert isinstance(dtype, pl.Struct)
            return [(f.name, layout_of(f.dtype)) for f in dtype.fields]
        return None

    def exprs(prefix: str, base: pl.Expr, dtype: pl.DataType) -> list[pl.Expr]:
        if nested(dtype):
            assert isinstance(dtype, pl.Struct)
            out: list[pl.Expr] = []
            for f in dtype.fields:
                out.extend(exprs(f"{prefix}.{f.name}", base.struct.field(f.name), f.dtype))
            return out
        return [base.alias(prefix)]

    layout = [(name, layout_of(dtype)) for name, dtype in df.schema.items()]
    if all(sub is None for _, sub in layout):
        return df, layout
    cols: list[pl.Expr] = []
    for name, dtype in df.schema.items():
        cols.extend(exprs(name, pl.col(name), dtype))
        if nested(dtype):
            # Remember which objects were null as a whole, so they stay null.
            cols.append(pl.col(name).is_null().alias(f"\x00null:{name}"))
    seen: set[str] = set()
    for expr in cols:
        out = expr.meta.output_name()
        if out in seen:
            raise InputError(
                f"{path}: column '{out}' is both a field name with a dot and a nested field; "
                "rename one of them"
            )
        seen.add(out)
    return df.select(cols), layout


def nest(df: pl.DataFrame, layout: list[tuple[str, object]]) -> pl.DataFrame:
    """Inverse of ``_flatten``: dotted columns back into structs, original field order."""
    if all(sub is None for _, sub in layout):
        return df

    def build(prefix: str, sub: object) -> pl.Expr:
        if sub is None:
            return pl.col(prefix)
        assert isinstance(sub, list)
        return pl.struct([build(f"{prefix}.{n}", s).alias(n) for n, s in sub])

    cols: list[pl.Expr] = []
    for name, sub in layout:
        expr = build(name, sub)
        null_col = f"\x00null:{name}"
        if sub is not None and null_col in df.columns:
            expr = pl.when(pl.col(null_col)).then(None).otherwise(expr)
        cols.append(expr.alias(name))
    return df.select(cols)


@dataclass
class Shape:
    """How a frame as read became the engine's flat frame: what writing it back needs."""

    layout: list[tuple[str, object]]
    original_names: dict[str, str]
    restore: dict[str, pl.DataType]
    nested: list[NestedColumn]


def flat_frame(path: Path, df: pl.DataFrame) -> tuple[pl.DataFrame, Shape]:
    """A frame as read → the engine's flat frame: a column named "" renamed, objects
    flattened to dotted columns, types the engine reads as text or lists cast, nested
    values read as leaf columns. One frame of a file read in partitions gets the same
    shape as every other when they share a schema."""
    original_names: dict[str, str] = {}
    if "" in df.columns:  # a JSON key or Parquet column named "": polars cannot address it
        names = unique_names(df.columns)
        original_names = {n: o for n, o in zip(names, df.columns, strict=True) if n != o}
        df.columns = names
    df, layout = _flatten(path, df)
    df, restore = plain_types(path, df)
    df, nested = decompose(path, df)
    return df, Shape(layout, original_names, restore, nested)


def _engine_type(dtype: pl.DataType) -> tuple[pl.DataType, pl.DataType] | None:
    """(type the engine reads it as, type to write back), or None when it needs neither.

    Categorical and UTF-8 binary → text, a fixed-size array → a list, also inside lists.
    An Enum is written back as Categorical: its categories are real values, and a fake
    is not one of them."""
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return pl.String(), pl.Categorical()
    if isinstance(dtype, pl.Binary):
        return pl.String(), dtype
    if isinstance(dtype, pl.List | pl.Array):
        inner = _engine_type(dtype.inner)
        if inner is None and isinstance(dtype, pl.List):
            return None
        plain, back = inner or (dtype.inner, dtype.inner)
        if isinstance(dtype, pl.Array):
            return pl.List(plain), pl.Array(back, dtype.size)
        return pl.List(plain), pl.List(back)
    return None


def plain_types(path: Path, df: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, pl.DataType]]:
    """Read categorical columns as text, fixed-size arrays as lists and binary as text.

    The engine classifies, replaces and verifies text and lists of text only: a
    dictionary-encoded name column would otherwise be planned "safe" and skipped by the
    leak check, so real names would be certified. The original type is written back."""
    restore: dict[str, pl.DataType] = {}
    for name, dtype in df.schema.items():
        types = _engine_type(dtype)
        if types is None:
            continue
        try:
            df = df.with_columns(pl.col(name).cast(types[0]))
        except Exception:  # binary that is not UTF-8 text (an image, a file)
            raise InputError(
                f"{path}: column '{name}' holds binary data that is not UTF-8 text (a file, an "
                "image, a signature), which safeset cannot read for personal data; export the "
                "table without it"
            ) from None
        restore[name] = types[1]
    return df, restore


def check_supported(path: Path, df: pl.DataFrame) -> None:
    """Refuse what the engine would otherwise pass unread: nested values left whole
    (every nested column is read as leaf columns first, so none should be) and mixed
    types."""
    for name, dtype in df.schema.items():
        if name.startswith(HIDDEN):
            continue
        if is_nested(dtype) or (isinstance(dtype, pl.Struct) and dtype.fields):
            raise InputError(
                f"{path}: column '{name}' holds nested values (objects, maps or lists of "
                "them) that cannot be read as leaf columns; not supported"
            )
        if isinstance(dtype, pl.Object):
            raise InputError(f"{path}: column '{name}' has values of mixed types")
