"""Values inside lists, maps and lists of objects, as flat columns the engine can plan,
fake and check, and back into their own shape on write.

The engine plans, replaces and verifies text and lists of text. A column whose values
nest further (a Parquet MAP, a list of objects, a list of lists, an object inside a
list) is read as one *leaf column* per value position, each a list of that position's
values in the row (``contacts[].email``, ``prefs{}.key``, ``prefs{}.value``,
``matrix[][]``). Leaves are ordinary columns: planned from their name and values, faked
through the same bundle-wide maps (an e-mail inside a map gets the fake it has in the
``email`` column) and searched by the gate like any other column. The column itself is
kept, hidden (``\\x00nested:<name>``), for its shape only: on write every one of its
values is taken from the leaves, in the order they were read, so what is written is
exactly what was checked. A map key is a value like any other (a key that is an e-mail
is faked as one). One level deep (a map of plain values, a list of flat objects) the
split and rebuild are column-wise (``one_level.py``); deeper shapes are walked row by row.

Nesting deeper than ``MAX_DEPTH`` levels is refused: nobody exports such data on
purpose, and Python's recursion (the JSON parser's, polars') ends in a crash, not a
message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from anonymizers.errors import InputError
from anonymizers.io import one_level

#: Levels of objects, lists and maps accepted in one value (documented in the README).
MAX_DEPTH = 32
#: Prefix of the hidden column that keeps a nested column's shape.
HIDDEN = "\x00nested:"
_KEY, _VALUE = "key", "value"
#: A map key whose value was redacted (a map key cannot be null).
REDACTED = "<REDACTED>"


def value_depth(value: object) -> int:
    """Levels of JSON objects and lists in ``value``, counted without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: object = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH + 1:
                return deepest
        stack.extend((child, depth) for child in children)  # type: ignore[attr-defined]
    return deepest


def check_record_depth(path: Path, record: object, place: str) -> None:
    """A record (one object: its own level is not counted) nested deeper than allowed."""
    if value_depth(record) - 1 > MAX_DEPTH:
        raise InputError(
            f"{path}: {place} nests objects or lists more than {MAX_DEPTH} levels deep; "
            "not supported (flatten it first)"
        )


def type_depth(dtype: pl.DataType) -> int:
    """Levels of lists, arrays, maps and structs in a column type (counted up to a cap)."""
    children: list[pl.DataType] = []
    if isinstance(dtype, pl.Struct):
        children = [f.dtype for f in dtype.fields]
    elif isinstance(dtype, pl.List | pl.Array):
        children = [dtype.inner]
    elif isinstance(dtype, pl.Map):
        children = [dtype.key, dtype.value]
    else:
        return 0
    return 1 + max((type_depth(c) for c in children), default=0)


def is_nested(dtype: pl.DataType) -> bool:
    """Does this column need leaves? Maps, and lists/arrays of anything but plain values.
    (A list of text is read as it is; structs at the top are flattened to dotted columns.)"""
    if isinstance(dtype, pl.Map):
        return True
    if isinstance(dtype, pl.List | pl.Array):
        inner = dtype.inner
        return isinstance(inner, pl.List | pl.Array | pl.Map) or (
            isinstance(inner, pl.Struct) and bool(inner.fields)
        )
    return False


def _physical(dtype: pl.DataType) -> pl.DataType:
    """The type walked in Python: a map as a list of (key, value) objects, an array as a
    list, categories and enums as text."""
    if isinstance(dtype, pl.Map):
        return pl.List(pl.Struct({_KEY: _physical(dtype.key), _VALUE: _physical(dtype.value)}))
    if isinstance(dtype, pl.List | pl.Array):
        return pl.List(_physical(dtype.inner))
    if isinstance(dtype, pl.Struct):
        return pl.Struct({f.name: _physical(f.dtype) for f in dtype.fields})
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return pl.String()
    return dtype


def _written(dtype: pl.DataType) -> pl.DataType:
    """The type written back: the input's, but an enum as a category (a fake is none of
    its listed values), as ``flat.plain_types`` does for a plain column."""
    if isinstance(dtype, pl.Enum):
        return pl.Categorical()
    if isinstance(dtype, pl.Map):
        return pl.Map(_written(dtype.key), _written(dtype.value))
    if isinstance(dtype, pl.List):
        return pl.List(_written(dtype.inner))
    if isinstance(dtype, pl.Array):
        return pl.Array(_written(dtype.inner), dtype.size)
    if isinstance(dtype, pl.Struct):
        return pl.Struct({f.name: _written(f.dtype) for f in dtype.fields})
    return dtype


def _leaf_types(name: str, dtype: pl.DataType) -> list[tuple[str, pl.DataType]]:
    """(leaf column name, type of its values) in walk order, for a physical type."""
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        if isinstance(inner, pl.Struct) and len(inner.fields) == 2 and _is_entry(inner):
            # A map's entries: named for what they are, not as objects of a list.
            return [*_leaf_types(f"{name}{{}}.{_KEY}", inner.fields[0].dtype),
                    *_leaf_types(f"{name}{{}}.{_VALUE}", inner.fields[1].dtype)]  # fmt: skip
        return _leaf_types(f"{name}[]", inner)
    if isinstance(dtype, pl.Struct):
        if not dtype.fields:
            return []  # an always-empty object holds no value
        return [leaf for f in dtype.fields for leaf in _leaf_types(f"{name}.{f.name}", f.dtype)]
    return [(name, dtype)]


def _is_entry(dtype: pl.Struct) -> bool:
    return [f.name for f in dtype.fields] == [_KEY, _VALUE]


@dataclass(frozen=True)
class NestedColumn:
    """A nested column of the input: its type and the leaves that hold its values."""

    name: str
    dtype: pl.DataType
    leaves: tuple[str, ...]


def _collect(value: object, dtype: pl.DataType, name: str, out: dict[str, list]) -> None:
    if value is None and not _is_leaf(dtype):
        return
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        if isinstance(inner, pl.Struct) and _is_entry(inner) and _map_named(out, name):
            for entry in value:  # type: ignore[union-attr]
                if entry is None:
                    continue
                _collect(entry[_KEY], inner.fields[0].dtype, f"{name}{{}}.{_KEY}", out)
                _collect(entry[_VALUE], inner.fields[1].dtype, f"{name}{{}}.{_VALUE}", out)
            return
        for item in value:  # type: ignore[union-attr]
            _collect(item, inner, f"{name}[]", out)
        return
    if isinstance(dtype, pl.Struct):
        for f in dtype.fields:
            _collect(value[f.name], f.dtype, f"{name}.{f.name}", out)  # type: ignore[index]
        return
    out[name].append(value)


def _map_named(out: dict[str, list], name: str) -> bool:
    return f"{name}{{}}.{_KEY}" in out


def _is_leaf(dtype: pl.DataType) -> bool:
    return not isinstance(dtype, pl.List | pl.Struct)


def decompose(path: Path, df: pl.DataFrame) -> tuple[pl.DataFrame, list[NestedColumn]]:
    """Every nested column → its hidden shape column followed by its leaf columns."""
    nested = [n for n, t in df.schema.items() if is_nested(t)]
    if not nested:
        return df, []
    found: list[NestedColumn] = []
    columns: list[pl.Series] = []
    for name, dtype in df.schema.items():
        if name not in nested:
            columns.append(df[name])
            continue
        if type_depth(dtype) > MAX_DEPTH:
            raise InputError(
                f"{path}: column '{name}' nests values more than {MAX_DEPTH} levels deep; "
                "not supported (flatten it first)"
            )
        physical = _physical(dtype)
        leaf_types = _leaf_types(name, physical)
        for leaf, _ in leaf_types:
            if leaf in df.columns:
                raise InputError(f"{path}: column '{leaf}' is both a column and a value "
                                 f"inside column '{name}'; rename one of them")  # fmt: skip
        try:
            leaves = _leaves(df[name], physical, name, leaf_types)
        except InputError:
            raise
        except Exception:
            raise InputError(f"{path}: column '{name}' holds nested values of a type "
                             "that cannot be read as text; not supported") from None  # fmt: skip
        columns.append(df[name].alias(HIDDEN + name))
        columns.extend(leaves)
        found.append(NestedColumn(name, dtype, tuple(leaf for leaf, _ in leaf_types)))
    return pl.DataFrame(columns), found


def _leaves(
    series: pl.Series, physical: pl.DataType, name: str, leaf_types: list[tuple[str, pl.DataType]]
) -> list[pl.Series]:
    """The leaf columns of one nested column: column-wise one level deep, else walked."""
    if one_level.is_one_level(physical):
        return one_level.split(series, physical, [leaf for leaf, _ in leaf_types])
    per_leaf: dict[str, list] = {leaf: [] for leaf, _ in leaf_types}
    for value in series.cast(physical).to_list():
        row: dict[str, list] = {leaf: [] for leaf in per_leaf}
        if value is not None:
            _collect(value, physical, name, row)
        for leaf in per_leaf:
            per_leaf[leaf].append(None if value is None else row[leaf])
    return [pl.Series(leaf, per_leaf[leaf], dtype=pl.List(t)) for leaf, t in leaf_types]


def _rebuild(
    value: object, dtype: pl.DataType, name: str, feeds: dict[str, Iterator[object]]
) -> object:
    """``value`` with every value taken, in walk order, from its leaf's feed."""
    if value is None and not _is_leaf(dtype):
        return None
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        if isinstance(inner, pl.Struct) and _is_entry(inner) and f"{name}{{}}.{_KEY}" in feeds:
            entries = []
            for entry in value:  # type: ignore[union-attr]
                if entry is None:
                    entries.append(None)
                    continue
                key = _rebuild(entry[_KEY], inner.fields[0].dtype, f"{name}{{}}.{_KEY}", feeds)
                val = _rebuild(entry[_VALUE], inner.fields[1].dtype, f"{name}{{}}.{_VALUE}", feeds)
                if key is None and entry[_KEY] is not None:
                    key = REDACTED  # a map key cannot be null: a redacted key is marked
                entries.append({_KEY: key, _VALUE: val})
            return entries
        return [_rebuild(item, inner, f"{name}[]", feeds) for item in value]  # type: ignore[union-attr]
    if isinstance(dtype, pl.Struct):
        return {f.name: _rebuild(value[f.name], f.dtype, f"{name}.{f.name}", feeds)  # type: ignore[index]
                for f in dtype.fields}  # fmt: skip
    return next(feeds[name])


def _feed(values: list | None) -> Iterator[object]:
    if values is None:  # a leaf redacted or dropped as a whole: every value is gone
        while True:
            yield None
    yield from values
    raise InputError("a nested value changed shape between read and write")


def recompose(df: pl.DataFrame, columns: list[NestedColumn]) -> pl.DataFrame:
    """Inverse of ``decompose`` on a transformed frame: each hidden column rebuilt from the
    leaves (a dropped leaf becomes null) and put back in its place; leaves removed."""
    if not columns:
        return df
    out = df
    for col in columns:
        hidden = HIDDEN + col.name
        if hidden not in out.columns:
            continue
        physical = _physical(col.dtype)
        if one_level.is_one_level(physical):
            kept = [out[leaf] if leaf in out.columns else None for leaf in col.leaves]
            try:
                shaped = one_level.rebuild(out[hidden].alias(col.name), physical, kept)
            except ValueError as exc:
                raise InputError(f"column '{col.name}': {exc}") from None
            if isinstance(col.dtype, pl.Map) and col.dtype.key == pl.String:
                # A map key cannot be null: a redacted key is marked, as in ``_rebuild``.
                shaped = shaped.list.eval(
                    pl.element().struct.with_fields(pl.field(_KEY).fill_null(REDACTED))
                )
            series = shaped.cast(_written(col.dtype))
        else:
            series = _walked(out, hidden, col, physical)
        out = out.with_columns(series.alias(hidden)).rename({hidden: col.name})
        out = out.drop([leaf for leaf in col.leaves if leaf in out.columns])
    return out


def _walked(out: pl.DataFrame, hidden: str, col: NestedColumn, physical: pl.DataType) -> pl.Series:
    """``recompose`` for any depth: each row walked, each value fed from its leaf."""
    leaves = {leaf: out[leaf].to_list() if leaf in out.columns else None for leaf in col.leaves}
    rebuilt = []
    for i, value in enumerate(out[hidden].cast(physical).to_list()):
        feeds = {leaf: _feed(None if vals is None else vals[i]) for leaf, vals in leaves.items()}
        rebuilt.append(None if value is None else _rebuild(value, physical, col.name, feeds))
    return pl.Series(col.name, rebuilt, dtype=physical).cast(_written(col.dtype))


def _identifying(value: object) -> bool:
    """Texts and whole numbers can be identifiers; floats, booleans and dates cannot
    (their text form only feeds false pattern matches, as for plain columns)."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def leaf_texts(series: pl.Series) -> pl.Series:
    """Every text and whole number inside a nested column, one space-joined text per row:
    what the gate reads of a column it was not given leaves for (defence in depth)."""
    physical = _physical(series.dtype)
    names = _leaf_types("v", physical)
    texts: list[str | None] = []
    for value in series.cast(physical).to_list():
        if value is None:
            texts.append(None)
            continue
        row: dict[str, list] = {leaf: [] for leaf, _ in names}
        _collect(value, physical, "v", row)
        texts.append(" ".join(str(v) for vals in row.values() for v in vals if _identifying(v)))
    return pl.Series(series.name, texts, dtype=pl.String)
