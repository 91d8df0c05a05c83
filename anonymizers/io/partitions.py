"""An export read and written in row partitions, for files larger than memory.

``read_table`` holds a file's bytes, its text and its frame at once: fine for the usual
export, three times too much for a 5 GB one. Here a CSV is streamed by pyarrow's reader
(quote-aware, so a newline inside a quoted comment never splits a row) and a Parquet file
by its batches; each partition is kept as a Parquet file in the run's work folder, so
every later pass reads a column of one partition without parsing the CSV again. Errors
are the same one-line ``InputError`` as the in-memory reader's: library messages quote
cell contents and never pass through.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from anonymizers.errors import InputError
from anonymizers.io.files import sha256_file
from anonymizers.io.tables import (
    FORMATS,
    Table,
    check_supported,
    csv_separator,
    plain_types,
    unique_names,
)

#: Rows per partition: about 8 MB of a 15-column CSV; a worker then peaks near 450 MB.
PARTITION_ROWS = 50_000
#: Files at least this large are partitioned when the user does not choose.
PARTITION_ABOVE_BYTES = 1 << 30
#: Rows of the first partition kept in memory for planning, the schema and key links.
HEAD_ROWS = 20_000
#: CSV reader block sizes, tried in turn: a row (quoted newlines included) must fit in one
#: block. Arrow's reader keeps about fifty blocks' worth of heap on a large file (16 MB
#: blocks: ~850 MB for the split process; 2 MB: ~200 MB, and no slower), so the first
#: size is small and a file with a larger row is read again with the next.
_CSV_BLOCKS = (2 << 20, 32 << 20, 512 << 20)
_HEAD_BYTES = 1 << 20


@dataclass
class SplitTable:
    """One input split into partition files; ``table.df`` holds the first partition
    only (for planning and the schema) and ``table.rows`` the whole file's count."""

    table: Table
    parts: list[Path]


def _csv_header(path: Path) -> tuple[str, list[str]]:
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut by the block edge
            raise InputError(f"{path}: not UTF-8 text") from None
        text = head[: exc.start].decode("utf-8-sig")
    if "\r" in text and "\n" not in text:
        raise InputError(
            f"{path}: classic Mac (CR-only) line endings are not supported for a partitioned "
            "read; convert the file to LF line endings"
        )
    first = text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise InputError(f"{path}: file is empty")
    separator = csv_separator(first)
    header = next(csv.reader(io.StringIO(first), delimiter=separator), [])
    return separator, header


class _RowTooLarge(Exception):
    """A row does not fit in the reader's block: read the file again with a larger one."""


def _csv_batches(
    path: Path, separator: str, names: list[str], block: int = _CSV_BLOCKS[0]
) -> Iterator[pl.DataFrame]:
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=block, encoding="utf8"
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=separator, newlines_in_values=True, ignore_empty_lines=True
            ),
            # All columns as text: the output keeps each value's spelling ("0042").
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            yield pl.from_arrow(pa.Table.from_batches([batch]))  # type: ignore[misc]
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if isinstance(exc, pa.ArrowInvalid) and "straddl" in str(exc):
            if block < _CSV_BLOCKS[-1]:
                raise _RowTooLarge from None
            raise InputError(
                f"{path}: a row is larger than {block >> 20} MB; split the file or run it in "
                "memory (--partition-rows 0)"
            ) from None
        raise InputError(
            f"{path}: malformed CSV (inconsistent number of fields, bad quoting or not UTF-8)"
        ) from None


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
    """Partition files from reader batches: (files, head rows, dtypes to restore, rows)."""
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
        separator, header = _csv_header(path)
        names = unique_names(header)
        original_names = {n: o for n, o in zip(names, header, strict=True) if n != o}
        for block in _CSV_BLOCKS:
            try:
                written = _write_parts(path, _csv_batches(path, separator, names, block),
                                       folder, rows)  # fmt: skip
                break
            except _RowTooLarge:
                for stale in folder.glob("*.parquet"):
                    stale.unlink()
    else:
        written = _write_parts(path, _parquet_batches(path, rows), folder, rows)
    parts, head, restore, total = written
    pa.default_memory_pool().release_unused()  # the reader's blocks, back to the system
    if head is None:
        raise InputError(f"{path}: no rows found")
    table = Table(path.stem, path, fmt, head, digest, size, [], separator, original_names, restore)
    table.row_count = total
    return SplitTable(table, parts)


def assemble(table: Table, parts: list[Path], dest: Path) -> None:
    """Output partitions → one file in the input's format, a partition at a time."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    restore = [pl.col(c).cast(t) for c, t in table.restore.items()]
    if table.fmt == "csv":
        with dest.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=table.separator, lineterminator="\n")
            for i, part in enumerate(parts):
                df = pl.read_parquet(part)
                if i == 0:
                    writer.writerow([table.original_names.get(c, c) for c in df.columns])
                    fh.flush()
                df.write_csv(fh, separator=table.separator, include_header=False)
        return
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
