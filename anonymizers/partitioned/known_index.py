"""The bundle's known values on disk, read back per partition: only those its texts can hold.

Every worker used to hold one ``KnownValues`` of every structured value and named id of
the bundle (and one of every spreadable guess): memory that grows with the export, in
every worker process. Here each value is written once to a Parquet index under the
digests of its lookups (``KnownValues.lookups_of``: the anchor word of every matcher key
it adds, its phone's last ten digits, its id core), and a partition gets a
``KnownValues`` of the rows whose digest is among its texts' lookups
(``KnownValues.lookups``), added in the order the whole one added them.

Why the spans stay the same: a key found in a text as a whole word has every run of its
word characters among the lowered text's runs, so its anchor is a lookup of the text; a
phone is found by its last ten digits and an id by its core key, both lookups too. Every
value that adds a given key, phone or core shares that lookup, so the subset holds all
of them and settles each key's type as the whole did (lower rank first, then order of
addition). The two facts that depend on the whole bundle are settled when the index is
written: how many id cores chance is reckoned with (``IdCores.reckon_with``), and which
named ids are the core of a table's id (those are left out, as ``add_named_id`` would).

Each value's folded form and words (``verify.targets.folded_words``) are indexed too, so
the spread pass asks whether a span's folded value is a structured value or word without
holding that set (``words_among``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from anonymizers.detect.known import CORE_LOOKUP, KnownValues
from anonymizers.verify.targets import folded_words

#: polars' string hash seed for the lookups' digests (any fixed value; keys and queries
#: are hashed by the same polars in one run).
_SEED = 0x6B6E6F77
#: Values per index file: what the writer holds at once, as Python lists of its rows (a
#: row per lookup and folded word, 4 or 5 a value). 200,000 values held +117 MB in the
#: flow process at 40,000 tickets of the large free-text export; 25,000 hold +44 MB,
#: whatever the export (a partition reads every file, a few more of them).
CHUNK = 25_000
#: Namespace of the folded words (``words_among``); lookups hold no NUL.
WORD_LOOKUP = "\x00w"
_SCHEMA = {"h": pl.UInt64, "seq": pl.UInt64, "entity": pl.String, "value": pl.String,
           "named": pl.Boolean, "core": pl.Boolean}  # fmt: skip


def sorted_distinct(files: Sequence[Path], batch: int = 4096) -> Iterator[str]:
    """The distinct values of value store files (each sorted, as the collect pass writes
    them), in sorted order: a merge that holds one batch of each file, never the
    bundle's values of an entity at once."""

    def read(path: Path) -> Iterator[str]:
        for b in pq.ParquetFile(path).iter_batches(batch_size=batch, columns=["value"]):
            yield from (v for v in b.column(0).to_pylist() if v is not None)

    last = None
    for value in heapq.merge(*(read(f) for f in files)):
        if value != last:
            yield value
            last = value


def chunks(values: Iterable[str], size: int = 65_536) -> Iterator[list[str]]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


#: Rows of an index a bucket of ``bucketed`` holds at most (about).
BUCKET_ROWS = 2_000_000


def bucketed(
    files: Sequence[Path], keep: pl.Expr, by: Sequence[str], *columns: pl.Expr | str
) -> Iterator[pl.DataFrame]:
    """The rows ``keep`` selects (their ``columns``, else all), a bucket at a time, read
    by polars' streaming engine: every row of one ``by`` value is in the same bucket, so
    a count or grouping per bucket adds up to the whole one, holding a bucket, never the
    bundle's rows at once."""
    if not files:
        return
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    n = max(1, rows // BUCKET_ROWS)
    for b in range(n):
        scan = pl.scan_parquet(list(files)).filter(keep)
        if n > 1:
            scan = scan.filter(pl.struct(*by).hash(_SEED) % n == b)
        if columns:
            scan = scan.select(*columns)
        yield scan.collect(engine="streaming")


def digests(lookups: Iterable[str]) -> pl.Series:
    return pl.Series("h", list(lookups), dtype=pl.String).hash(_SEED)


def digest_of(column: str) -> pl.Expr:
    """``digests`` of a column of lookups, as an expression."""
    return digest_expr(pl.col(column))


def digest_expr(expr: pl.Expr) -> pl.Expr:
    """``digests`` of what ``expr`` gives (strings, or a struct of digests)."""
    return expr.hash(_SEED)


def rows_under(folder: Path, lookups: set[str], schema: dict) -> pl.DataFrame:
    """The rows of an index folder filed under any of ``lookups`` (by their digests),
    streamed; an empty frame of ``schema`` when there is nothing to read."""
    files = sorted(folder.glob("*.parquet"))
    if not files or not lookups:
        return pl.DataFrame(schema=schema)
    wanted = digests(lookups).implode()
    return pl.scan_parquet(files).filter(pl.col("h").is_in(wanted)).collect(engine="streaming")


def batches_under(folder: Path, lookups: set[str]) -> Iterator[pl.DataFrame]:
    """``rows_under``, a file of the index at a time, every row of a ``seq`` in one
    batch (a value's rows may straddle two files: the last ``seq`` of a batch waits for
    the next), in ``seq`` order. A reader that keeps only what its texts hold of each
    batch holds one file's rows at a time: the rows under a common word (every e-mail at
    a domain, every phone with a group of digits) grow with the bundle, what a
    partition's texts hold of them does not."""
    files = sorted(folder.glob("*.parquet"))
    if not files or not lookups:
        return
    wanted = digests(lookups).implode()
    carry: pl.DataFrame | None = None
    for i, path in enumerate(files):
        rows = pl.scan_parquet(path).filter(pl.col("h").is_in(wanted)).collect(engine="streaming")
        if carry is not None:
            rows = pl.concat([carry, rows])
            carry = None
        if i < len(files) - 1 and rows.height:
            last = rows["seq"].max()
            carry = rows.filter(pl.col("seq") == last)
            rows = rows.filter(pl.col("seq") != last)
        if rows.height:
            yield rows


@dataclass(frozen=True)
class KnownIndex:
    """A ``KnownValues`` of a whole bundle, on disk (see the module docstring)."""

    folder: Path
    min_length: int
    #: the bundle's distinct id cores (of its tables' ids)
    counted: int
    #: values indexed
    size: int

    def _rows(self, lookups: Iterable[str]) -> pl.DataFrame:
        return rows_under(self.folder, set(lookups), _SCHEMA)

    def known_for(self, texts: Iterable[str]) -> KnownValues:
        """The values that ``texts`` can hold, as the whole bundle's ``KnownValues``
        would find them in these texts."""
        lookups: set[str] = set()
        for text in set(texts):  # each text once: a column of a few user agents, repeated
            lookups |= KnownValues.lookups(text)
        rows = self._rows(lookups)
        known = KnownValues.blank(self.min_length)
        for _seq, entity, value, named in (
            rows.unique("seq").sort("seq").select("seq", "entity", "value", "named").iter_rows()
        ):
            if named:
                known.add_named_id(value, checked=False)
            else:
                known.add(entity, value)
        known.reckon_ids(self.counted)
        return known

    def words_among(self, folded: Iterable[str]) -> set[str]:
        """Those of ``folded`` that are a folded structured value or one of its words."""
        asked = sorted(set(folded))
        if not asked:
            return set()
        hits = set(self._rows(WORD_LOOKUP + f for f in asked)["h"].to_list())
        keys = digests(WORD_LOOKUP + f for f in asked).to_list()
        return {f for f, h in zip(asked, keys, strict=True) if h in hits}


_COLUMNS = ("lookup", "seq", "entity", "value", "named", "core")


class _Rows:
    """Index rows being gathered for one file: a row per lookup of each value."""

    def __init__(self) -> None:
        self.cols: dict[str, list] = {k: [] for k in _COLUMNS}

    def add(self, seq: int, entity: str, value: str, found: set[str], named: bool) -> None:
        for lookup in sorted(found):
            self.cols["lookup"].append(lookup)
            self.cols["seq"].append(seq)
            self.cols["entity"].append(entity)
            self.cols["value"].append(value)
            self.cols["named"].append(named)
            self.cols["core"].append(lookup.startswith(CORE_LOOKUP))

    def write(self, path: Path) -> None:
        """The rows to ``path`` (none: no file), and a fresh start."""
        if self.cols["lookup"]:
            rows, self.cols = self.cols, {k: [] for k in _COLUMNS}
            frame = pl.DataFrame(
                {"h": digests(rows.pop("lookup")), **rows},
                schema_overrides={k: v for k, v in _SCHEMA.items() if k != "h"},
            )
            frame.write_parquet(path, compression="lz4", row_group_size=65_536)


def _lookups(scratch: KnownValues, entity: str, value: str, words: bool) -> set[str]:
    found = scratch.lookups_of(entity, value)
    if words:
        found |= {WORD_LOOKUP + w for w in folded_words({entity: {value}})}
    return found


def index_values(
    entity: str, values: Sequence[str], seq: int, min_length: int, path: Path, words: bool = True
) -> int:
    """One file of the index: ``values`` of ``entity`` (sorted), numbered from ``seq`` on;
    how many. Files of values apart, in order of their numbers, are one index: the
    workers write an export's in parallel (``index_pass.py``), then ``finish_index``."""
    scratch = KnownValues.blank(min_length)
    rows = _Rows()
    for i, value in enumerate(values):
        rows.add(seq + i, entity, value, _lookups(scratch, entity, value, words), False)
    rows.write(path)
    return len(values)


def write_known_index(
    values: Iterable[tuple[str, Iterator[str]]],
    named: Iterable[str],
    min_length: int,
    folder: Path,
    words: bool = True,
) -> KnownIndex:
    """Index ``values`` ((entity, its distinct values in sorted order), entities in
    sorted order) and the ``named`` ids (sorted), a chunk
    of ``CHUNK`` values at a time, in this process; with ``words``, each value's folded
    words too."""
    clear_index(folder)
    files = seq = 0
    for entity, vals in values:
        for chunk in chunks(vals, CHUNK):
            seq += index_values(entity, chunk, seq, min_length, folder / f"{files:06d}.parquet",
                                words)  # fmt: skip
            files += 1
    return finish_index(folder, named, min_length, seq, seq, folder / f"{files:06d}.parquet")


def clear_index(folder: Path, patterns: tuple[str, ...] = ("*.parquet",)) -> None:
    """An empty index folder (of files matching ``patterns``): a resumed run writes its
    index again, whole."""
    folder.mkdir(parents=True, exist_ok=True)
    for pattern in patterns:
        for stale in folder.glob(pattern):
            stale.unlink()


def finish_index(
    folder: Path, named: Iterable[str], min_length: int, seq: int, size: int, path: Path
) -> KnownIndex:
    """The index of ``size`` values whose files are written: the ``named`` ids added
    (numbered from ``seq`` on, to ``path``, past every value's file) and the bundle's id
    cores counted, the two facts that depend on the whole bundle."""
    scratch = KnownValues.blank(min_length)
    index = KnownIndex(folder, min_length, 0, size)
    written = sorted(folder.glob("*.parquet"))
    counted = sum(b["h"].n_unique() for b in bucketed(written, pl.col("core"), ["h"], "h"))
    # A named id is left out when its core is a table id's (or an earlier named id's):
    # ``add_named_id`` would skip it, whichever part of the bundle a text shows.
    named = sorted(set(named))
    core_of = {v: sorted(f for f in scratch.lookups_of("ID", v, named=True)
                         if f.startswith(CORE_LOOKUP)) for v in named}  # fmt: skip
    asked = sorted({c for cs in core_of.values() for c in cs})
    taken = set(index._rows(asked).filter("core")["h"].to_list()) if asked else set()
    taken_keys = {c for c, h in zip(asked, digests(asked).to_list(), strict=True) if h in taken}
    rows = _Rows()
    for value in named:
        if any(c in taken_keys for c in core_of[value]):
            continue
        taken_keys.update(core_of[value])
        rows.add(seq, "ID", value, scratch.lookups_of("ID", value, named=True), True)
        seq += 1
        size += 1
    rows.write(path)
    return KnownIndex(folder, min_length, counted, size)
