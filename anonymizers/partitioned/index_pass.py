"""The bundle's structured values indexed on the workers, a chunk at a time.

A bundle with free text searches its texts for every structured value (``known_index``:
the known values detection finds again) and checks its output texts for them
(``target_index``: the leak check's targets). Both indexes cost Python work per distinct
value (its lookups, its words' forms), which the parent did alone while the workers
waited: on a 1,000,000-row orders table with a user-agent column (2.3 million distinct
values), ~55 s of known index before the first detection and ~64 s of targets after.
Here the parent cuts each entity's sorted distinct values into chunks (a merge of the
value store's sorted files, one batch of each held) and the workers index a chunk each,
writing its part of both indexes; the parent then adds what depends on the whole bundle
(the named ids, the id count, the distinctive cores).

The indexes are those one process writes: a chunk's values are numbered from
``chunk * SEQ_STRIDE`` on, so numbers keep the order of addition, and each part's files
sort in that order (``target_index.TargetWriter``'s ``part``); the readers depend on
that order only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from anonymizers.detect.known import ID_LIKE, searched_alone
from anonymizers.partitioned.checkpoints import RunMany
from anonymizers.partitioned.known_index import (
    CHUNK,
    KnownIndex,
    chunks,
    clear_index,
    finish_index,
    index_values,
    sorted_distinct,
)
from anonymizers.partitioned.progress import progress
from anonymizers.partitioned.target_index import TargetWriter, clear_targets
from anonymizers.policy import Policy
from anonymizers.transform.consistency import KNOWN_ENTITIES

#: Numbers a chunk's values take at most: chunk k numbers its values from k * SEQ_STRIDE.
SEQ_STRIDE = 1 << 32
#: The two indexes' folders, under the run's text folder.
KNOWN_INDEX = "known-index"
TARGET_INDEX = "target-index"


@dataclass(frozen=True)
class ValueChunk:
    """Chunk ``k`` of ``entity``'s distinct values (sorted, each ``searched_alone``), on
    disk; ``of``: how many chunks the bundle has; ``values``: how many it holds."""

    k: int
    of: int
    entity: str
    file: Path
    values: int


@dataclass
class ValueChunks:
    """The bundle's chunks, and the values of ``KNOWN_ENTITIES`` (the retyping reads
    them in the parent)."""

    chunks: list[ValueChunk]
    structured: dict[str, set[str]]


def value_chunks(
    store_files: dict[str, list[Path]], folder: Path, size: int = CHUNK
) -> ValueChunks:
    """Each entity's distinct values (entities in sorted order) in chunks of ``size``,
    written under ``folder``."""
    clear_index(folder)
    cut: list[tuple[str, Path, int]] = []
    structured: dict[str, set[str]] = {}
    for entity in sorted(store_files):
        if entity in KNOWN_ENTITIES:
            structured[entity] = set()
        values = (v for v in sorted_distinct(store_files[entity]) if searched_alone(entity, v))
        for chunk in chunks(values, size):
            path = folder / f"{len(cut):06d}.parquet"
            pl.DataFrame({"value": chunk}, schema={"value": pl.String}).write_parquet(path)
            cut.append((entity, path, len(chunk)))
            if entity in KNOWN_ENTITIES:
                structured[entity].update(chunk)
    n = len(cut)
    return ValueChunks([ValueChunk(k, n, *c) for k, c in enumerate(cut)], structured)


def start_indexes(text_dir: Path) -> None:
    """Both index folders, empty (a resumed run writes them again, whole)."""
    clear_index(text_dir / KNOWN_INDEX)
    clear_targets(text_dir / TARGET_INDEX)


def index_tasks(cut: ValueChunks, size: int = CHUNK) -> list[list[ValueChunk]]:
    """The chunks a task each, except that consecutive small ones (an entity of a few
    values) share a task up to ``size`` values: a task's bookkeeping costs its worker
    ~0.2 s, and the mixed bench's export has a dozen entities of a few hundred values."""
    tasks: list[list[ValueChunk]] = []
    held = 0
    for chunk in cut.chunks:
        if not tasks or held + chunk.values > size:
            tasks.append([])
            held = 0
        tasks[-1].append(chunk)
        held += chunk.values
    return tasks


def index_chunks(chunks: Sequence[ValueChunk], policy: Policy, text_dir: Path) -> None:
    """A worker's part: each chunk's rows of the known index and of the targets (the
    values, then, for an id, its core)."""
    for chunk in chunks:
        _index_chunk(chunk, policy, text_dir)


def _index_chunk(chunk: ValueChunk, policy: Policy, text_dir: Path) -> None:
    values = pl.read_parquet(chunk.file)["value"]
    k, n = chunk.k, chunk.of
    known = text_dir / KNOWN_INDEX / f"{k:06d}.parquet"
    index_values(chunk.entity, values.to_list(), k * SEQ_STRIDE,
                 policy.detection.min_known_length, known)  # fmt: skip
    # The targets are the values with a letter or digit.
    searched = values.filter(values.str.contains(r"[^\W_]")).to_list()
    min_length = policy.verification.min_leak_length
    writer = TargetWriter(text_dir / TARGET_INDEX, min_length, part=f"{k:06d}-", seq=k * SEQ_STRIDE)
    writer.add("structured", chunk.entity, searched)
    writer.flush()
    if chunk.entity in ID_LIKE:  # the ids come after every value (``add_ids``)
        ids = TargetWriter(text_dir / TARGET_INDEX, min_length, part=f"{n + k:06d}-",
                           seq=(n + k) * SEQ_STRIDE)  # fmt: skip
        ids.add_ids((v, chunk.entity) for v in searched)
        ids.flush()


def finish_indexes(
    cut: ValueChunks, named: set[str], policy: Policy, text_dir: Path
) -> tuple[KnownIndex, TargetWriter]:
    """Once every chunk is indexed: the known index with the named ids, and the writer
    that adds the rest of the targets (detected values, distinctive cores) after the
    workers' parts."""
    n = len(cut.chunks)
    folder, size = text_dir / KNOWN_INDEX, sum(c.values for c in cut.chunks)
    index = finish_index(folder, named, policy.detection.min_known_length, n * SEQ_STRIDE,
                         size, folder / f"{n:06d}.parquet")  # fmt: skip
    writer = TargetWriter(text_dir / TARGET_INDEX, policy.verification.min_leak_length,
                          part=f"{2 * n:06d}-", seq=2 * n * SEQ_STRIDE)  # fmt: skip
    return index, writer


def index_bundle(
    store_files: dict[str, list[Path]],
    named: set[str],
    policy: Policy,
    text_dir: Path,
    run_many: RunMany,
    say: Callable[[str], None],
) -> tuple[KnownIndex, TargetWriter, dict[str, set[str]]]:
    """Both indexes of the bundle's structured values (``store_files``: the value store's
    files per entity) and ``named`` ids, the chunks indexed by ``run_many``'s workers:
    the known index, the writer of the rest of the targets, and the values of
    ``KNOWN_ENTITIES``."""
    cut = value_chunks(store_files, text_dir / "value-chunks")
    start_indexes(text_dir)
    calls = [(task, policy, text_dir) for task in index_tasks(cut)]
    if calls:
        for _ in progress("index", run_many("index", calls), len(calls), say):
            pass
    index, writer = finish_indexes(cut, named, policy, text_dir)
    return index, writer, cut.structured
