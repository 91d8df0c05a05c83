"""Settling one entity's fakes across partitions, bucket by bucket, in bounded memory.

Every fake and every real value is known by a keyed 64-bit digest (``stream.digest64``).
A fake that collides with another fake or with a real value has the *same* digest, so
it falls in the same bucket (the digest's top bits): each bucket can be settled alone,
and the parent holds one run of buckets at a time (``GROUP_ROWS`` rows or so). Per
partition the workers write their (value digest, fake digest) pairs sorted by fake
digest and their real-value digests sorted, so a run of buckets is a slice of each file,
read through a memory map.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from anonymizers.errors import PolicyError
from anonymizers.partitioned.arrays import load_array

#: 64 buckets: 5 GB of exports is ~35M values per entity, ~0.5M (8 MB) per bucket.
BUCKET_SHIFT = np.uint64(58)
BUCKETS = 64
#: Re-draw rounds before a run gives up (each round re-draws only the losers).
MAX_ROUNDS = 1024

#: ``redraw(losers, round)`` → files of (value digest, fake digest[, attempt]) rows, each
#: sorted by fake digest (``save_redraw``).
Redraw = Callable[[np.ndarray, int], list[Path]]


def save_drawn(dest: Path, h: np.ndarray, fh: np.ndarray | None) -> tuple[Path, Path]:
    """One partition's pairs sorted by fake digest, and its real digests sorted.
    ``fh`` None: an entity that is not faked has real digests only (for the leak check)."""
    pairs, real = dest.with_suffix(".pairs.npy"), dest.with_suffix(".real.npy")
    if fh is None:
        np.save(pairs, np.empty((2, 0), dtype=np.uint64))
    else:
        save_redraw(pairs, h, fh)
    np.save(real, distinct(h))
    return pairs, real


def save_redraw(
    dest: Path, h: np.ndarray, fh: np.ndarray, attempts: np.ndarray | None = None
) -> Path:
    """One partition's (value digest, fake digest) rows, sorted by fake digest so that
    ``settle`` reads them bucket by bucket: attempt 0's (``save_drawn``) and a round's.
    ``attempts``: the attempt each re-drawn fake was drawn at, as a third row, where a
    round's re-draw skips attempts (``partitioned/redraw.py``); else the round's number is
    every value's attempt."""
    order = np.argsort(fh, kind="stable")
    rows = [h[order], fh[order]]
    if attempts is not None:
        rows.append(attempts.astype(np.uint64)[order])
    np.save(dest, np.stack(rows))
    return dest


def round_attempts(rows: np.ndarray, round_number: int) -> np.ndarray:
    """The attempt of each row of a round's re-draw file (``save_redraw``): its third
    row, else the round's number."""
    if rows.shape[0] > 2:
        return rows[2].astype(np.int64)
    return np.full(rows.shape[1], round_number, dtype=np.int64)


def _bounds(b: int) -> tuple[np.uint64, np.uint64 | None]:
    lo = np.uint64(b) << BUCKET_SHIFT
    return lo, (np.uint64(b + 1) << BUCKET_SHIFT if b + 1 < BUCKETS else None)


#: Digests one step of settling (or of a leak check) reads at most, about: buckets are
#: taken together up to this, counting every file the step reads and the real and placed
#: digests it loads (8 bytes each: ~32 MB a step, a few times that while it sorts). One
#: bucket at a time read every partition file 64 times a phase: a dense id's settling
#: rounds made 459k memory-map opens, 127 of its 157 s.
GROUP_ROWS = 4_000_000

#: A run of neighbouring buckets: still one slice of each sorted file.
Group = range


def groups(files: Sequence[Path], held: int = 0) -> list[Group]:
    """The buckets in as few runs as keep each run under ``GROUP_ROWS`` digests of
    ``files`` plus ``held`` (the digests kept per bucket that a step loads beside them);
    digests are keyed hashes, spread evenly over the buckets."""
    rows = sum(saved_rows(f) for f in files) + held
    n = min(BUCKETS, max(1, -(-rows // GROUP_ROWS)))
    edges = [round(i * BUCKETS / n) for i in range(n + 1)]
    return [range(a, b) for a, b in itertools.pairwise(edges)]


def saved_rows(path: Path) -> int:
    """How many digests a saved array holds (its last axis), from its header alone."""
    return int(load_array(path, mmap_mode="r").shape[-1])


def bucket_slice(sorted_digests: np.ndarray, group: Group) -> slice:
    """Where a run of buckets sits in a sorted digest array (memory-mapped or not)."""
    lo, _ = _bounds(group.start)
    _, hi = _bounds(group.stop - 1)
    start = int(np.searchsorted(sorted_digests, lo))
    end = len(sorted_digests) if hi is None else int(np.searchsorted(sorted_digests, hi))
    return slice(start, end)


def read_buckets(path: Path, group: Group, row: int | None = None) -> np.ndarray:
    """A run of buckets of a saved sorted digest array (of row ``row`` of a 2-D one, all
    rows returned), copied out of a memory map that is closed again: mapped pages that
    stay mapped count as the process's memory, and hundreds of partition files add up."""
    mapped = load_array(path, mmap_mode="r")
    keys = mapped if row is None else mapped[row]
    where = bucket_slice(keys, group)
    out = np.array(mapped[where] if row is None else mapped[:, where])
    del keys, mapped
    return out


def present(sorted_digests: np.ndarray, group: Group) -> list[int]:
    """The buckets of ``group`` that ``sorted_digests`` has digests in: a round's tail of
    a few losers touches a few buckets, and only those are loaded and rewritten."""
    return [b for b in group if _span(bucket_slice(sorted_digests, range(b, b + 1)))]


def _span(where: slice) -> int:
    return where.stop - where.start


def distinct(*arrays: np.ndarray) -> np.ndarray:
    """The sorted distinct digests of ``arrays``, by an in-place sort of one copy.

    Not numpy's ``unique``, which may go through a hash table several times the size of
    its input: settling calls this on tens of millions of digests at once, where memory
    is the bound. Sorting one copy in place and masking equal neighbours needs no more
    than that copy."""
    out = np.concatenate(arrays) if len(arrays) > 1 else np.array(arrays[0] if arrays else _empty())
    out.sort()
    if out.size < 2:
        return out
    keep = np.empty(out.size, dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def member(known: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` found in the sorted ``known``: a binary search per value, which for the
    many small slices of a leak check is far cheaper than ``np.isin``'s sort per call."""
    if not known.size or not values.size:
        return np.zeros(values.size, dtype=bool)
    pos = np.minimum(np.searchsorted(known, values), known.size - 1)
    return known[pos] == values


def _distinct_pairs(
    h: np.ndarray, fh: np.ndarray, a: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (value, fake) row once, sorted by fake digest, with its attempt: a value
    stored in many partitions comes back from each. Pairs, not values: should two
    spellings of one value ever draw different fakes, both are settled, whichever
    partition came first."""
    order = np.lexsort((h, fh))  # by fake digest first: buckets become slices
    h, fh, a = h[order], fh[order], a[order]
    del order
    keep = np.ones(h.size, dtype=bool)
    keep[1:] = (h[1:] != h[:-1]) | (fh[1:] != fh[:-1])
    return h[keep], fh[keep], a[keep]


def _group_pairs(files: Sequence[Path], group: Group) -> tuple[np.ndarray, np.ndarray]:
    """A run of buckets of (value, fake) files sorted by fake digest, side by side."""
    h, fh, _ = _group_rows(files, group, 0)
    return h, fh


def _group_rows(
    files: Sequence[Path], group: Group, round_number: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_group_pairs`` with each row's attempt (``round_attempts``)."""
    chunks = [read_buckets(f, group, row=1) for f in files]
    if not chunks:
        return _empty(), _empty(), np.empty(0, dtype=np.int64)
    attempts = np.concatenate([round_attempts(c, round_number) for c in chunks])
    both = np.concatenate([c[:2] for c in chunks], axis=1)
    return both[0], both[1], attempts


def _round_pairs(
    files: Sequence[Path], group: Group, round_number: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A run of buckets of one round's re-draw files, each (value, fake) row once, with
    the attempt it was drawn at."""
    return _distinct_pairs(*_group_rows(files, group, round_number))


def _empty() -> np.ndarray:
    return np.empty(0, dtype=np.uint64)


def losers(h: np.ndarray, fh: np.ndarray, *taken: np.ndarray) -> np.ndarray:
    """Value digests whose fake is taken (a real value, or a fake placed earlier: each
    ``taken`` array sorted) or shared with a smaller value digest in this round."""
    if not h.size:
        return _empty()
    order = np.lexsort((h, fh))
    h, fh = h[order], fh[order]
    lose = np.zeros(h.size, dtype=bool)
    for known in taken:
        lose |= member(known, fh)
    same_fake = np.concatenate(([False], fh[1:] == fh[:-1]))
    other_value = np.concatenate(([False], h[1:] != h[:-1]))
    # A shared fake stays with the first (smallest) value digest of its run...
    lose |= same_fake & other_value
    # ...unless that value itself lost (then every holder of the fake loses).
    first = ~same_fake
    run_id = np.cumsum(first) - 1
    run_lost = np.zeros(int(first.sum()), dtype=bool)
    np.logical_or.at(run_lost, run_id, lose & first)
    lose |= run_lost[run_id]
    return distinct(h[lose])


class Buckets:
    """An entity's settled state on disk: real digests and placed fakes per bucket."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder

    def _path(self, kind: str, b: int) -> Path:
        return self.folder / f"{kind}-{b:02d}.npy"

    def load(self, kind: str, which: Sequence[int]) -> np.ndarray:
        """The sorted digests of these buckets (in bucket order: sorted as a whole)."""
        parts = [load_array(p) for b in which if (p := self._path(kind, b)).exists()]
        return np.concatenate(parts) if parts else _empty()

    def save(self, kind: str, which: Sequence[int], digests: np.ndarray) -> None:
        """Sorted ``digests``, all in these buckets, as one file per bucket."""
        for b in which:
            np.save(self._path(kind, b), digests[bucket_slice(digests, range(b, b + 1))])

    def real(self, which: Sequence[int]) -> np.ndarray:
        return self.load("real", which)

    def held(self, *kinds: str) -> int:
        """Digests kept on disk of these kinds, all buckets (from the file headers)."""
        return sum(saved_rows(p) for kind in kinds for p in self.folder.glob(f"{kind}-*.npy"))


@dataclass(frozen=True)
class Exceptions:
    """The values whose attempt-0 fake could not stand, with the attempt that settled
    each: sorted digests and small attempt numbers, 10 bytes a value. A Python dict held
    ~100 bytes a value, and a dense id column can send millions of values here."""

    keys: np.ndarray = field(default_factory=_empty)
    attempts: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint16))

    def __len__(self) -> int:
        return int(self.keys.size)

    def attempts_for(self, digests: np.ndarray) -> np.ndarray:
        """Each digest's attempt: 0 unless settling moved it."""
        if not self.keys.size:
            return np.zeros(digests.size, dtype=np.int64)
        pos = np.clip(np.searchsorted(self.keys, digests), 0, self.keys.size - 1)
        return np.where(self.keys[pos] == digests, self.attempts[pos], 0).astype(np.int64)


def settle(drawn: Sequence[tuple[Path, Path]], redraw: Redraw, buckets: Buckets) -> Exceptions:
    """The values whose attempt-0 fake cannot stand, and the attempt that settled each.

    ``drawn``: per partition, the files ``save_drawn`` wrote. ``redraw(losers, attempt)``
    gives files (``save_redraw``) of (value digest, fake digest) rows of the losers'
    variants at that attempt (a value may come more than once: it is the same row).
    Newcomers lose against every fake already placed, so the result depends on the data
    only, not on partitioning or the order partitions finished in."""

    pair_files = [p for p, _ in drawn]
    # Real files too: an entity that is not faked has empty pair files and all its digests
    # in them (one step over all buckets would hold the whole entity at once).
    steps = groups([*pair_files, *(r for _, r in drawn)])

    lost = []
    for g in steps:
        real = distinct(*[read_buckets(r, g) for _, r in drawn])
        buckets.save("real", g, real)
        lost.append(losers(*_group_pairs(pair_files, g), real))
        del real
    pending = distinct(*lost)
    del lost
    for g in steps:
        h, fh = _group_pairs(pair_files, g)
        buckets.save("placed", g, distinct(fh[~member(pending, h)]))
        del h, fh
    settled_keys: list[np.ndarray] = []
    settled_attempts: list[np.ndarray] = []
    attempt = 0
    while pending.size:
        attempt += 1
        if attempt > MAX_ROUNDS:
            raise PolicyError(
                f"could not settle {pending.size} fakes in {MAX_ROUNDS} rounds; the fake space "
                "of this entity is too small for its values"
            )
        # Each partition's re-draws come sorted by fake digest, so a round, like round 0,
        # reads a run of buckets at a time: a dense id column re-draws millions of values
        # in its first rounds, and sorting them all at once cost the flow ~800 MB. Its
        # last rounds re-draw a handful: one step, touching only the buckets they fall in.
        files = redraw(pending, attempt)
        # A round's few losers still fall in every bucket: a step loads its buckets' real
        # and placed digests whole, so they count towards its size.
        steps = groups(files, held=buckets.held("real", "placed"))
        again = []
        for g in steps:
            nh, nfh, _ = _round_pairs(files, g, attempt)
            if nh.size:
                touched = present(nfh, g)
                taken = buckets.real(touched), buckets.load("placed", touched)
                again.append(losers(nh, nfh, *taken))
        pending = distinct(*again)
        del again
        for g in steps:
            nh, nfh, na = _round_pairs(files, g, attempt)
            if not nh.size:
                continue
            won = ~member(pending, nh)
            settled_keys.append(nh[won])
            settled_attempts.append(na[won].astype(np.uint16))
            new = nfh[won]  # sorted, and distinct: a shared fake has one winner
            if new.size:
                touched = present(new, g)
                placed = buckets.load("placed", touched)
                merged = np.insert(placed, np.searchsorted(placed, new), new)
                buckets.save("placed", touched, merged)
    if not settled_keys:
        return Exceptions()
    keys, attempts = np.concatenate(settled_keys), np.concatenate(settled_attempts)
    settled_keys.clear()  # a dense id: 13M keys, let the parts go before sorting
    settled_attempts.clear()
    order = np.argsort(keys)
    return Exceptions(keys[order], attempts[order])
