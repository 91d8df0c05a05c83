"""The forms build_map may not issue, and the day index a date generator skips by."""

from __future__ import annotations

import random
from datetime import date, timedelta

from anonymizers.pseudonymise.taken import Taken


def _brute(taken: Taken, first: date, last: date) -> bool:
    days = (first + timedelta(k) for k in range((last - first).days + 1))
    return all(d.isoformat() in taken for d in days)


def test_all_days_taken_agrees_with_asking_day_by_day_as_fakes_are_issued() -> None:
    rng = random.Random(7)
    start = date(1970, 1, 1)
    real = {(start + timedelta(rng.randrange(2000))).isoformat() for _ in range(1800)}
    taken = Taken(real | {"1999-02-30", "EMP-0042", "1980-05-05 noon"})
    for step in range(400):
        if step % 3 == 0:  # issued fakes: inside the span, and past either end
            taken.add((start + timedelta(rng.randrange(-400, 2400))).isoformat())
        first = start + timedelta(rng.randrange(-500, 2500))
        last = first + timedelta(rng.randrange(0, 40))
        assert taken.all_days_taken(first, last) == _brute(taken, first, last)
        assert taken.day_taken(first.toordinal()) == (first.isoformat() in taken)
    assert "1999-02-30" in taken and "EMP-0042" in taken
    assert not taken.all_days_taken(date(1950, 1, 1), date(1950, 1, 1))


def test_no_taken_day_means_every_span_has_room() -> None:
    taken = Taken({"ACC-553120"})
    assert not taken.all_days_taken(date(2001, 1, 1), date(2001, 12, 31))
    assert not taken.day_taken(date(2001, 6, 1).toordinal())
    taken.add("2001-06-01")
    assert taken.day_taken(date(2001, 6, 1).toordinal())
    assert taken.all_days_taken(date(2001, 6, 1), date(2001, 6, 1))
    assert not taken.all_days_taken(date(2001, 6, 1), date(2001, 6, 2))
