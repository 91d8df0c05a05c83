"""Reading and writing export tables, and moving run folders atomically.

Every reader failure becomes an ``InputError`` with one line naming the file and the
problem. Library error texts are *not* passed through: polars and the JSON parser quote
offending cell contents, which may be personal data.

Nested JSON objects are flattened to dotted columns (``contact.email``) so the engine
sees one flat table, and are nested again on write with the original field order. Values
inside maps and lists of objects or lists are read as leaf columns (``nested.py``); JSON
objects whose keys are data are read as maps (``json_keys.py``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from anonymizers.errors import InputError
from anonymizers.io.csv_reader import ROW_BLOCKS, read_csv, unique_names
from anonymizers.io.formulas import neutralise
from anonymizers.io.json_keys import DataKey
from anonymizers.io.json_reader import decode, read_json
from anonymizers.io.json_text import JsonTextColumn
from anonymizers.io.json_text import join as join_json_text
from anonymizers.io.json_text import split as split_json_text
from anonymizers.io.nested import HIDDEN, NestedColumn, decompose, is_nested, recompose

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
TEXT_FORMATS = {"csv", "jsonl", "json"}
#: Arrow's reader block size is a 32-bit integer.
_LARGEST_BLOCK = (1 << 31) - 1


@dataclass
class Table:
    """One input file as a flat polars frame plus what is needed to write it back."""

    name: str
    path: Path
    fmt: str
    df: pl.DataFrame
    sha256: str
    bytes: int
    #: Top-level column order and, for struct columns, their (recursive) field layout.
    layout: list[tuple[str, object]] = field(default_factory=list)
    #: CSV only: the field separator, written back unchanged.
    separator: str = ","
    #: Columns renamed on read (an empty or repeated CSV header name, a JSON key "")
    #: → the name as written, restored on write.
    original_names: dict[str, str] = field(default_factory=dict)
    #: Columns read as another type the engine handles (categorical → text, fixed-size
    #: array → list, UTF-8 binary → text) → the type to write back.
    restore: dict[str, pl.DataType] = field(default_factory=dict)
    #: A partitioned read holds one partition in ``df``; this is the whole file's count.
    row_count: int | None = None
    #: Columns read as leaf columns (maps, lists of objects or lists), rebuilt on write.
    nested: list[NestedColumn] = field(default_factory=list)
    #: Text columns whose cells are JSON documents, read as leaf columns, rebuilt on write.
    json_text: list[JsonTextColumn] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.df.height if self.row_count is None else self.row_count

    def schema(self) -> list[dict[str, str]]:
        """Names and types only: what the manifest may say about an input."""
        return [
            {"name": n, "type": str(self.restore.get(n, t))}
            for n, t in self.df.schema.items()
            if not n.startswith("\x00")
        ]


def discover(inputs: list[Path]) -> list[Path]:
    """Expand folders into their export files; one bundle, one table per file.

    Files of other types inside a folder (a README, the generator script) are skipped;
    a file named explicitly must be a supported format. An export file in a folder must
    be a regular file: a symbolic link could take the run outside the folder (to
    ``/etc`` or another customer's export, then into the quarantine), and a pipe or a
    device would block or never end, so either is refused (exit 2), never followed.
    """
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files = sorted(
                p
                for p in item.iterdir()
                if not p.name.startswith(".") and p.suffix.lower() in FORMATS and _regular(p)
            )
            if not files:
                raise InputError(f"{item}: folder holds no CSV, JSON Lines, JSON or Parquet file")
            found.extend(files)
        elif item.is_file():
            if item.suffix.lower() not in FORMATS:
                raise InputError(
                    f"{item}: unsupported file type '{item.suffix or '(none)'}' "
                    "(expected .csv, .tsv, .jsonl, .json or .parquet)"
                )
            found.append(item)
        elif item.exists():
            raise InputError(f"{item}: not a regular file or folder")
        else:
            raise InputError(f"{item}: no such file or folder")
    names: dict[str, Path] = {}
    for path in found:
        stem = path.stem
        if stem in names:
            raise InputError(f"{path}: table name '{stem}' also used by {names[stem]}")
        names[stem] = path
    return found


def _regular(path: Path) -> bool:
    """True for a regular file, False for a folder; an InputError for anything else."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISREG(mode):
        return True
    if stat.S_ISDIR(mode):
        return False
    kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
    raise InputError(f"{path}: {kind} in the input folder; refused (copy the file into the folder)")


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


def _nest(df: pl.DataFrame, layout: list[tuple[str, object]]) -> pl.DataFrame:
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


def data_columns(df: pl.DataFrame) -> list[str]:
    """Columns that carry data (not the internal null markers of nested objects)."""
    return [c for c in df.columns if not c.startswith("\x00")]


def read_table(
    path: Path, data_key: DataKey | None = None, whole: Callable[[str, str], bool] | None = None
) -> Table:
    """Read one export file; any problem is a one-line ``InputError``.

    ``data_key`` tells a JSON key that is data (an e-mail, a name) from a field name:
    objects holding such keys are read as maps (``json_keys.py``). A text column of JSON
    documents is read as leaf columns (``json_text.py``) unless ``whole(table, column)``
    says the policy decides the column as a whole."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unsupported file type '{path.suffix}'")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    digest = hashlib.sha256(data).hexdigest()
    separator, original_names = ",", {}
    if fmt == "csv":
        df, separator, original_names = _read_csv(path, data)
    elif fmt in TEXT_FORMATS:
        df = read_json(path, fmt, decode(path, data), data_key)
    else:
        df = _read_parquet(path, data)
    if df.width == 0:
        raise InputError(f"{path}: no columns found")
    df, shape = flat_frame(path, df)
    if fmt != "csv":
        original_names = shape.original_names
    if whole is not None:
        keep = {c for c in df.columns if whole(path.stem, c)}
        df, json_text = split_json_text(df, data_key, keep)
    else:
        df, json_text = split_json_text(df, data_key)
    check_supported(path, df)
    table = Table(
        path.stem, path, fmt, df, digest, len(data), shape.layout, separator, original_names,
        shape.restore,
    )  # fmt: skip
    table.nested = shape.nested
    table.json_text = json_text
    return table


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


def output_frame(table: Table, df: pl.DataFrame) -> pl.DataFrame:
    """A flat frame (the whole table or one partition) → the frame written: JSON text
    and nested values rebuilt from their leaves, types restored, objects nested again."""
    df = recompose(join_json_text(df, table.json_text), table.nested)
    restore = [pl.col(c).cast(t) for c, t in table.restore.items() if c in df.columns]
    return _nest(df.with_columns(restore) if restore else df, table.layout)


def json_array_body(rows: list[dict]) -> str:
    """Records as they stand inside the written JSON array (``write_table``'s layout),
    without its brackets: partitions of one table are joined with ``",\n"``."""
    text = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    return text[2:-2]


def _read_csv(path: Path, data: bytes) -> tuple[pl.DataFrame, str, dict[str, str]]:
    """A CSV as text columns, with its separator and any header names renamed on read:
    the one CSV reader's frames, concatenated. A file already in memory is no memory
    risk, so no record is too large for it."""
    blocks = ROW_BLOCKS
    if len(data) > ROW_BLOCKS[-1]:
        blocks = (*ROW_BLOCKS, min(len(data), _LARGEST_BLOCK))
    layout, frames = read_csv(path, list, data=data, blocks=blocks)
    if frames:
        df = pl.concat(frames, how="vertical", rechunk=True)
    else:
        df = pl.DataFrame(schema=dict.fromkeys(layout.names, pl.String))
    return df, layout.separator, layout.original_names


def _read_parquet(path: Path, data: bytes) -> pl.DataFrame:
    try:
        return pl.read_parquet(io.BytesIO(data))
    except Exception:
        raise InputError(f"{path}: not a valid Parquet file") from None


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
                f"{path}: column '{name}' holds binary data that is not UTF-8 text; not supported"
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


def write_table(table: Table, df: pl.DataFrame, dest: Path, formulas: bool = False) -> int:
    """Write ``df`` in the table's own format; the caller writes into staging only. With
    ``formulas``, a CSV/TSV cell a spreadsheet would run gets a quote (``formulas.py``);
    returns how many did."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    out = output_frame(table, df)
    quoted = 0
    if table.fmt == "csv":
        if formulas:
            out, quoted = neutralise(out)
        if not table.original_names and table.separator == ",":
            out.write_csv(dest)
            return quoted
        # The header as it was written: an empty or repeated name cannot be a polars
        # column name, so it is written by the csv module and the rows by polars.
        header = [table.original_names.get(c, c) for c in out.columns]
        with dest.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=table.separator, lineterminator="\n").writerow(header)
            out.write_csv(fh, separator=table.separator, include_header=False)
        return quoted
    if table.original_names:
        out = out.rename(
            {c: table.original_names[c] for c in out.columns if c in table.original_names}
        )
    if table.fmt == "jsonl":
        out.write_ndjson(dest)
    elif table.fmt == "json":
        rows = out.to_dicts()
        dest.write_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        out.write_parquet(dest, compression="zstd", statistics=False)
    return quoted


def publish(staging: Path, final: Path) -> Path:
    """Move a finished staging folder into place in one rename (same filesystem)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        raise InputError(f"{final}: run folder already exists")
    os.replace(staging, final)
    return final


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
