"""An export read and written in row partitions, for files larger than memory.

``read_table`` holds a file's bytes and its frame at once: fine for the usual export,
too much for a 5 GB one. Here a CSV is streamed, block by block, through the same CSV
reader (``csv_reader.py``: the same files accepted, the same values read), a Parquet
file by its batches, and a JSON Lines or JSON array file record by record
(``json_stream.py``), after a first pass that decides its columns and types over all
its records (``json_shapes.py``: a field first seen near the end is a column of every
partition). Each partition gets the in-memory reader's shape (``flat.flat_frame``:
objects as dotted columns, nested values as leaf columns), and text columns of JSON
documents are split into leaves decided over the whole file (``json_text.py``), so the
partitions stacked are the frame ``read_table`` gives. Each is kept as a Parquet file in
the run's work folder, so every later pass reads a column of one partition without
parsing the input again; ``assemble`` writes them back, a partition at a time, as
``write_table`` would write the whole frame. Errors are the same one-line
``InputError`` as the in-memory reader's: library messages quote cell contents and
never pass through.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from anonymizers.errors import InputError
from anonymizers.io.csv_reader import read_csv
from anonymizers.io.files import sha256_file
from anonymizers.io.flat import Shape, check_supported, flat_frame
from anonymizers.io.formulas import neutralise
from anonymizers.io.json_keys import DataKey
from anonymizers.io.json_reader import records_frame, typed_maps
from anonymizers.io.json_shapes import Shapes
from anonymizers.io.json_stream import json_records, jsonl_records
from anonymizers.io.json_text import JsonTextColumn, JsonTextSurvey, split_as
from anonymizers.io.tables import (
    FORMATS,
    Table,
    json_array_body,
    json_document,
    output_frame,
    wrapped,
)

#: Rows per partition: about 8 MB of a 15-column CSV; a worker then peaks near 450 MB.
PARTITION_ROWS = 50_000
#: An export smaller than this runs its passes in the flow's own process: starting
#: worker processes (seconds of imports each, and the model loaded again) costs more
#: than parallel passes save on it. About 25 s of NER if it were all prose.
IN_PROCESS_BYTES = 1 << 20


def in_process(files: list[Path]) -> bool:
    """Is the export small enough to run without worker processes?"""
    return sum(p.stat().st_size for p in files) < IN_PROCESS_BYTES


#: Rows of the first partition kept in memory for planning, the schema and key links.
HEAD_ROWS = 20_000
#: JSON records parsed at a time: records as Python objects take several times their
#: text, so they become a frame well before a partition is full.
JSON_BLOCK_ROWS = 5_000


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
    try:
        for batch in source.iter_batches(batch_size=rows):
            yield pl.from_arrow(pa.Table.from_batches([batch]))  # type: ignore[misc]
    except Exception:
        raise InputError(f"{path}: not a valid Parquet file (a row group cannot be read)") from None


def _json_batches(
    path: Path, fmt: str, data_key: DataKey | None, wrapper: list[tuple[str, int]]
) -> Iterator[pl.DataFrame]:
    """A JSON Lines or JSON array file's records as frames of one schema: a first pass
    over the records decides it (``json_shapes.py``), a second builds the frames. A
    wrapping object's records member is appended to ``wrapper``."""
    shapes = Shapes(data_key)
    if fmt == "jsonl":
        first = jsonl_records(path, JSON_BLOCK_ROWS)
    else:
        first = json_records(path, JSON_BLOCK_ROWS, wrapper=wrapper)
    for records, _ in first:
        shapes.add(records)
    schema = shapes.schema(path)
    if not schema:
        raise InputError(f"{path}: no columns found")
    read = jsonl_records if fmt == "jsonl" else json_records
    for records, places in read(path, JSON_BLOCK_ROWS, checked=True):
        frame = records_frame(path, records, shapes.maps, places, data_key, schema)
        yield typed_maps(path, frame, shapes.maps)


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


@dataclass
class _Written:
    parts: list[Path]
    head: pl.DataFrame | None
    shape: Shape | None
    rows: int


def _write_parts(path: Path, batches: Iterator[pl.DataFrame], folder: Path, rows: int) -> _Written:
    """Partition files from reader batches, each in the engine's flat shape. Starts
    afresh: the CSV reader hands the batches over again from the first record when a
    record did not fit in its block."""
    for stale in folder.glob("*.parquet"):
        stale.unlink()
    out = _Written([], None, None, 0)
    for frame in _rechunk(batches, rows):
        flat, shape = flat_frame(path, frame)
        check_supported(path, flat)
        flat = _empty_objects_marked(flat, shape)
        part = folder / f"{len(out.parts):06d}.parquet"
        try:
            flat.write_parquet(part, compression="lz4", statistics=False)
        except pl.exceptions.InvalidOperationError:
            raise InputError(
                f"{path}: a list or map holds objects that are always empty ({{}}), which "
                "the run's partitions (Parquet) cannot store; drop the field or give its "
                "objects a key"
            ) from None
        out.parts.append(part)
        out.rows += flat.height
        if out.head is None:
            out.head, out.shape = flat.head(HEAD_ROWS), shape
    return out


_EMPTY_OBJECT = pl.Struct({})


def _empty_objects_marked(df: pl.DataFrame, shape: Shape) -> pl.DataFrame:
    """An always-empty object (``"preferences": {}``) is a column of no fields, which
    Parquet cannot store: kept as true (an object) or null, rebuilt on write (the type
    to restore is noted in ``shape``)."""
    empty = [c for c, t in df.schema.items() if t == _EMPTY_OBJECT]
    shape.restore.update(dict.fromkeys(empty, _EMPTY_OBJECT))
    return df.with_columns(pl.col(c).is_not_null().replace(False, None) for c in empty)


def _empty_objects_rebuilt(df: pl.DataFrame, table: Table) -> pl.DataFrame:
    empty = [c for c, t in table.restore.items() if t == _EMPTY_OBJECT and c in df.columns]
    return df.with_columns(
        pl.Series(c, [None if v is None else {} for v in df[c].to_list()], dtype=_EMPTY_OBJECT)
        for c in empty
    )


def _split_json_text(
    parts: list[Path], columns: list[str], data_key: DataKey | None, whole: set[str]
) -> list[JsonTextColumn]:
    """Text columns of JSON documents, decided over every partition, split into their
    leaves in every partition file (``json_text.py``); the columns split."""
    survey = JsonTextSurvey(data_key, set(whole), columns=list(columns))
    for part in parts:
        schema = pl.read_parquet_schema(part)
        wanted = [c for c in columns if c not in survey.refused
                  and not c.startswith("\x00") and schema[c] == pl.String]  # fmt: skip
        if not wanted:
            break
        survey.add(pl.read_parquet(part, columns=wanted))
    decided = survey.decided()
    for part in parts if decided else []:
        split_as(pl.read_parquet(part), decided).write_parquet(
            part, compression="lz4", statistics=False
        )
    return [col for col, _ in decided]


def split_table(
    path: Path,
    work: Path,
    rows: int = PARTITION_ROWS,
    data_key: DataKey | None = None,
    whole: Callable[[str, str], bool] | None = None,
) -> SplitTable:
    """Stream ``path`` into Parquet partitions under ``work``; one-line errors.
    ``data_key`` and ``whole`` are ``read_table``'s: a JSON key that is data, and a text
    column of JSON documents the policy decides as a whole."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unsupported file type '{path.suffix}'")
    try:
        digest, size = sha256_file(path), path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0 or (fmt != "parquet" and _blank(path)):
        raise InputError(f"{path}: file is empty")
    separator, original_names = ",", {}
    wrapper: list[tuple[str, int]] = []
    folder = work / "parts" / path.stem
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        layout, written = read_csv(path, lambda frames: _write_parts(path, frames, folder, rows))
        separator, original_names = layout.separator, layout.original_names
    elif fmt == "parquet":
        written = _write_parts(path, _parquet_batches(path, rows), folder, rows)
    else:
        written = _write_parts(path, _json_batches(path, fmt, data_key, wrapper), folder, rows)
    pa.default_memory_pool().release_unused()  # the reader's blocks, back to the system
    if written.head is None or written.shape is None:
        raise InputError(f"{path}: no rows found")
    head, shape = written.head, written.shape
    keep = {c for c in head.columns if whole(path.stem, c)} if whole else set()
    try:
        json_text = _split_json_text(written.parts, head.columns, data_key, keep)
    except InputError as exc:  # split_as names the column; the file is named here
        raise InputError(f"{path}: {exc}") from None
    if json_text:
        head = pl.read_parquet(written.parts[0]).head(HEAD_ROWS)
    if fmt != "csv":
        original_names = shape.original_names
    table = Table(
        path.stem, path, fmt, head, digest, size, shape.layout, separator, original_names,
        shape.restore,
    )  # fmt: skip
    table.nested, table.json_text = shape.nested, json_text
    table.row_count = written.rows
    table.wrapper = wrapped(path, wrapper, data_key)
    return SplitTable(table, written.parts)


def _blank(path: Path) -> bool:
    """Only whitespace, as the in-memory reader's ``data.strip()`` sees it."""
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            if block.strip():
                return False
    return True


def assemble(table: Table, parts: Iterable[Path], dest: Path, formulas: bool = False) -> int:
    """Output partitions → one file in the input's format, a partition at a time, as
    ``write_table`` writes the whole frame. With ``formulas``, CSV/TSV cells a
    spreadsheet would run get a quote; returns how many."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    frames = (
        output_frame(table, _empty_objects_rebuilt(pl.read_parquet(part), table)) for part in parts
    )
    if table.fmt == "csv":
        return _assemble_csv(table, frames, dest, formulas)
    renamed = (
        df.rename({c: table.original_names[c] for c in df.columns if c in table.original_names})
        for df in frames
    )
    if table.fmt == "jsonl":
        with dest.open("wb") as fh:
            for df in renamed:
                df.write_ndjson(fh)
    elif table.fmt == "json":
        head, tail = json_document(table, "\x00").split("\x00")
        with dest.open("w", encoding="utf-8") as fh:
            first = True
            for df in renamed:
                for block in df.iter_slices(JSON_BLOCK_ROWS):  # records as Python objects: few
                    if not block.height:
                        continue
                    fh.write((head if first else ",\n") + json_array_body(block.to_dicts()))
                    first = False
            fh.write(json_document(table, "") if first else tail)
    else:
        _assemble_parquet(renamed, dest)
    return 0


def _assemble_csv(table: Table, frames: Iterator[pl.DataFrame], dest: Path, formulas: bool) -> int:
    quoted = 0
    with dest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=table.separator, lineterminator="\n")
        for i, df in enumerate(frames):
            if i == 0:
                writer.writerow([table.original_names.get(c, c) for c in df.columns])
                fh.flush()
            if formulas:
                df, n = neutralise(df)
                quoted += n
            df.write_csv(fh, separator=table.separator, include_header=False)
    return quoted


#: Rows per row group of an assembled Parquet output, counted from the table's start:
#: the file's bytes are then the same whatever the partitioning (a row group per
#: partition made them depend on it).
PARQUET_ROW_GROUP = 65_536


def _assemble_parquet(frames: Iterator[pl.DataFrame], dest: Path) -> None:
    writer: pq.ParquetWriter | None = None
    held: list[pa.Table] = []
    rows = 0
    wrote = False

    def flush(table: pa.Table) -> None:
        nonlocal wrote
        assert writer is not None
        # Contiguous columns: pages are cut the same way however the rows arrived.
        writer.write_table(table.combine_chunks(), row_group_size=PARQUET_ROW_GROUP)
        wrote = True

    try:
        for df in frames:
            arrow = df.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(dest, arrow.schema, compression="zstd",
                                          write_statistics=False)  # fmt: skip
            held.append(arrow.cast(writer.schema))
            rows += arrow.num_rows
            while rows >= PARQUET_ROW_GROUP:
                table = pa.concat_tables(held)
                flush(table.slice(0, PARQUET_ROW_GROUP))
                rest = table.slice(PARQUET_ROW_GROUP)
                held, rows = [rest], rest.num_rows
        if writer is not None and (rows or not wrote):
            flush(pa.concat_tables(held))
    finally:
        if writer is not None:
            writer.close()
