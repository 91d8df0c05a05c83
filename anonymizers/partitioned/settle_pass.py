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

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from anonymizers.partitioned.checkpoints import Checkpoints
from anonymizers.partitioned.draw_pass import SCRUB_ROUNDS, redraw_partition
from anonymizers.partitioned.in_order import redraw_in_order
from anonymizers.partitioned.passes import new_pseudonymizer
from anonymizers.partitioned.progress import progress
from anonymizers.partitioned.redraw import LeakyCheck, RoundDraws, TakenDigests
from anonymizers.partitioned.settle import Buckets, Redraw, settle
from anonymizers.partitioned.shared import OnDisk
from anonymizers.partitioned.text_checks import GlobalTargets
from anonymizers.policy import Policy

#: Settling losers re-drawn partition by partition from this many up; fewer are re-drawn
#: in one order so that the round leaves no loser (``in_order.py``; the tail of a dense
#: id space was many small rounds).
WORKER_REDRAW = 20_000

RunMany = Callable[[str, list[tuple]], Iterable[Any]]


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
            leaky = LeakyCheck(targets, policy, SCRUB_ROUNDS) if targets is not None else None
            shared = RoundDraws(TakenDigests(taken, key, entity), leaky)
            round_args = (entity, wanted, policy, key, registry, attempt, targets, taken)
            results = [redraw_partition(f, *round_args, shared) for f in asked]
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


def draw_and_settle(
    stores: list[dict[str, Path]],
    policy: Policy,
    key: bytes,
    registry: OnDisk,
    work: Path,
    run_many: RunMany,
    say: Callable[[str], None],
    targets: OnDisk | None = None,
    checkpoints: Checkpoints | None = None,
) -> None:
    """Attempt-0 fakes on the workers (a task per partition, ``draw_pass.draw_fakes``),
    then each entity settled on the workers (a task per entity, ``settle_entity``), the
    real-value digests kept on disk for the leak check."""
    store_files: dict[str, list[Path]] = defaultdict(list)
    for store in stores:
        for entity, path in store.items():
            store_files[entity].append(path)
    drawn: dict[str, list[tuple[Path, Path]]] = defaultdict(list)
    # A partition with no value to fake or check is no task (it would draw nothing).
    calls = [(store, policy, key, registry, targets) for store in stores if store]
    for result in progress("draw", run_many("draw", calls), len(calls), say):
        for entity, paths in result.items():
            drawn[entity].append(paths)
    # Settled before the run was interrupted: its files are all there.
    todo = [e for e in sorted(drawn) if not (checkpoints and checkpoints.marked(f"settled-{e}"))]
    # The longest first, so that the workers finish together: a date's settling walks
    # each re-drawn value past the taken days (dense birth dates: 10 s on one worker while
    # the other settled every other entity), then the largest.
    size = {e: sum(f.stat().st_size for f in store_files[e]) for e in todo}
    pz = new_pseudonymizer(key, policy)
    order = sorted(todo, key=lambda e: (not pz.skips_taken(e), -size[e], e))
    calls = [(e, drawn[e], store_files[e], policy, key, registry, work, targets) for e in order]
    settled = progress("settle", run_many("settle", calls), len(calls), say, "entities")
    for entity, moved in zip(order, settled, strict=True):
        if checkpoints is not None:
            checkpoints.mark(f"settled-{entity}")
        if policy.operator_for(entity) == "fake":
            say(f"  {entity}: {moved:,} fake(s) re-drawn to settle collisions")
