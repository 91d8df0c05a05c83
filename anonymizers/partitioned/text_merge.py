"""The merges between the text passes, on disk: the guesses of every partition, how many
texts tagged and hold each, and which texts hold each page address.

Each of these has a row per distinct guess or page address of the bundle, and a big
export of tickets has a new customer's name (a guess) and often a new profile link in
every ticket. Held in the flow process as Python sets and counters, they grew with the
export. Here a partition writes its rows as Parquet and the flow process asks polars for
the merged answers (the same ones ``propagate.Guesses`` and ``shared_urls.shared_of``
give in memory): the guesses sorted per entity, streamed into their index
(``known_index``); the shared pages of each column (a handful); the guesses NER did not
agree on, written to a file a partition reads back for its own candidates only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from anonymizers.detect.shared_urls import MIN_TEXTS, shared_of
from anonymizers.transform.propagate import SPREAD_SHARE, Guesses

_VALUES = {"entity": pl.String, "value": pl.String}
_COUNTS = {"key": pl.String, "n": pl.Int64}
_URLS = {"table": pl.String, "column": pl.String, "key": pl.String, "digest": pl.Binary}


def write_guesses(
    folder: Path, table: str, found: Guesses, urls: dict[str, dict[str, set[bytes]]]
) -> Path:
    """One partition's guesses, tagged counts, listed guesses and page addresses."""
    folder.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(
        [(e, v) for e, vs in sorted(found.values.items()) for v in sorted(vs)],
        schema=_VALUES, orient="row",
    ).write_parquet(folder / "values.parquet")  # fmt: skip
    write_counts(folder / "tagged.parquet", found.tagged)
    pl.DataFrame({"key": sorted(found.listed)}, schema={"key": pl.String}).write_parquet(
        folder / "listed.parquet"
    )
    pl.DataFrame(
        [(table, c, k, d) for c, held in urls.items() for k, ds in held.items() for d in ds],
        schema=_URLS, orient="row",
    ).write_parquet(folder / "urls.parquet")  # fmt: skip
    return folder


def write_counts(path: Path, counts: Counter[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(list(counts.items()), schema=_COUNTS, orient="row").write_parquet(path)
    return path


def _scan(folders: Sequence[Path], name: str, schema: dict) -> pl.LazyFrame:
    files = [f / name for f in folders]
    if not files:
        return pl.LazyFrame(schema=schema)
    return pl.scan_parquet(files)


def merged_values(folders: Sequence[Path]) -> Iterator[tuple[str, Iterator[str]]]:
    """(entity, its distinct guesses in sorted order), entities in sorted order: as
    ``Guesses.known`` adds them."""
    values = _scan(folders, "values.parquet", _VALUES).unique().collect()
    for entity in sorted(values["entity"].unique().to_list()):
        vals = values.filter(pl.col("entity") == entity)["value"].sort()
        yield entity, iter(vals.to_list())


def shared_pages(folders: Sequence[Path]) -> dict[tuple[str, str], frozenset[str]]:
    """(table, column) → its shared pages (``shared_urls.shared_of`` over the union of
    every partition's texts holding each address): only the addresses held by enough
    texts are taken out of polars."""
    counted = (
        _scan(folders, "urls.parquet", _URLS)
        .group_by("table", "column", "key")
        .agg(pl.col("digest").unique())
        .filter(pl.col("digest").list.len() >= MIN_TEXTS)
        .collect()
    )
    held: dict[tuple[str, str], dict[str, set[bytes]]] = {}
    for table, column, key, digests in counted.iter_rows():
        held.setdefault((table, column), {})[key] = set(digests)
    shared = {place: shared_of(h) for place, h in sorted(held.items())}
    return {p: s for p, s in shared.items() if s}


@dataclass(frozen=True)
class Rejected:
    """The folded guesses NER tagged in too few of the texts that hold them, on disk."""

    path: Path

    def among(self, keys: set[str]) -> set[str]:
        if not keys:
            return set()
        frame = pl.scan_parquet(self.path).filter(pl.col("key").is_in(sorted(keys))).collect()
        return set(frame["key"].to_list())


@dataclass(frozen=True)
class MergedGuesses:
    """The partitions' guesses, merged on disk (``rejected`` once the spread pass counted
    the texts holding each)."""

    folders: tuple[Path, ...]
    work: Path

    def rejected(self, held_files: Sequence[Path]) -> Rejected:
        """As ``Guesses.rejected``: a tagged guess not listed and tagged in less than
        ``SPREAD_SHARE`` of the texts that hold it (at least one)."""
        tagged = (
            _scan(self.folders, "tagged.parquet", _COUNTS)
            .group_by("key")
            .agg(pl.col("n").sum().alias("tagged"))
        )
        listed = _scan(self.folders, "listed.parquet", {"key": pl.String}).unique()
        files = list(held_files)
        held = (
            pl.scan_parquet(files) if files else pl.LazyFrame(schema=_COUNTS)
        ).group_by("key").agg(pl.col("n").sum().alias("held"))  # fmt: skip
        out = (
            tagged.join(listed, on="key", how="anti")
            .join(held, on="key", how="left")
            .filter(
                pl.col("tagged")
                < pl.lit(SPREAD_SHARE) * pl.max_horizontal(pl.col("held").fill_null(0), 1)
            )
            .select("key")
            .collect()
        )
        path = self.work / "rejected.parquet"
        out.write_parquet(path)
        return Rejected(path)
