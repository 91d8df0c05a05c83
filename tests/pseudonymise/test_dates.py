"""Date fakes: a keyed shift in the written format; birth dates of a dense domain stay
dates."""

from __future__ import annotations

import random
from datetime import date, timedelta

from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.generators.dates import BIRTH_STEP, BirthDateShift, DateShift
from anonymizers.pseudonymise.generators.registry import GENERATORS
from anonymizers.pseudonymise.pseudonymizer import Pseudonymizer
from anonymizers.pseudonymise.taken import Taken

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


class _DrawEveryAttempt(BirthDateShift):
    """The same fakes with no attempt skipped: what ``skip_taken`` must agree with."""

    entities = ("DATE_OF_BIRTH",)

    def skip_taken(self, core, norm, attempt, taken, until, draw):  # type: ignore[override]
        return attempt


class _DatesEveryAttempt(DateShift):
    entities = ("DATE",)

    def skip_taken(self, core, norm, attempt, taken, until, draw):  # type: ignore[override]
        return attempt


def test_skipping_taken_days_gives_the_map_of_drawing_every_attempt() -> None:
    # A staff whose birth dates fill five years, in every spelling the generator keeps
    # (ISO, US, dotted, text after the date) and some it reads ("4 Sept 1972"): the
    # skipped attempts are exactly those whose day is taken.
    rng = random.Random(11)
    start = date(1965, 1, 1)
    days = [start + timedelta(days=k) for k in range(5 * 365) if rng.random() < 0.97]
    spelled = []
    for k, day in enumerate(days):
        form = k % 20
        if form == 1:
            spelled.append(f"{day.month}/{day.day}/{day.year}")
        elif form == 2:
            spelled.append(f"{day.day:02d}.{day.month:02d}.{day.year}")
        elif form == 3:
            spelled.append(f"{day.isoformat()} 00:00:00")
        elif form == 4:
            spelled.append(f"{day.day} {day.strftime('%B')} {day.year}")
        else:
            spelled.append(day.isoformat())
    reference = GENERATORS.copy()
    for entity in ("DATE_OF_BIRTH", "DATE"):
        reference.remove(entity)
    reference.add(_DrawEveryAttempt)
    reference.add(_DatesEveryAttempt)
    for entity in ("DATE_OF_BIRTH", "DATE"):
        fast = Pseudonymizer(KEY).build_map(entity, spelled)
        slow = Pseudonymizer(KEY, generators=reference).build_map(entity, spelled)
        assert fast == slow
        iso = [fast[v] for v in spelled if len(v) == 10 and v[4] == "-"]
        assert len(set(iso)) == len(iso) and not set(iso) & set(spelled)


def _birth_dates(seed: int, share: float) -> list[str]:
    """A ``share`` of the days of the 30 years from 1950, in ISO form: a dense span of
    real birth dates."""
    rng = random.Random(seed)
    start = date(1950, 1, 1)
    return [(start + timedelta(k)).isoformat() for k in range(30 * 365) if rng.random() < share]


def test_a_dense_span_of_birth_dates_is_left_four_years_a_draw() -> None:
    # 98% of the days of 30 years are real birth dates. Past its near draws a fake moves
    # out by four years with each draw (its window's width): a value finds a free day
    # within 16 + 9 draws, and the map still gives every value a date that is nobody's
    # birth date.
    days = _birth_dates(seed=5, share=0.98)
    taken = Taken(set(days))
    pz = Pseudonymizer(KEY)
    gen = pz._generator("DATE_OF_BIRTH")  # the generator the map uses
    draws = []
    for value in days[::97]:
        drawn = 0

        def draw(attempt: int, value: str = value) -> Draw:
            nonlocal drawn
            drawn += 1
            return Draw(pz._keyed.seed("fake", "DATE_OF_BIRTH", value, attempt))

        attempt = gen.skip_taken(value, value, 1, taken, 512, draw)
        assert pz.fake_attempt("DATE_OF_BIRTH", value, value, attempt)[0] not in taken
        draws.append(drawn)
    assert max(draws) <= 16 + 31 // BIRTH_STEP + 1
    fakes = pz.build_map("DATE_OF_BIRTH", days)
    assert not set(fakes.values()) & set(days) and len(set(fakes.values())) == len(days)


def test_a_date_read_either_way_keeps_a_fake_read_either_way() -> None:
    # The forms probe: British birth dates "22/03/1987" beside "12/02/1966", which reads
    # as a US date; its fake "03/21/1962" was a month 21 for the column's readers.
    pz = Pseudonymizer(KEY)
    values = [
        f"{d:02d}/{m:02d}/19{y}" for d in range(1, 13) for m in range(1, 13) for y in (66, 71)
    ]
    fakes = pz.build_map("DATE_OF_BIRTH", values)
    for value in values:
        first, second, _year = fakes[value].split("/")
        assert int(first) <= 12 and int(second) <= 12, (value, fakes[value])
    assert len(set(fakes.values())) == len(values)


def test_every_numeric_spelling_of_a_day_gets_the_same_fake_day() -> None:
    # A European CRM: 5 July 1955 is "05.07.1955" in the Spanish table and "07/05/1955"
    # in the French one (read as a US date); the second's fake kept its day <= 12 and
    # the first's did not, so one real day had two fakes, and the fake settling had not
    # tested landed on another customer's real birth date (258 such, 32,000 customers).
    from anonymizers.pseudonymise.normalise import normalise

    pz = Pseudonymizer(KEY)
    rng = random.Random(11)
    either = 0
    for _ in range(200):
        day = date(1930, 1, 1) + timedelta(rng.randrange(30_000))
        spellings = [day.isoformat(), day.strftime("%d.%m.%Y"), day.strftime("%m/%d/%Y")]
        norm = normalise("DATE_OF_BIRTH", spellings[0])
        assert {normalise("DATE_OF_BIRTH", s) for s in spellings} == {norm}
        either += day.day <= 12 and day.month <= 12
        for attempt in (0, 1, 5, 17, 40):
            fakes = {pz.fake_attempt("DATE_OF_BIRTH", s, norm, attempt)[1] for s in spellings}
            assert len(fakes) == 1, (spellings, attempt, fakes)
    assert either > 30  # days read either way were among them


def test_skipping_taken_days_lands_where_a_draw_by_draw_search_does() -> None:
    # A day read either way folds its fake's day to <= 12: the skip tests the day the
    # fake lands on, attempt by attempt, and stops where drawing each would.
    days = _birth_dates(seed=7, share=0.9)
    taken = Taken(set(days))
    pz = Pseudonymizer(KEY)
    gen = pz._generator("DATE_OF_BIRTH")
    for value in [d for d in days if int(d[5:7]) <= 12 and int(d[8:]) <= 12][::40]:

        def draw(attempt: int, value: str = value) -> Draw:
            return Draw(pz._keyed.seed("fake", "DATE_OF_BIRTH", value, attempt))

        skipped = gen.skip_taken(value, value, 0, taken, 512, draw)
        first = next(a for a in range(512)
                     if pz.fake_attempt("DATE_OF_BIRTH", value, value, a)[1] not in taken)  # fmt: skip
        assert skipped == first, value
