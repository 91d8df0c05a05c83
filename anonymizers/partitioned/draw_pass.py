"""The draw pass and settling's re-draws, per value store file, on the workers.

``draw_fakes`` fakes each partition's distinct values at attempt 0 and saves the digests
of values and fakes for settling (``settle.py``); ``redraw_partition`` re-draws a
round's losers. With free text, a fake holding a real value of the bundle as a whole
word counts as equal to a real value, so settling re-draws it (``SCRUB_ROUNDS``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.partitioned.arrays import load_array
from anonymizers.partitioned.digests import digest64
from anonymizers.partitioned.fake_memo import Drawn, FakeMemo
from anonymizers.partitioned.passes import ready_pseudonymizer
from anonymizers.partitioned.redraw import (
    LeakyCheck,
    RoundDraws,
    TakenDigests,
    redraw_past_taken,
)
from anonymizers.partitioned.settle import (
    member,
    save_drawn,
    save_redraw,
)
from anonymizers.partitioned.store_files import (
    fake_file,
    redraw_file,
    save_round_fakes,
    settled_attempts,
)
from anonymizers.partitioned.text_checks import (
    GlobalTargets,
    leaky_fakes,
)
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import (
    normalise_many,
)
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer


def draw_fakes(
    store: dict[str, Path],
    policy: Policy,
    key: bytes,
    registry: tuple,
    targets: GlobalTargets | None = None,
) -> dict[str, tuple[Path, Path]]:
    """Pass 2 on one partition's store files: per entity, (value digest, attempt-0 fake
    digest) pairs and the real-value digests, saved for bucket-wise settling (entities
    not faked get their real digests only: the leak check needs them)."""
    out: dict[str, tuple[Path, Path]] = {}
    pz = ready_pseudonymizer(key, policy, registry)
    for entity, path in sorted(store.items()):
        frame = pl.read_parquet(path)
        if policy.operator_for(entity) == "fake":
            # The run: its value store, and its key (as a digest: a long-lived worker
            # keeps no key after the run).
            run = (str(path.parent.parent), hashlib.sha256(key).digest())
            kept = None if pz.ordered(entity) else run
            h, fh, fakes = _draw(frame, entity, pz, key, 0, targets, policy, kept)
            # Kept for the apply pass: only re-drawn values are faked a second time.
            frame.with_columns(pl.Series("fake", fakes, dtype=pl.String)).write_parquet(
                fake_file(path), compression="lz4", statistics=False
            )
        else:
            h, fh = frame["h"].to_numpy().astype(np.uint64), None
        out[entity] = save_drawn(path, h, fh)
    return out


def _fake_digests(
    frame: pl.DataFrame,
    entity: str,
    policy: Policy,
    key: bytes,
    registry: tuple,
    attempt: int,
    targets: GlobalTargets | None,
) -> tuple[np.ndarray, np.ndarray]:
    pz = ready_pseudonymizer(key, policy, registry)
    h, fh, _ = _draw(frame, entity, pz, key, attempt, targets, policy)
    return h, fh


#: This process's fakes of recurring values (``fake_memo.py``).
_memo = FakeMemo()

#: Attempts after which a fake holding a real word is kept (``scrub_fakes``'s rounds).
SCRUB_ROUNDS = 32


def _draw(
    frame: pl.DataFrame,
    entity: str,
    pz: Pseudonymizer,
    key: bytes,
    attempt: int,
    targets: GlobalTargets | None = None,
    policy: Policy | None = None,
    kept: Hashable = None,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(value digests, fake digests, fakes) of a store frame at one attempt. With
    ``targets`` (a run with free text), a fake a text takes (``GlobalTargets.in_text``)
    holding a real value as a whole word gets its own value's digest as fake digest: a
    fake equal to a real value, which settling re-draws, up to ``SCRUB_ROUNDS`` attempts.
    ``kept``: the run, whose fakes this worker keeps for the next partitions
    (``fake_memo.py``; only for a generator whose fakes depend on nothing drawn before)."""
    values = frame["value"].to_list()

    def drawn(rows: list[int]) -> list[Drawn]:
        these = [values[i] for i in rows]
        norms = normalise_many(entity, pl.Series(these, dtype=pl.String)).to_list()
        fakes, fnorms = pz.fake_many(entity, these, norms, [attempt] * len(these))
        return list(zip(fakes, fnorms, digest64(key, entity, fnorms).tolist(), strict=True))

    if kept is None:
        made = drawn(list(range(len(values))))
    else:
        made = _memo.draw(kept, entity, values, drawn)
    fakes = [d[0] for d in made]
    fh = np.fromiter((d[2] for d in made), dtype=np.uint64, count=len(made))
    h = frame["h"].to_numpy().astype(np.uint64)
    if targets is not None and policy is not None and attempt < SCRUB_ROUNDS:
        # Only a fake some text takes can read as a leak there: a million customers'
        # fakes, of whom a few thousand are named in tickets, are not all tested (an
        # orders table with a user-agent column: 2.3 million fakes, two thirds of the
        # draw pass, none of them in a text).
        rows = np.flatnonzero(targets.in_text(entity, h))
        if rows.size:
            leaky = rows[leaky_fakes(targets, policy, [fakes[i] for i in rows])]
            fh[leaky] = h[leaky]
    return h, fh, fakes


def redraw_partition(
    store_file: Path,
    entity: str,
    losers_file: Path,
    policy: Policy,
    key: bytes,
    registry: tuple,
    attempt: int,
    targets: GlobalTargets | None = None,
    taken: Path | None = None,
    shared: RoundDraws | None = None,
) -> Path | None:
    """The settling losers among this partition's values, re-drawn in round ``attempt``:
    the same per-value work as the draw pass, so it runs on the workers too. A dense id
    column (33M ``CUS-########`` ids in a space of 10^8) sends millions of values here in
    the first round; the parent only ever sees their digests. The file stays: the apply
    pass reads each value's final attempt from it (``settled_attempts``). ``taken``: the
    entity's settling buckets; each loser then draws on past the fakes already taken
    (``partitioned/redraw.py``), else it draws at the round's number. ``shared``: the
    round's taken digests, leak test and draws so far (``redraw.RoundDraws``), the draws
    taken for a generator whose fakes depend on nothing drawn before."""
    h = pl.read_parquet(store_file, columns=["h"])["h"].to_numpy().astype(np.uint64)
    known = load_array(losers_file, mmap_mode="r")
    hit = member(known, h)
    del known
    if not hit.any():
        return None
    frame = pl.read_parquet(store_file).filter(pl.Series(hit))
    if taken is None:
        nh, nfh = _fake_digests(frame, entity, policy, key, registry, attempt, targets)
        return save_redraw(redraw_file(store_file, attempt), nh, nfh)
    start = settled_attempts(store_file, h[hit], before=attempt) + 1
    pz = ready_pseudonymizer(key, policy, registry)
    if shared is None:
        leaky = LeakyCheck(targets, policy, SCRUB_ROUNDS) if targets is not None else None
        shared = RoundDraws(TakenDigests(taken, key, entity), leaky)
    kept = None if pz.ordered(entity) else shared  # a name's fake depends on those before
    nh, nfh, at, fakes = redraw_past_taken(
        frame, entity, pz, key, start, shared.taken, shared.leaky, kept
    )
    dest = redraw_file(store_file, attempt)
    save_round_fakes(dest, frame["value"], fakes)
    return save_redraw(dest, nh, nfh, at)
