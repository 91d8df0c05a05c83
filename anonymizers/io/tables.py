"""Reading and writing export tables, and moving run folders atomically.

Every reader failure becomes an ``InputError`` with one line naming the file and the
problem. Library error texts are *not* passed through: polars and the JSON parser quote
offending cell contents, which may be personal data.

Nested JSON objects are flattened to dotted columns (``contact.email``) so the engine
sees one flat table, and are nested again on write with the original field order
(``flat.py``). Values inside maps and lists of objects or lists are read as leaf columns
(``nested.py``); JSON objects whose keys are data are read as maps (``json_keys.py``).
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
from anonymizers.io.csv_reader import ROW_BLOCKS, read_csv
from anonymizers.io.flat import check_supported, flat_frame, nest
from anonymizers.io.formulas import neutralise
from anonymizers.io.json_keys import DataKey, key_kind
from anonymizers.io.json_reader import decode, read_json
from anonymizers.io.json_text import JsonTextColumn
from anonymizers.io.json_text import join as join_json_text
from anonymizers.io.json_text import split as split_json_text
from anonymizers.io.nested import NestedColumn, recompose

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
    #: JSON only: the records were the list of this member of a wrapping object (an API
    #: dump), written back inside it; the object's other members, counted, are not.
    wrapper: tuple[str, int] | None = None

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

    Files of other types inside a folder (a README, the generator script) are skipped,
    but a data file of a format it does not read (a spreadsheet, an archive:
    ``_UNREAD_DATA``) stops the run; a file named explicitly must be a supported format.
    An export file in a folder must be a regular file: a symbolic link could take the run
    outside the folder (to ``/etc`` or another customer's export, then into the
    quarantine), and a pipe or a device would block or never end, so either is refused
    (exit 2), never followed.
    """
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files = sorted(
                p
                for p in item.iterdir()
                if not p.name.startswith(".") and p.suffix.lower() in FORMATS and _regular(p)
            )
            _no_nested_exports(item)
            _no_unread_data(item)
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


#: Data files safeset does not read, which a run of their folder would otherwise leave out
#: unsaid (a README, a script or an image beside an export is fine, and skipped).
_UNREAD_DATA = {
    **dict.fromkeys((".xlsx", ".xlsm", ".xls", ".ods", ".numbers"), "a spreadsheet: save "
                    "each sheet as CSV"),
    **dict.fromkeys((".gz", ".zip", ".bz2", ".xz", ".zst", ".7z", ".tar", ".tgz"),
                    "compressed: unpack it into the folder first"),
    **dict.fromkeys((".xml", ".avro", ".orc", ".arrow", ".feather", ".ipc", ".sqlite",
                     ".sqlite3", ".db", ".dbf", ".sav", ".dta", ".sas7bdat", ".rds",
                     ".accdb", ".mdb"), "a data format safeset does not read: export it "
                    "as CSV, JSON Lines, JSON or Parquet"),
}  # fmt: skip


def _no_unread_data(folder: Path) -> None:
    """An ``InputError`` for a data file of a format the run does not read (a sheet saved
    as ``.xlsx`` beside the CSVs, an ``orders.csv.gz``): left out unsaid, its table would
    be missing from a dataset certified as the export's."""
    for p in sorted(folder.iterdir()):
        why = _UNREAD_DATA.get(p.suffix.lower())
        if why and not p.name.startswith(".") and p.is_file():
            raise InputError(
                f"{p}: {why} (or move it out of {folder.name}/: a run reads every export "
                "file of its folder)"
            )


def _no_nested_exports(folder: Path) -> None:
    """An ``InputError`` for a subfolder holding export files: a bundle is the files
    directly in its folder, and files one level down (a chat tool's folder per channel,
    a dataset's folder per day) would otherwise be left out of the run unsaid, their data
    neither sanitised nor published. Subfolders of other files (docs, images) are fine."""
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        nested = [
            p
            for p in sub.rglob("*")
            if p.suffix.lower() in FORMATS and not any(part.startswith(".") for part in p.parts)
        ]
        if nested:
            raise InputError(
                f"{sub}: subfolder holds {len(nested):,} export file(s) a run of {folder} would "
                "leave out (a bundle is the files directly in its folder); run the subfolder "
                "as its own bundle or move its files up, each with its own name"
            )


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
    wrapper: list[tuple[str, int]] = []
    if fmt == "csv":
        df, separator, original_names = _read_csv(path, data)
    elif fmt in TEXT_FORMATS:
        df = read_json(path, fmt, decode(path, data), data_key, wrapper)
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
    table.wrapper = wrapped(path, wrapper, data_key)
    return table


def wrapped(
    path: Path, found: list[tuple[str, int]], data_key: DataKey | None
) -> tuple[str, int] | None:
    """The wrapping object's records member, as the reader found it (``found``: empty for
    a plain array). A member named like data (an e-mail, a customer id) would be
    published as written: such a file is refused, as one holding several lists is."""
    if not found:
        return None
    member = found[0]
    if key_kind(member[0], data_key):
        raise InputError(
            f"{path}: the JSON object's member holding the records is named like data "
            "(its name would be published as written): write the records as a JSON array"
        )
    return member


def json_document(table: Table, body: str) -> str:
    """A JSON table's written text around ``body``, its records inside ``[`` and ``]``
    (``json_array_body`` gives them, or nothing): in the wrapping object for a wrapped
    export. ``assemble`` writes the same text a partition at a time."""
    array = f"[\n{body}\n]" if body else "[]"
    if table.wrapper is None:
        return array + "\n"
    return "{" + json.dumps(table.wrapper[0], ensure_ascii=False) + ": " + array + "}\n"


def output_frame(table: Table, df: pl.DataFrame) -> pl.DataFrame:
    """A flat frame (the whole table or one partition) → the frame written: JSON text
    and nested values rebuilt from their leaves, types restored, objects nested again."""
    df = recompose(join_json_text(df, table.json_text), table.nested)
    restore = [pl.col(c).cast(t) for c, t in table.restore.items() if c in df.columns]
    return nest(df.with_columns(restore) if restore else df, table.layout)


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
        dest.write_text(json_document(table, json_array_body(out.to_dicts())), encoding="utf-8")
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
