"""An export read and written in row partitions, for files larger than memory.

``read_table`` holds a file's bytes and its frame at once: fine for the usual export,
too much for a 5 GB one. Here a CSV is streamed, block by block, through the same CSV
reader (``csv_reader.py``: the same files accepted, the same values read) and a Parquet
file by its batches; each partition is kept as a Parquet file in the run's work folder,
so every later pass reads a column of one partition without parsing the CSV again.
Errors are the same one-line ``InputError`` as the in-memory reader's: library messages
quote cell contents and never pass through.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from anonymizers.errors import InputError
from anonymizers.io.csv_reader import read_csv
from anonymizers.io.files import sha256_file
from anonymizers.io.formulas import neutralise
from anonymizers.io.tables import FORMATS, Table, check_supported, plain_types

#: Rows per partition: about 8 MB of a 15-column CSV; a worker then peaks near 450 MB.
PARTITION_ROWS = 50_000
#: Files at least this large are partitioned when the user does not choose.
PARTITION_ABOVE_BYTES = 1 << 30
#: Rows of the first partition kept in memory for planning, the schema and key links.
HEAD_ROWS = 20_000


@dataclass
class SplitTable:
    """One input split into partition files; ``table.df`` holds the first partition
    only (for planning and the schema) and ``table.rows`` the whole file's count."""

    table: Table
    parts: list[Path]


def _parquet_batches(path: Path, rows: int) -> Iterator[pl.DataFrame]:
    try:
        source = pq.ParquetFile(path)
    except Exception:
        raise InputError(f"{path}: not a valid Parquet file") from None
    for name, field in zip(source.schema_arrow.names, source.schema_arrow, strict=True):
        if pa.types.is_struct(field.type) or pa.types.is_map(field.type):
            raise InputError(
                f"{path}: column '{name}' is nested; nested columns are not supported in a "
                "partitioned run (run it in memory with --partition-rows 0)"
            )
    try:
        for batch in source.iter_batches(batch_size=rows):
            yield pl.from_arrow(pa.Table.from_batches([batch]))  # type: ignore[misc]
    except Exception:
        raise InputError(f"{path}: not a valid Parquet file (a row group cannot be read)") from None


def _rechunk(batches: Iterator[pl.DataFrame], rows: int) -> Iterator[pl.DataFrame]:
    """Reader blocks → partitions of ``rows`` rows (the last one shorter)."""
    pending: list[pl.DataFrame] = []
    held = 0
    for frame in batches:
        pending.append(frame)
        held += frame.height
        while held >= rows:
            whole = pl.concat(pending, how="vertical")
            yield whole.slice(0, rows)
            rest = whole.slice(rows)
            pending, held = ([rest], rest.height) if rest.height else ([], 0)
    if held:
        yield pl.concat(pending, how="vertical")


def _write_parts(
    path: Path, batches: Iterator[pl.DataFrame], folder: Path, rows: int
) -> tuple[list[Path], pl.DataFrame | None, dict[str, pl.DataType], int]:
    """Partition files from reader batches: (files, head rows, dtypes to restore, rows).
    Starts afresh: the CSV reader hands the batches over again from the first record
    when a record did not fit in its block."""
    for stale in folder.glob("*.parquet"):
        stale.unlink()
    parts: list[Path] = []
    head: pl.DataFrame | None = None
    restore: dict[str, pl.DataType] = {}
    total = 0
    for frame in _rechunk(batches, rows):
        plain, restore = plain_types(path, frame)
        check_supported(path, plain)
        part = folder / f"{len(parts):06d}.parquet"
        plain.write_parquet(part, compression="lz4", statistics=False)
        parts.append(part)
        total += plain.height
        if head is None:
            head = plain.head(HEAD_ROWS)
    return parts, head, restore, total


def split_table(path: Path, work: Path, rows: int = PARTITION_ROWS) -> SplitTable:
    """Stream ``path`` into Parquet partitions under ``work``; one-line errors."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt not in ("csv", "parquet"):
        raise InputError(
            f"{path}: a partitioned run reads CSV and Parquet; convert this {fmt or path.suffix} "
            "file or run it in memory (--partition-rows 0)"
        )
    try:
        digest, size = sha256_file(path), path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise InputError(f"{path}: file is empty")
    separator, original_names = ",", {}
    folder = work / "parts" / path.stem
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        layout, written = read_csv(path, lambda frames: _write_parts(path, frames, folder, rows))
        separator, original_names = layout.separator, layout.original_names
    else:
        written = _write_parts(path, _parquet_batches(path, rows), folder, rows)
    parts, head, restore, total = written
    pa.default_memory_pool().release_unused()  # the reader's blocks, back to the system
    if head is None:
        raise InputError(f"{path}: no rows found")
    table = Table(path.stem, path, fmt, head, digest, size, [], separator, original_names, restore)
    table.row_count = total
    return SplitTable(table, parts)


def assemble(table: Table, parts: list[Path], dest: Path, formulas: bool = False) -> int:
    """Output partitions → one file in the input's format, a partition at a time. With
    ``formulas``, CSV/TSV cells a spreadsheet would run get a quote; returns how many."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    restore = [pl.col(c).cast(t) for c, t in table.restore.items()]
    quoted = 0
    if table.fmt == "csv":
        with dest.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=table.separator, lineterminator="\n")
            for i, part in enumerate(parts):
                df = pl.read_parquet(part)
                if i == 0:
                    writer.writerow([table.original_names.get(c, c) for c in df.columns])
                    fh.flush()
                if formulas:
                    df, n = neutralise(df)
                    quoted += n
                df.write_csv(fh, separator=table.separator, include_header=False)
        return quoted
    writer_pq: pq.ParquetWriter | None = None
    try:
        for part in parts:
            df = pl.read_parquet(part)
            df = df.with_columns([r for r in restore if r.meta.output_name() in df.columns])
            arrow = df.to_arrow()
            if writer_pq is None:
                writer_pq = pq.ParquetWriter(
                    dest, arrow.schema, compression="zstd", write_statistics=False
                )
            writer_pq.write_table(arrow.cast(writer_pq.schema))
    finally:
        if writer_pq is not None:
            writer_pq.close()
    return quoted
