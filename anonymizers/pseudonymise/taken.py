"""The normalised forms a new fake may not take, and which days of a calendar are all taken.

``build_map`` re-draws a fake that equals a real value or another value's fake. In a
dense domain most re-draws are lost: a staff of 100,000 has a birth date on nearly every
day of four decades, so a birth date's fake that is nobody's real birth date lies outside
them, a hundred keyed draws away, and each draw costs a hash and a date. A date generator
knows the days a whole run of its attempts can reach; when every one of them is taken
here, those attempts would all be re-drawn, so they are skipped without being drawn. The
map is the same as drawing them one by one, only sooner.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date
from typing import Protocol

#: A normalised date with nothing after it: the form a day's index is kept for.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class TakenForms(Protocol):
    """What a generator's ``skip_taken`` asks of the forms a fake may not take: ``Taken``
    here, or a partitioned run's taken digests on disk (``partitioned/redraw.py``)."""

    def __contains__(self, form: str) -> bool: ...

    def all_days_taken(self, first: date, last: date) -> bool: ...

    def day_taken(self, ordinal: int) -> bool:
        """Whether the day (a ``date.toordinal()``) is taken: ``day.isoformat() in self``,
        asked once per drawn attempt, without writing the day out and reading it back."""
        ...

    def all_taken(self, forms: tuple[str, ...]) -> bool:
        """Whether every one of ``forms`` is taken (samples of an id's shape: is the space
        spent?), answered once per ``forms`` while this set lives: the answer only ever
        turns from no to yes, and a stale no only skips fewer attempts."""
        ...


class Taken:
    """Forms ``build_map`` may not issue: the real values (``forbidden``) and the fakes
    issued so far. The day index is built on first use (only date generators ask)."""

    __slots__ = ("_asked", "_free", "_high", "_low", "forbidden", "used")

    def __init__(self, forbidden: set[str]) -> None:
        self.forbidden = forbidden
        self.used: set[str] = set()
        #: Untaken days (ordinals) between the lowest and the highest taken day, sorted;
        #: every day outside [_low, _high] is untaken. None until a date generator asks.
        self._free: list[int] | None = None
        self._low = self._high = 0
        self._asked: dict[tuple[str, ...], bool] = {}

    def __contains__(self, form: str) -> bool:
        return form in self.forbidden or form in self.used

    def add(self, form: str) -> None:
        """A fake issued: its form is taken from now on."""
        self.used.add(form)
        if self._free is not None and _ISO_DAY.fullmatch(form):
            self._take(_ordinal(form))

    def all_taken(self, forms: tuple[str, ...]) -> bool:
        if forms not in self._asked:
            self._asked[forms] = all(f in self for f in forms)
        return self._asked[forms]

    def all_days_taken(self, first: date, last: date) -> bool:
        """Whether every day from ``first`` to ``last`` (both included) is taken, as the
        normalised form of a date with nothing after it."""
        free = self._day_index()
        lo, hi = first.toordinal(), last.toordinal()
        if lo < self._low or hi > self._high or lo > hi:
            return lo > hi
        i = bisect_left(free, lo)
        return i == len(free) or free[i] > hi

    def day_taken(self, ordinal: int) -> bool:
        free = self._day_index()
        if not self._low <= ordinal <= self._high:
            return False
        i = bisect_left(free, ordinal)
        return i == len(free) or free[i] != ordinal

    def _day_index(self) -> list[int]:
        """The untaken days, indexed from the forms on first use."""
        if self._free is None:
            self._index(f for forms in (self.forbidden, self.used) for f in forms)
        assert self._free is not None
        return self._free

    def _index(self, forms: Iterable[str]) -> None:
        days = sorted({_ordinal(f) for f in forms if _ISO_DAY.fullmatch(f)} - {-1})
        self._free = []
        if not days:
            self._low, self._high = 1, 0  # empty: every day is free
            return
        self._low, self._high = days[0], days[-1]
        taken = set(days)
        self._free = [d for d in range(self._low, self._high + 1) if d not in taken]

    def _take(self, day: int) -> None:
        free = self._free
        assert free is not None
        if day < 0:
            return
        if self._low > self._high:  # the first taken day
            self._low = self._high = day
        elif day < self._low:
            free[:0] = range(day + 1, self._low)
            self._low = day
        elif day > self._high:
            free.extend(range(self._high + 1, day))
            self._high = day
        else:
            i = bisect_left(free, day)
            if i < len(free) and free[i] == day:
                del free[i]


def _ordinal(form: str) -> int:
    """The day's ordinal, or -1 for a form that looks like a day and is none (2023-02-30)."""
    try:
        return date.fromisoformat(form).toordinal()
    except ValueError:
        return -1
