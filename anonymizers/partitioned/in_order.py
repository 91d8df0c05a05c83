"""A small settling round resolved in one order (in the entity's settle task,
``settle_pass.py``): its fakes never collide with each other.

Rounds of many losers are re-drawn partition by partition (``redraw.py``): each value
draws past the fakes already taken, alone, and the round's fakes settle against each
other afterwards. Where few free fakes are left (birth dates on nearly every day of four
decades), most losers land on the same few free days, one per day wins, and the tail
took a dozen rounds. A round smaller than ``settle_pass.WORKER_REDRAW`` is resolved
here instead, value by value in the order of the value digests, as ``build_map`` resolves
a column: each value draws past the real values, the fakes placed before the round and the fakes
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
from anonymizers.partitioned.redraw import MAX_DRAWS, LeakyCheck, TakenDigests, first_untaken
from anonymizers.partitioned.settle import member, save_redraw
from anonymizers.partitioned.store_files import redraw_file, save_round_fakes, settled_attempts
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import DATE_ENTITIES, normalise
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
    # Names and e-mails register name parts in the round's order; a date's draws skip
    # to the few days still free, which the round's values mostly share: value by value.
    # (An id skips only the lengths spent before the round: the batch draws it.)
    if pz.ordered(entity) or entity in DATE_ENTITIES:
        fh, at = _one_by_one(pz, entity, key, policy, registry, values, starts, taken, leaky)
    else:
        fh, at = _past_earlier(pz, entity, key, values, starts, taken, leaky)
    placed = pl.DataFrame({"h": order["h"], "fh": fh, "at": at})
    spelled = None if pz.ordered(entity) else _spelled(pz, entity, rows, placed)
    out: list[Path | None] = [None] * len(holders)
    for i, part in rows.select("h", "holder", "value").join(placed, on="h").group_by("holder"):
        dest = redraw_file(holders[int(i[0])], round_number)
        h = part["h"].to_numpy().astype(np.uint64)
        out[int(i[0])] = save_redraw(dest, h, part["fh"].to_numpy(), part["at"].to_numpy())
        if spelled is not None:
            mine = part.select("value").unique().join(spelled, on="value", how="left")
            save_round_fakes(dest, mine["value"], mine["fake"].to_list())
    return out


def _spelled(
    pz: Pseudonymizer, entity: str, rows: pl.DataFrame, placed: pl.DataFrame
) -> pl.DataFrame:
    """(value, fake) of every spelling of the round's values at its settled attempt, drawn
    once for all their partitions: the apply pass reads them (``store_files.round_fakes``)
    instead of each partition drawing its own again (a birth date the round moved is in
    every partition of a large table: 300,000 draws on a million employees). Only for a
    generator whose fakes depend on nothing drawn before, so the same fakes as there."""
    spellings = rows.select("h", "value").unique().join(placed.select("h", "at"), on="h")
    values = spellings["value"].to_list()
    norms = [normalise(entity, v) for v in values]
    fakes, _ = pz.fake_many(entity, values, norms, spellings["at"].to_list())
    return pl.DataFrame({"value": spellings["value"], "fake": pl.Series(fakes, dtype=pl.String)})


def _one_by_one(
    pz: Pseudonymizer,
    entity: str,
    key: bytes,
    policy: Policy,
    registry: tuple,
    values: list[str],
    starts: np.ndarray,
    taken: TakenDigests,
    leaky: LeakyCheck | None,
) -> tuple[np.ndarray, np.ndarray]:
    """(fake digests, attempts) of the round's values drawn value by value in order: for
    a generator whose draws register name parts (names, e-mails), in the round's order."""
    ahead = ready_pseudonymizer(key, policy, registry) if leaky is not None else None
    fh = np.empty(len(values), dtype=np.uint64)
    at = np.empty(len(values), dtype=np.int64)
    for k, value in enumerate(values):
        if ahead is not None and leaky is not None and k % LOOKAHEAD == 0:
            window = slice(k, k + LOOKAHEAD)
            _prefetch_next(leaky, ahead, entity, values[window], starts[window], taken)
        fh[k], at[k], fnorm = _first_free(pz, entity, key, value, int(starts[k]), taken, leaky)
        taken.take(fh[k], fnorm)
    return fh, at


def _past_earlier(
    pz: Pseudonymizer,
    entity: str,
    key: bytes,
    values: list[str],
    starts: np.ndarray,
    taken: TakenDigests,
    leaky: LeakyCheck | None,
) -> tuple[np.ndarray, np.ndarray]:
    """What ``_one_by_one`` gives, for a generator whose fakes depend on nothing drawn
    before (places, ids): each value's first fake past the fakes taken before the
    round is drawn for the whole round at once (``redraw.first_untaken``); the values
    then go in order, and one whose fake an earlier value of the round took draws on
    from there, alone. Every attempt the batch passed over was taken before the round,
    so is taken in order too: the same attempts as value by value (but for a value that
    runs out of draws, which is drawn value by value from its start)."""
    fh, at, fnorms, used, done, unchanged, _ = first_untaken(
        pz, entity, key, values, starts, taken, leaky, unchanged_first=True
    )
    placed = taken.placed_this_round
    for k, value in enumerate(values):
        if not done[k]:
            fh[k], at[k], fnorms[k] = _first_free(pz, entity, key, value, int(starts[k]),
                                                  taken, leaky)  # fmt: skip
        elif not unchanged[k] and int(fh[k]) in placed:
            left = MAX_DRAWS - int(used[k])
            fh[k], at[k], fnorms[k] = _first_free(pz, entity, key, value, int(at[k]) + 1,
                                                  taken, leaky, left)  # fmt: skip
        taken.take(fh[k], fnorms[k])
    return fh, at


#: Values of an in-order round whose next draws are leak-tested in one batch: a date's
#: draws skip past the days the round's earlier values took, so a batch drawn when the
#: round starts misses most of them, and each miss is a read of the target index (40 ms;
#: 8,627 birth dates re-drawn beside free text spent 116 s so). Read again a window at a
#: time, a window costs one read.
LOOKAHEAD = 512
#: Untaken draws of each value tested ahead: the round's earlier values take some of the
#: days a later value would have drawn first.
DEPTH = 4


def _prefetch_next(
    leaky: LeakyCheck,
    ahead: Pseudonymizer,
    entity: str,
    values: list[str],
    starts: np.ndarray,
    taken: TakenDigests,
) -> None:
    """The leak test of each of the next values' next ``DEPTH`` draws (past what is
    taken now), in one batch: the draws value by value then mostly find their answer kept
    (``LeakyCheck.prefetch``). Drawn by a pseudonymizer of their own (``ahead``): a draw
    can register name parts, and the round's must register them in its own order."""
    norms = [normalise(entity, v) for v in values]
    attempts = starts.tolist()
    batch: list[str] = []
    for _ in range(DEPTH):
        attempts = ahead.skip_taken(entity, values, norms, attempts, taken)
        fakes, _ = ahead.fake_many(entity, values, norms, attempts)
        batch += [f for f, a in zip(fakes, attempts, strict=True) if a < leaky.rounds]
        attempts = [a + 1 for a in attempts]
    leaky.prefetch(batch)


def _first_free(
    pz: Pseudonymizer,
    entity: str,
    key: bytes,
    value: str,
    attempt: int,
    taken: TakenDigests,
    leaky: LeakyCheck | None,
    draws: int = MAX_DRAWS,
) -> tuple[np.uint64, int, str]:
    """(fake digest, attempt, normalised fake) of ``value``'s first fake from ``attempt``
    on that is not taken (nor holds a real value as a word, with ``leaky``), in ``draws``
    draws at most. One value's ``fake_attempt`` (``fake_many``'s fake of one value)."""
    norm = normalise(entity, value)
    drawn, fnorm = np.uint64(0), norm
    for _ in range(max(draws, 1)):
        attempt = pz.skip_taken(entity, [value], [norm], [attempt], taken)[0]
        fake, fnorm = pz.fake_attempt(entity, value, norm, attempt)
        drawn = digest64(key, entity, [fnorm])[0]
        if fnorm == norm:
            break  # nothing to replace ("---"): settling decides, as for any other
        # Taken first: a look-up, where the leak test can be a read of the target index
        # (a draw lands on a real day often where the days are nearly all real).
        if not taken.member_one(drawn) and (
            leaky is None or not bool(leaky([fake], np.array([attempt]))[0])
        ):
            break
        attempt += 1
    return drawn, attempt, fnorm
