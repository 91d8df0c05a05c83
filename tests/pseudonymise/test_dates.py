"""Date fakes: a keyed shift in the written format; birth dates of a dense domain stay
dates."""

from __future__ import annotations

from datetime import date, timedelta

from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer

KEY = b"test-pseudonymisation-key-0042"


def test_a_birth_date_moves_by_one_to_five_years_at_first_draw() -> None:
    pz = Pseudonymizer(KEY)
    for day in ("1961-03-14", "1979-12-31", "1990-02-28"):
        fake = date.fromisoformat(pz.fake("DATE_OF_BIRTH", day))
        assert 366 <= abs((fake - date.fromisoformat(day)).days) < 366 + 4 * 365


def test_every_day_of_a_decade_gets_a_date_that_is_nobodys_birth_date() -> None:
    # A large staff's birth dates fill every day: each fake must lie outside them, and
    # must still be a date (not an id grown from the value's digits).
    start = date(1970, 1, 1)
    days = [(start + timedelta(days=k)).isoformat() for k in range(10 * 365)]
    one = Pseudonymizer(KEY).build_map("DATE_OF_BIRTH", days)
    fakes = [date.fromisoformat(f) for f in one.values()]  # raises on a non-date
    assert len(set(fakes)) == len(days)
    assert not {f.isoformat() for f in fakes} & set(days)
    assert Pseudonymizer(KEY).build_map("DATE_OF_BIRTH", list(reversed(days))) == one
