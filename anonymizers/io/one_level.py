"""Maps and lists of flat objects, split into leaf columns and rebuilt with polars.

The common nested column is one level deep: a Parquet MAP of text to text, or a list of
objects whose fields are plain values (``delegates: [{email, phone}]``). Walking such a
column value by value in Python costs seconds per hundred thousand rows; this module
does the same split and rebuild column-wise. One leaf per field, each a list as long as
the row's list (a null object gives a null in every leaf, and stays null on write).
Deeper shapes take ``nested.py``'s walk.
"""

from __future__ import annotations

import polars as pl

_ROW = "\x00row"
_GAP = "\x00gap"


def is_one_level(physical: pl.DataType) -> bool:
    """A list of objects (a map's entries included) whose fields are all plain values."""
    if not isinstance(physical, pl.List) or not isinstance(physical.inner, pl.Struct):
        return False
    fields = physical.inner.fields
    return bool(fields) and not any(
        isinstance(f.dtype, pl.List | pl.Array | pl.Struct | pl.Map) for f in fields
    )


def split(series: pl.Series, physical: pl.DataType, leaves: list[str]) -> list[pl.Series]:
    """One list column per field of the objects, in field order, named ``leaves``."""
    assert isinstance(physical, pl.List) and isinstance(physical.inner, pl.Struct)
    values = series.cast(physical)
    return [
        values.list.eval(pl.element().struct.field(f.name)).alias(leaf)
        for f, leaf in zip(physical.inner.fields, leaves, strict=True)
    ]


def rebuild(shape: pl.Series, physical: pl.DataType, leaves: list[pl.Series | None]) -> pl.Series:
    """The objects of ``shape`` with each field's values taken from its leaf, position by
    position; a leaf that is ``None`` (dropped) or null in a row (redacted) gives nulls."""
    assert isinstance(physical, pl.List) and isinstance(physical.inner, pl.Struct)
    fields = physical.inner.fields
    original = shape.cast(physical)
    lengths = original.list.len()
    frame = pl.DataFrame(
        [
            pl.Series(_ROW, range(shape.len()), dtype=pl.UInt32),
            original.list.eval(pl.element().is_null()).alias(_GAP),
        ]
    )
    names = []
    for i, (f, leaf) in enumerate(zip(fields, leaves, strict=True)):
        name = f"\x00f{i}"
        names.append(name)
        column = _aligned(original, leaf, f.dtype)
        moved = column.list.len().fill_null(0) != lengths.fill_null(0)
        if moved.any():
            raise ValueError("a nested value changed shape between read and write")
        frame = frame.with_columns(column.alias(name))
    exploded = frame.explode([_GAP, *names])
    objects = (
        pl.when(pl.col(_GAP))
        .then(None)
        .otherwise(pl.struct([pl.col(n).alias(f.name) for n, f in zip(names, fields, strict=True)]))
    )
    grouped = exploded.group_by(_ROW, maintain_order=True).agg(objects.alias("v"))
    rows = frame.select(_ROW).join(grouped, on=_ROW, how="left")
    out = pl.DataFrame([original.alias("o"), rows["v"]]).select(
        pl.when(pl.col("o").is_null())
        .then(None)
        .when(pl.col("o").list.len() == 0)
        .then(pl.col("o"))
        .otherwise(pl.col("v"))
        .alias(shape.name)
    )
    return out.to_series().cast(physical)


def _aligned(original: pl.Series, leaf: pl.Series | None, dtype: pl.DataType) -> pl.Series:
    """A leaf as long as the original lists: a dropped leaf, or a row redacted whole
    (null where the original holds a list), becomes a list of nulls of the row's length."""
    nulls = original.list.eval(pl.lit(None, dtype=dtype))
    if leaf is None:
        return nulls
    leaf = leaf.cast(pl.List(dtype))
    return (
        pl.DataFrame([leaf.alias("l"), nulls.alias("n")])
        .select(pl.when(pl.col("l").is_null()).then(pl.col("n")).otherwise(pl.col("l")))
        .to_series()
    )
