"""A small settling round resolved in one order, in the flow process: its fakes never
collide with each other.

Rounds of many losers go to the workers (``redraw.py``): each value draws past the fakes
already taken, alone, and the round's fakes settle against each other afterwards. Where
few free fakes are left (birth dates on nearly every day of four decades), most losers
land on the same few free days, one per day wins, and the tail took a dozen rounds. A
round small enough for the flow process (``run.WORKER_REDRAW``) is resolved here instead,
value by value in the order of the value digests, as ``build_map`` resolves a column:
each value draws past the real values, the fakes placed before the round and the fakes
this round gave the values before it. Such a round leaves no loser (but a value with
nothing to replace, whose fake is itself).

The order is the digests', the same whatever the partitioning and the workers, so the
result depends on the data only. The round's files are the workers' (``save_redraw``,
one per partition holding a loser, with each value's attempt): the apply pass reads them
as it reads theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.partitioned.digests import digest64
from anonymizers.partitioned.draw_pass import SCRUB_ROUNDS
from anonymizers.partitioned.passes import ready_pseudonymizer
from anonymizers.partitioned.redraw import MAX_DRAWS, LeakyCheck, TakenDigests
from anonymizers.partitioned.settle import member, save_redraw
from anonymizers.partitioned.store_files import redraw_file, settled_attempts
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer


def redraw_in_order(
    holders: Sequence[Path],
    entity: str,
    pending: np.ndarray,
    policy: Policy,
    key: bytes,
    registry: tuple,
    round_number: int,
    targets: object | None,
    taken_folder: Path,
) -> list[Path | None]:
    """The round's re-draw file of each store file in ``holders`` (None where it holds
    no loser of ``pending``), every loser's fake drawn in digest order past every fake
    taken so far, this round's included."""
    frames = []
    for i, path in enumerate(holders):
        h = pl.read_parquet(path, columns=["h"])["h"].to_numpy().astype(np.uint64)
        hit = member(pending, h)
        if hit.any():
            rows = pl.read_parquet(path).filter(pl.Series(hit))
            frames.append(rows.with_columns(pl.lit(i).alias("holder")))
    if not frames:
        return [None] * len(holders)
    rows = pl.concat(frames)
    # One value per digest (its smallest spelling), in digest order; its partitions all
    # re-drew it in the same rounds, so any of them says where it starts.
    order = rows.sort("h", "value").unique("h", keep="first", maintain_order=True)
    starts = np.zeros(order.height, dtype=np.int64)
    for i, part in order.with_row_index("k").group_by("holder"):
        k = part["k"].to_numpy()
        h = part["h"].to_numpy().astype(np.uint64)
        starts[k] = settled_attempts(holders[int(i[0])], h, before=round_number) + 1
    pz = ready_pseudonymizer(key, policy, registry)
    taken = TakenDigests(taken_folder, key, entity)
    leaky = LeakyCheck(targets, policy, SCRUB_ROUNDS) if targets is not None else None
    values = order["value"].to_list()
    if leaky is not None:
        _prefetch_first(leaky, entity, key, policy, registry, values, starts, taken)
    fh = np.empty(order.height, dtype=np.uint64)
    at = np.empty(order.height, dtype=np.int64)
    for k, value in enumerate(values):
        fh[k], at[k], fnorm = _first_free(pz, entity, key, value, int(starts[k]), taken, leaky)
        taken.take(fh[k], fnorm)
    placed = pl.DataFrame({"h": order["h"], "fh": fh, "at": at})
    out: list[Path | None] = [None] * len(holders)
    for i, part in rows.select("h", "holder").join(placed, on="h").group_by("holder"):
        dest = redraw_file(holders[int(i[0])], round_number)
        h = part["h"].to_numpy().astype(np.uint64)
        out[int(i[0])] = save_redraw(dest, h, part["fh"].to_numpy(), part["at"].to_numpy())
    return out


def _prefetch_first(
    leaky: LeakyCheck,
    entity: str,
    key: bytes,
    policy: Policy,
    registry: tuple,
    values: list[str],
    starts: np.ndarray,
    taken: TakenDigests,
) -> None:
    """The leak test of each loser's first draw of the round, in one batch: the draws
    value by value then mostly find their answer kept (``LeakyCheck.prefetch``). Drawn
    with a pseudonymizer of their own: a draw can register name parts, and the round's
    must register them in its own order, value by value."""
    pz = ready_pseudonymizer(key, policy, registry)
    norms = [normalise(entity, v) for v in values]
    attempts = pz.skip_taken(entity, values, norms, starts.tolist(), taken)
    fakes, _ = pz.fake_many(entity, values, norms, attempts)
    leaky.prefetch([f for f, a in zip(fakes, attempts, strict=True) if a < leaky.rounds])


def _first_free(
    pz: Pseudonymizer,
    entity: str,
    key: bytes,
    value: str,
    attempt: int,
    taken: TakenDigests,
    leaky: LeakyCheck | None,
) -> tuple[np.uint64, int, str]:
    """(fake digest, attempt, normalised fake) of ``value``'s first fake from ``attempt``
    on that is not taken (nor holds a real value as a word, with ``leaky``)."""
    norm = normalise(entity, value)
    drawn, fnorms = np.uint64(0), [norm]
    for _ in range(MAX_DRAWS):
        attempt = pz.skip_taken(entity, [value], [norm], [attempt], taken)[0]
        fakes, fnorms = pz.fake_many(entity, [value], [norm], [attempt])
        drawn = digest64(key, entity, fnorms)[0]
        if fnorms[0] == norm:
            break  # nothing to replace ("---"): settling decides, as for any other
        held = leaky is not None and bool(leaky(fakes, np.array([attempt]))[0])
        if not held and not taken.member(np.array([drawn], dtype=np.uint64))[0]:
            break
        attempt += 1
    return drawn, attempt, fnorms[0]
