"""A settling round's re-draws, past the attempts whose fake is already taken.

A loser of settling (``settle.py``) used to re-draw one attempt per round: a fake that was
a real value, or one placed by an earlier round, lost again and waited for the next
round. Dense domains made that hundreds of rounds: 50,000 staff have a birth date on
nearly every day of four decades, so a birth date's fake that is nobody's birth date lies
a hundred attempts away, and each round cost a pass over the partitions that hold a
loser (188 rounds, 127 s, at 50,000 rows).

Here each loser draws on from its last attempt until its fake is neither a real value of
the entity nor a fake placed before this round, both read by digest from settling's
buckets on disk (``TakenDigests``, memory-mapped: the worker holds none of them whole);
a date generator skips whole runs of attempts that can only land on taken days without
drawing them (``Generator.skip_taken``, as ``build_map`` does). The round's fakes then
lose only to each other, so an entity settles in a few rounds. Each value's attempt goes
to the round's file (``save_redraw``'s third row), where the apply pass reads it.

The result depends on the data only: the taken digests are the same on every worker,
every holder of a value re-draws it from the same attempt (its partition's own earlier
rounds say which), and ties between this round's fakes go to the smaller value digest.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from anonymizers.partitioned.arrays import load_array
from anonymizers.partitioned.digests import digest64
from anonymizers.partitioned.settle import BUCKET_SHIFT, member
from anonymizers.policy import Policy
from anonymizers.pseudonymise.normalise import normalise
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

#: A date's normal form with nothing after it (``normalise``): an ISO day.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Draws per value within one round at most: past this a value goes to settling as it
#: stands (its fake loses, and it carries on in the next round).
MAX_DRAWS = 4096


class TakenDigests:
    """An entity's taken fakes during one settling round: the digests of its real values
    and of the fakes placed so far, as settling keeps them per bucket (``Buckets``), read
    through memory maps. Answers ``skip_taken``'s questions (``TakenForms``) by digest."""

    def __init__(self, folder: Path, key: bytes, entity: str) -> None:
        self.folder = folder
        self.key = key
        self.entity = entity
        self._buckets: dict[int, list[np.ndarray]] = {}
        #: fakes given in this round, when a round is resolved in order (``take``)
        self._extra: set[int] = set()
        #: year → which of its days (as a date's normal form) are taken
        self._years: dict[int, np.ndarray] = {}
        #: the taken days of whole years from ordinal ``_first`` on, and running counts of
        #: the free ones (``_free[k]``: free days before the k-th)
        self._first = 0
        self._days = np.zeros(0, dtype=bool)
        self._free = np.zeros(1, dtype=np.int64)
        #: ``all_taken``'s answers for this round
        self._asked: dict[tuple[str, ...], bool] = {}

    def _arrays(self, bucket: int) -> list[np.ndarray]:
        found = self._buckets.get(bucket)
        if found is None:
            found = [load_array(p, mmap_mode="r") for kind in ("real", "placed")
                     if (p := self.folder / f"{kind}-{bucket:02d}.npy").exists()]  # fmt: skip
            self._buckets[bucket] = found
        return found

    def take(self, digest: np.uint64, form: str) -> None:
        """A fake given in this round (``in_order.py``), with its normal form: taken from
        now on. (A day's running count of free days is not updated: ``all_days_taken``
        may then say no where the answer is yes, which only skips fewer attempts.)"""
        self._extra.add(int(digest))
        if not _ISO_DAY.fullmatch(form):
            return
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(form)
            if (year := self._years.get(day.year)) is not None:
                year[day.timetuple().tm_yday - 1] = True
            k = day.toordinal() - self._first
            if 0 <= k < self._days.size:
                self._days[k] = True

    @property
    def placed_this_round(self) -> set[int]:
        """The fakes given in this round so far (``take``)."""
        return self._extra

    def member_one(self, digest: np.uint64) -> bool:
        """Whether one digest is taken: ``member`` without its arrays."""
        d = int(digest)
        if d in self._extra:
            return True
        for known in self._arrays(d >> int(BUCKET_SHIFT)):
            if known.size:
                pos = min(int(np.searchsorted(known, np.uint64(d))), known.size - 1)
                if int(known[pos]) == d:
                    return True
        return False

    def member(self, digests: np.ndarray) -> np.ndarray:
        """Which ``digests`` are taken."""
        out = np.zeros(digests.size, dtype=bool)
        if not digests.size:
            return out
        if self._extra:
            out |= np.fromiter((int(d) in self._extra for d in digests), bool, digests.size)
        buckets = (digests >> BUCKET_SHIFT).astype(np.int64)
        for b in np.unique(buckets).tolist():
            at = np.flatnonzero(buckets == b)
            for known in self._arrays(b):
                out[at] |= member(known, digests[at])
        return out

    def __contains__(self, form: str) -> bool:
        if _ISO_DAY.fullmatch(form):  # a day: from the day index, no digest per ask
            try:
                day = date.fromisoformat(form).toordinal()
            except ValueError:
                pass
            else:
                self._cover(day, day)
                return bool(self._days[day - self._first])
        return bool(self.member(digest64(self.key, self.entity, [form]))[0])

    def all_taken(self, forms: tuple[str, ...]) -> bool:
        """Whether every one of ``forms`` is taken (``TakenForms``), read once a round."""
        if forms not in self._asked:
            self._asked[forms] = bool(
                self.member(digest64(self.key, self.entity, list(forms))).all()
            )
        return self._asked[forms]

    def day_taken(self, ordinal: int) -> bool:
        """``__contains__`` of a day's normal form, by its ordinal (``TakenForms``)."""
        self._cover(ordinal, ordinal)
        return bool(self._days[ordinal - self._first])

    def all_days_taken(self, first: date, last: date) -> bool:
        """Whether every day from ``first`` to ``last`` is taken (a date's normal form is
        its ISO day): a difference of two running counts of free days, the days of a year
        digested at once the first time a question reaches it."""
        lo, hi = first.toordinal(), last.toordinal()
        if lo > hi:
            return True
        self._cover(lo, hi)
        free = self._free
        return free[hi - self._first + 1] == free[lo - self._first]

    def _cover(self, lo: int, hi: int) -> None:
        """The day index grown to whole years around ordinals ``lo`` to ``hi``."""
        if self._first <= lo and hi < self._first + self._days.size:
            return
        years = [date.fromordinal(lo).year, date.fromordinal(hi).year]
        if self._days.size:
            years += [date.fromordinal(self._first).year,
                      date.fromordinal(self._first + self._days.size - 1).year]  # fmt: skip
        y0, y1 = min(years), max(years)
        for y in range(y0, y1 + 1):
            if y not in self._years:
                start = date(y, 1, 1)
                n = (date(y + 1, 1, 1) - start).days if y < 9999 else 365
                forms = [(start + timedelta(k)).isoformat() for k in range(n)]
                self._years[y] = self.member(digest64(self.key, self.entity, forms))
        self._first = date(y0, 1, 1).toordinal()
        self._days = np.concatenate([self._years[y] for y in range(y0, y1 + 1)])
        self._free = np.concatenate(([0], np.cumsum(~self._days)))


def redraw_past_taken(
    frame: pl.DataFrame,
    entity: str,
    pz: Pseudonymizer,
    key: bytes,
    start: np.ndarray,
    taken: TakenDigests,
    leaky: LeakyCheck | None = None,
    shared: RoundDraws | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(value digests, fake digests, attempts, fakes) of a store frame's losers, each drawn from
    its attempt in ``start`` on until its fake is not taken. ``leaky``: which fakes hold a
    real value as a whole word at an attempt (a run with free text), taken too.
    ``shared``: the round's draws of the partitions re-drawn before this one, which a value
    they held from the same attempt takes instead of drawing again."""
    h = frame["h"].to_numpy().astype(np.uint64)
    values = frame["value"].to_list()
    if shared is None:
        fh, attempts, *_, fakes = first_untaken(pz, entity, key, values, start, taken, leaky, h)
        return h, fh, attempts, fakes
    keys = list(zip(values, start.tolist(), strict=True))
    found = [shared.get(k) for k in keys]
    todo = [i for i, f in enumerate(found) if f is None]
    fh = np.empty(len(values), dtype=np.uint64)
    attempts = np.empty(len(values), dtype=np.int64)
    fakes: list[str] = [""] * len(values)
    if todo:
        rows = np.array(todo, dtype=np.int64)
        nfh, nat, *_, nfakes = first_untaken(pz, entity, key, [values[i] for i in todo],
                                             start[rows], taken, leaky, h[rows])  # fmt: skip
        fh[rows], attempts[rows] = nfh, nat
        for i, fake in zip(todo, nfakes, strict=True):
            fakes[i] = fake
        shared.add([keys[i] for i in todo], nfh.tolist(), nat.tolist(), nfakes,
                   recurred=len(values) - len(todo))  # fmt: skip
    for i, f in enumerate(found):
        if f is not None:
            fh[i], attempts[i], fakes[i] = f
    return h, fh, attempts, fakes


class RoundDraws:
    """One settling round's draws, kept while its entity's task re-draws the round's
    partitions one after another (``settle_pass``). A value in many partitions is drawn
    once: 25,000 birth dates re-drawn on a million contacts are in every one of its 20
    partitions, and each drew the same ~70 attempts again (110 of a 370 s run, on one
    worker). A value's draws depend on it, its starting attempt and what was taken before
    the round (the same for every partition of the round), so a kept draw is the one the
    partition would make.

    Values that do not recur (a dense id's losers, each in one partition) are not kept past
    a partition that found none of them kept: the round then holds nothing for them."""

    def __init__(self, taken: TakenDigests, leaky: LeakyCheck | None) -> None:
        self.taken = taken
        self.leaky = leaky
        self._kept: dict[tuple[str, int], tuple[int, int, str]] | None = {}

    def get(self, key: tuple[str, int]) -> tuple[int, int, str] | None:
        return None if self._kept is None else self._kept.get(key)

    def add(
        self,
        keys: list[tuple[str, int]],
        fh: list[int],
        attempts: list[int],
        fakes: list[str],
        recurred: int,
    ) -> None:
        """A partition's new draws; ``recurred``: how many of its values were kept."""
        if self._kept is None:
            return
        if self._kept and not recurred:  # its values do not recur: keep nothing more
            self._kept = None
            return
        self._kept.update(zip(keys, zip(fh, attempts, fakes, strict=True), strict=True))


def first_untaken(
    pz: Pseudonymizer,
    entity: str,
    key: bytes,
    values: list[str],
    start: np.ndarray,
    taken: TakenDigests,
    leaky: LeakyCheck | None = None,
    h: np.ndarray | None = None,
    unchanged_first: bool = False,
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Each value's first fake from its attempt in ``start`` on that is not taken, drawn
    for all of them at once, round by round: (fake digests, attempts, normalised fakes,
    draws made, whether found within ``MAX_DRAWS`` draws, whether the fake is the value
    itself: nothing to replace, the fakes). A value that runs out of draws keeps its last draw and
    its attempt. ``h``: the values' digests, which a fake holding a real value gets
    (taken, as that value is); else its own digest is computed where needed.
    ``unchanged_first``: a fake that is its value stops the draws even if it holds a
    real value (the order of ``in_order._first_free``'s tests)."""
    norms = [normalise(entity, v) for v in values]
    n = len(values)
    attempts = start.astype(np.int64).copy()
    fh = np.empty(n, dtype=np.uint64)
    fnorms: list[str] = list(norms)
    made: list[str] = list(values)
    used = np.zeros(n, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    unchanged = np.zeros(n, dtype=bool)
    todo = np.arange(n)
    for _ in range(MAX_DRAWS):
        if not todo.size:
            break
        rows = todo.tolist()
        vals = [values[i] for i in rows]
        nrms = [norms[i] for i in rows]
        attempts[todo] = pz.skip_taken(entity, vals, nrms, attempts[todo].tolist(), taken)
        fakes, drawn_norms = pz.fake_many(entity, vals, nrms, attempts[todo].tolist())
        drawn = digest64(key, entity, drawn_norms)
        # Nothing to replace ("---" stays "---"): its own digest, which is no reason to go on.
        same = np.array([f == m for f, m in zip(drawn_norms, nrms, strict=True)], dtype=bool)
        if leaky is not None:
            hit = leaky(fakes, attempts[todo])
            if unchanged_first:
                hit &= ~same
            if hit.any():  # a fake holding a real value counts as one
                own = h[todo] if h is not None else digest64(key, entity, nrms)
                drawn[hit] = own[hit]
            same &= ~hit
        fh[todo] = drawn
        for i, f, m in zip(rows, drawn_norms, fakes, strict=True):
            fnorms[i] = f
            made[i] = m
        used[todo] += 1
        unchanged[todo] = same
        again = taken.member(drawn) & ~same
        done[todo[~again]] = True
        todo = todo[again]
        attempts[todo] += 1
    if todo.size:  # given up: the last draw stands, and loses in settling
        attempts[todo] -= 1
    return fh, attempts, fnorms, used, done, unchanged, made


class LeakyCheck:
    """The draw pass's test of a run with free text (``draw_pass``), per value's attempt:
    a fake that holds a real value of the bundle as a whole word is re-drawn, up to ``rounds``
    attempts.

    The test is of a fake alone (the targets one text can hold, ``target_index.py``), so
    its answers are kept: a fake asked about again, or ``prefetch``-ed in one batch before
    a round asks value by value (``in_order.py``), costs no read of the target index. One
    read per ask cost ~20 ms, and an in-order round asks once per loser."""

    def __init__(self, targets: object, policy: Policy, rounds: int) -> None:
        from anonymizers.partitioned.text_checks import leaky_fakes

        self._test = leaky_fakes
        self.targets = targets
        self.policy = policy
        self.rounds = rounds
        self._known: dict[str, bool] = {}

    def prefetch(self, fakes: list[str]) -> None:
        """Test ``fakes`` in one batch now; later asks about them are answered from it."""
        new = list(dict.fromkeys(f for f in fakes if f not in self._known))
        if new:
            hits = self._test(self.targets, self.policy, new)  # type: ignore[arg-type]
            self._known.update(zip(new, hits.tolist(), strict=True))

    def __call__(self, fakes: list[str], attempts: np.ndarray) -> np.ndarray:
        out = np.zeros(len(fakes), dtype=bool)
        young = np.flatnonzero(attempts < self.rounds)
        if young.size:
            self.prefetch([fakes[i] for i in young])
            out[young] = [self._known[fakes[i]] for i in young]
        return out
