"""Reading and writing export tables, and moving run folders atomically.

Every reader failure becomes an ``InputError`` with one line naming the file and the
problem. Library error texts are *not* passed through: polars and the JSON parser quote
offending cell contents, which may be personal data.

Nested JSON objects are flattened to dotted columns (``contact.email``) so the engine
sees one flat table, and are nested again on write with the original field order.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from anonymizers.errors import InputError

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
TEXT_FORMATS = {"csv", "jsonl", "json"}


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

    @property
    def rows(self) -> int:
        return self.df.height

    def schema(self) -> list[dict[str, str]]:
        """Names and types only: what the manifest may say about an input."""
        return [{"name": n, "type": str(t)} for n, t in self.df.schema.items()]


def discover(inputs: list[Path]) -> list[Path]:
    """Expand folders into their export files; one bundle, one table per file.

    Files of other types inside a folder (a README, the generator script) are skipped;
    a file named explicitly must be a supported format.
    """
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files = sorted(
                p
                for p in item.iterdir()
                if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in FORMATS
            )
            if not files:
                raise InputError(f"{item}: folder holds no CSV, JSON Lines, JSON or Parquet file")
            found.extend(files)
        elif item.is_file():
            if item.suffix.lower() not in FORMATS:
                raise InputError(
                    f"{item}: unsupported file type '{item.suffix or '(none)'}' "
                    "(expected .csv, .jsonl, .json or .parquet)"
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


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid UTF-8 (first bad byte at offset {exc.start}); re-export as UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL bytes; not a text export")
    return text


def _flatten(df: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, object]]]:
    """Struct columns → dotted columns; returns the layout needed to nest them again."""

    def layout_of(dtype: pl.DataType) -> object:
        if isinstance(dtype, pl.Struct):
            return [(f.name, layout_of(f.dtype)) for f in dtype.fields]
        return None

    def exprs(prefix: str, base: pl.Expr, dtype: pl.DataType) -> list[pl.Expr]:
        if isinstance(dtype, pl.Struct):
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
        if isinstance(dtype, pl.Struct):
            # Remember which objects were null as a whole, so they stay null.
            cols.append(pl.col(name).is_null().alias(f"\x00null:{name}"))
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


def read_table(path: Path) -> Table:
    """Read one export file; any problem is a one-line ``InputError``."""
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
    if fmt in TEXT_FORMATS:
        text = _decode(path, data)
        df = _read_text(path, fmt, text)
    else:
        df = _read_parquet(path, data)
    if df.width == 0:
        raise InputError(f"{path}: no columns found")
    df, layout = _flatten(df)
    _check_supported(path, df)
    return Table(path.stem, path, fmt, df, digest, len(data), layout)


def _read_text(path: Path, fmt: str, text: str) -> pl.DataFrame:
    if fmt == "csv":
        try:
            # All columns as text: the output must keep each value's exact spelling
            # ("0042", "52000.00"), which type inference would change.
            return pl.read_csv(io.StringIO(text), infer_schema=False, raise_if_empty=True)
        except Exception:
            raise InputError(
                f"{path}: malformed CSV (inconsistent number of fields or bad quoting)"
            ) from None
    if fmt == "jsonl":
        lines = text.splitlines()
        records = []
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{path}: line {lineno} is not valid JSON") from None
            if not isinstance(rec, dict):
                raise InputError(f"{path}: line {lineno} is not a JSON object")
            records.append(rec)
        return _frame(path, records)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(doc, list):
        raise InputError(f"{path}: expected a JSON array of records")
    for i, rec in enumerate(doc):
        if not isinstance(rec, dict):
            raise InputError(f"{path}: record {i} is not a JSON object")
    return _frame(path, doc)


def _frame(path: Path, records: list[dict]) -> pl.DataFrame:
    if not records:
        raise InputError(f"{path}: no records")
    try:
        return pl.from_dicts(records, infer_schema_length=None)
    except Exception:
        raise InputError(f"{path}: records have conflicting types for the same field") from None


def _read_parquet(path: Path, data: bytes) -> pl.DataFrame:
    try:
        return pl.read_parquet(io.BytesIO(data))
    except Exception:
        raise InputError(f"{path}: not a valid Parquet file") from None


def _check_supported(path: Path, df: pl.DataFrame) -> None:
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.List | pl.Array) and isinstance(dtype.inner, pl.Struct | pl.List):
            raise InputError(
                f"{path}: column '{name}' holds lists of objects or lists, not supported yet"
            )
        if isinstance(dtype, pl.Object):
            raise InputError(f"{path}: column '{name}' has values of mixed types")


def write_table(table: Table, df: pl.DataFrame, dest: Path) -> None:
    """Write ``df`` in the table's own format; the caller writes into staging only."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    out = _nest(df, table.layout)
    if table.fmt == "csv":
        out.write_csv(dest)
    elif table.fmt == "jsonl":
        out.write_ndjson(dest)
    elif table.fmt == "json":
        rows = out.to_dicts()
        dest.write_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        out.write_parquet(dest, compression="zstd", statistics=False)


def publish(staging: Path, final: Path) -> Path:
    """Move a finished staging folder into place in one rename (same filesystem)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():
        raise InputError(f"{final}: run folder already exists")
    os.replace(staging, final)
    return final


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
