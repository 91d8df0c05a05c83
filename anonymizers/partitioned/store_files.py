"""A value store file's companions: the draw pass's fakes beside it, and each settling
round's re-draws, from which any process reads a value's settled attempt.

The apply pass reads them per partition (``settled_attempts``), so no worker holds the
whole entity's exceptions; a worker faking a value of another partition reads the moved
ones (``moved_values``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.partitioned.arrays import load_array
from anonymizers.partitioned.settle import (
    round_attempts,
)


def fake_file(store_file: Path) -> Path:
    return store_file.with_suffix(".fakes.parquet")


#: A partition's re-draw file of one settling round, next to its value store file.
_REDRAW = ".redraw-{}.npy"


def redraw_file(store_file: Path, attempt: int | str) -> Path:
    return store_file.with_suffix(_REDRAW.format(attempt))


def _redraw_files(store_file: Path) -> list[tuple[int, Path]]:
    """(attempt, file) of every round that re-drew values of this partition, in order."""
    found = store_file.parent.glob(redraw_file(store_file, "*").name)
    return sorted((int(f.suffixes[-2].removeprefix(".redraw-")), f) for f in found)


def settled_attempts(
    store_file: Path, digests: np.ndarray, before: int | None = None
) -> np.ndarray:
    """Each value's settled attempt (0 unless settling moved it), from this partition's
    own re-draw files: a value is re-drawn every round until its fake stands, so its
    attempt is the one the last round that re-drew it gave it. The apply pass then needs
    no copy of the whole entity's exceptions in every worker (10M values of a dense id
    column: 100 MB or more per process). ``before``: only the rounds before that one."""
    out = np.zeros(digests.size, dtype=np.int64)
    for attempt, path in _redraw_files(store_file):
        if before is not None and attempt >= before:
            break
        rows = load_array(path)
        at = round_attempts(rows, attempt)
        order = np.argsort(rows[0])
        keys = rows[0][order]
        pos = np.minimum(np.searchsorted(keys, digests), max(keys.size - 1, 0))
        hit = keys[pos] == digests if keys.size else np.zeros(digests.size, dtype=bool)
        out[hit] = at[order][pos[hit]]
    return out


def moved_values(store_files: Sequence[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(sorted digests, settled attempts) of every value settling moved, over the given
    store files: what a worker needs to fake a value held in another partition."""
    found: list[np.ndarray] = []
    rounds: list[np.ndarray] = []
    for path in store_files:
        for attempt, f in _redraw_files(path):
            rows = load_array(f)
            found.append(rows[0])
            rounds.append(round_attempts(rows, attempt))
    if not found:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    h, a = np.concatenate(found), np.concatenate(rounds)
    order = np.lexsort((a, h))  # by digest, then attempt: the last of a digest is its latest
    # (a value's attempts only grow from round to round)
    h, a = h[order], a[order]
    last = np.append(h[1:] != h[:-1], True)
    return h[last], a[last]


def _round_fakes_file(redraw: Path) -> Path:
    return redraw.with_suffix(".fakes.parquet")


def save_round_fakes(redraw: Path, values: pl.Series, fakes: Sequence[str]) -> None:
    """The fakes a round re-drawn partition by partition gave its values, beside its
    re-draw file ``redraw``: the apply pass takes a moved value's fake from its last round
    instead of drawing it again (``round_fakes``)."""
    frame = pl.DataFrame({"value": values, "fake": pl.Series(list(fakes), dtype=pl.String)})
    frame.write_parquet(_round_fakes_file(redraw), compression="lz4", statistics=False)


def round_fakes(store_file: Path, values: pl.Series, digests: np.ndarray) -> list[str | None]:
    """Each value's fake as its last settling round drew it, where that round saved its
    fakes (``save_round_fakes``); None where it did not (a round drawn in one order, whose
    fakes are its values' first spellings): that value is drawn again at its attempt."""
    last = np.full(digests.size, -1, dtype=np.int64)
    rounds = _redraw_files(store_file)
    for k, (_attempt, path) in enumerate(rounds):
        keys = np.sort(load_array(path)[0])
        pos = np.minimum(np.searchsorted(keys, digests), max(keys.size - 1, 0))
        hit = keys[pos] == digests if keys.size else np.zeros(digests.size, dtype=bool)
        last[hit] = k
    out: list[str | None] = [None] * digests.size
    for k, (_attempt, path) in enumerate(rounds):
        here = np.flatnonzero(last == k)
        saved = _round_fakes_file(path)
        if not here.size or not saved.exists():
            continue
        fakes = dict(pl.read_parquet(saved).iter_rows())
        for i, v in zip(here.tolist(), values.gather(here).to_list(), strict=True):
            out[i] = fakes.get(v)
    return out
