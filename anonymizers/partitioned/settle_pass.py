"""Settling as a pass: one task per entity, on the workers.

Each entity settles on its own (its own buckets, values and re-draw files), so the
entities of a bundle settle side by side, a worker each, instead of one after another in
the flow process while the workers wait (on a million employees, ~11 s of bucket merges
and in-order rounds there, beside ~10 CPU s of re-draw rounds on the workers). A task
runs its entity's rounds in its own process: a round of many losers partition by
partition (``draw_pass.redraw_partition``), a small one in one order (``in_order.py``).
Which process runs them changes nothing: the same rounds in the same order, the same
files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from anonymizers.partitioned.draw_pass import redraw_partition
from anonymizers.partitioned.in_order import redraw_in_order
from anonymizers.partitioned.settle import Buckets, Redraw, settle
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.policy import Policy

#: Settling losers re-drawn partition by partition from this many up; fewer are re-drawn
#: in one order so that the round leaves no loser (``in_order.py``; the tail of a dense
#: id space was many small rounds).
WORKER_REDRAW = 20_000


def settle_entity(
    entity: str,
    drawn: Sequence[tuple[Path, Path]],
    holders: Sequence[Path],
    policy: Policy,
    key: bytes,
    registry: tuple,
    work: Path,
    targets: GlobalTargets | None,
) -> int:
    """Settle one entity (``settle.settle``) from the draw pass's files of its partitions
    (``drawn``; ``holders``: their value store files); returns how many values it moved.
    Every partition's re-draw files stay for the apply pass."""
    redraw = _redraw_rounds(entity, holders, policy, key, registry, work, targets)
    return len(settle(drawn, redraw, Buckets(work / "real" / entity)))


def _redraw_rounds(
    entity: str,
    holders: Sequence[Path],
    policy: Policy,
    key: bytes,
    registry: tuple,
    work: Path,
    targets: GlobalTargets | None,
) -> Redraw:
    """``settle``'s re-draw of a round's losers. Each round's losers are some of the last
    round's, so only the partitions that held one last round are asked again: the long
    tail of a dense id space is dozens of rounds over a handful of partitions."""
    asked = list(holders)
    taken = work / "real" / entity  # the ``Buckets`` that ``settle`` fills
    losers_dir = work / "losers"
    losers_dir.mkdir(exist_ok=True)

    def redraw(pending: np.ndarray, attempt: int) -> list[Path]:
        nonlocal asked
        if pending.size >= WORKER_REDRAW:
            wanted = losers_dir / f"{entity}-{attempt}.npy"
            np.save(wanted, pending)
            results = [
                redraw_partition(f, entity, wanted, policy, key, registry, attempt, targets, taken)
                for f in asked
            ]
            wanted.unlink()
        else:  # in one order: the round leaves no loser (``in_order.py``)
            results = redraw_in_order(asked, entity, pending, policy, key, registry, attempt,
                                      targets, taken)  # fmt: skip
        files, still = [], []
        for f, path in zip(asked, results, strict=True):
            if path is not None:
                files.append(path)  # kept: the apply pass reads it
                still.append(f)
        asked = still
        return files

    return redraw
