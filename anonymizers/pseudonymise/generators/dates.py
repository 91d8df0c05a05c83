"""Dates, shifted by a keyed number of days in the format they were written in.

ISO, US and dotted European dates (``normalise.parse_date``) keep the fakes they always
had; any other spelling that ``detect/calendar_dates`` reads ("04-09-1972", "4/9/72",
"2nd of June 1990", "12. März 1980", "3 de marzo de 1985") is shifted the same way and
written back in its own spelling, so a date of birth found in text stays a date.
"""

from __future__ import annotations

from datetime import date, timedelta

from anonymizers.detect.calendar_dates import month_is_ambiguous, read_date, write_date
from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.generators.base import DrawAt, Generator
from anonymizers.pseudonymise.generators.ids import fake_id
from anonymizers.pseudonymise.normalise import parse_date
from anonymizers.pseudonymise.taken import TakenForms

#: (least shift, most shift, first attempt of the next tier) in days of an attempt's tier.
Reach = tuple[int, int, int]


#: Draws at a date's nearest shifts (attempt 0 and the first re-draws) before the shift
#: widens by a year with every further draw. A re-draw past these is a dense domain's: a
#: span of real dates with few free days left in it (100,000 customers aged 18 to 90 fill
#: 98% of the days of 72 years), where a draw lands on a free day one time in fifty. Four
#: draws a year walked such a value out of the span in ~150 keyed draws (56 CPU s for one
#: entity, settled by one worker at the end of the map); one a year, in ~50.
NEAR_DRAWS = 16


def _tier(attempt: int) -> int:
    """Years added to a shift: none for the first ``NEAR_DRAWS`` draws, then one more a draw."""
    return 0 if attempt < NEAR_DRAWS else 1 + attempt - NEAR_DRAWS


def _next_tier(attempt: int) -> int:
    """The first attempt of the tier after ``attempt``'s."""
    return NEAR_DRAWS if attempt < NEAR_DRAWS else attempt + 1


def _shifted(day: date, d: Draw, attempt: int) -> date:
    """A keyed ±1..365 days (never 0); past the near draws the range moves out by a year
    per draw, so a dense set of real dates can still be avoided."""
    shift = 1 + 365 * _tier(attempt) + d.below(365)
    try:
        return day + timedelta(days=shift if d.below(2) else -shift)
    except OverflowError:
        return day - timedelta(days=shift)


def _reach(attempt: int) -> Reach:
    """The days ``_shifted`` can move a date by at ``attempt``, either way."""
    tier = _tier(attempt)
    return 1 + 365 * tier, 365 + 365 * tier, _next_tier(attempt)


#: Years a birth date's shift moves out by per draw past the near draws: its window's
#: width, so the windows of successive draws tile the years without overlapping.
BIRTH_STEP = 4


def _birth_tier(attempt: int) -> int:
    """Years added to a birth date's shift: none for the near draws, then ``BIRTH_STEP``
    more a draw. A million contacts' birth dates fill 98% of the days of 72 years, where
    a draw lands on a free day one time in fifty: a year a draw walked each of 25,000
    re-drawn values out of the span in ~70 keyed draws (the settling round's cost, on
    one worker); four years a draw, in ~18, a fake about as far out."""
    return 0 if attempt < NEAR_DRAWS else BIRTH_STEP * (1 + attempt - NEAR_DRAWS)


def _birth_shifted(day: date, d: Draw, attempt: int) -> date:
    """A keyed shift of 366 days to about five years, either way: a birth date's fake never
    keeps its year (the year alone narrows a person down, and an evaluator reading
    '1972' left in 'born 4 Sept 1972' sees a leak), while the age stays about right.
    Past the near draws the shift moves out by four years per draw (``_birth_tier``): a
    large staff's birth dates fill every day of four decades, so a fake that is nobody's
    real birth date lies outside them (past 512 draws a value is faked as an id, no
    longer a date)."""
    shift = 366 + 365 * _birth_tier(attempt) + d.below(4 * 365)
    try:
        return day + timedelta(days=shift if d.below(2) else -shift)
    except OverflowError:
        return day - timedelta(days=shift)


def _birth_reach(attempt: int) -> Reach:
    """The days ``_birth_shifted`` can move a date by at ``attempt``, either way."""
    least = 366 + 365 * _birth_tier(attempt)
    return least, least + 4 * 365 - 1, _next_tier(attempt)


class DateShift(Generator):
    entities = ("DATE",)
    #: How a date of this entity moves (keyed, never by 0), and how far it can at an attempt.
    shift = staticmethod(_shifted)
    reach = staticmethod(_reach)

    def skip_taken(
        self, core: str, norm: str, attempt: int, taken: TakenForms, until: int, draw: DrawAt
    ) -> int:
        """Past every tier of attempts whose shifts, both ways, land on taken days only (in
        a dense span of real dates most tiers do), then past each attempt whose day is
        taken: the shift alone is drawn for it, not the written fake and its normal form."""
        parsed = parse_date(core)
        if parsed is None or parsed[1]:
            return attempt  # another spelling, or text after the date
        day = parsed[0]
        # A day read either way lands on a day <= 12 of the shifted month (``fake_one``):
        # its tiers' spans are no test of that, each attempt is.
        fold = reads_either_way(day)
        while attempt < until:
            least, most, following = self.reach(attempt)
            following = min(following, until)
            try:
                before = taken.all_days_taken(day - timedelta(most), day - timedelta(least))
                after = taken.all_days_taken(day + timedelta(least), day + timedelta(most))
            except OverflowError:  # near year 1 or 9999 the shift turns round: draw it
                return attempt
            if fold or not (before and after):
                for a in range(attempt, following):
                    new = self.shift(day, draw(a), a)
                    if not taken.day_taken((_either_way(new) if fold else new).toordinal()):
                        return a
            attempt = following
        return attempt

    def fake_one(self, core: str, norm: str, d: Draw, attempt: int) -> str:
        """Shifted keeping the format; a value that is no date is faked as an id."""
        parsed = parse_date(core)
        if parsed is None:
            return _written(core, norm, d, attempt, self.shift)
        day, rest, form, fields = parsed
        new = self.shift(day, d, attempt)
        if reads_either_way(day):
            # "12/02/1966" in a column of British birth dates ("22/03/1987") reads as a US
            # date; its fake stays a date read either way, as ``_written``'s do.
            new = _either_way(new)
        parts = {"ymd": (new.year, new.month, new.day), "mdy": (new.month, new.day, new.year),
                 "dmy": (new.day, new.month, new.year)}[form]  # fmt: skip
        sep = {"ymd": "-", "mdy": "/", "dmy": "."}[form]
        return sep.join(f"{v:0{len(f)}d}" for v, f in zip(parts, fields, strict=True)) + rest


class BirthDateShift(DateShift):
    """Birth dates: the same formats, a shift that always changes the year."""

    entities = ("DATE_OF_BIRTH",)
    shift = staticmethod(_birth_shifted)
    reach = staticmethod(_birth_reach)


def reads_either_way(day: date) -> bool:
    """A day whose month and day are both <= 12: written in numbers, some spelling of it
    reads as well the other way round ("07/05/1955"), so every numeric spelling's fake
    keeps its day <= 12 too. The fold follows the day, not the spelling: the same day as
    "05.07.1955" in one table and "07/05/1955" in the next got two fakes (and settling,
    which tests one spelling's, left the other's on some customer's real birth date)."""
    return day.day <= 12 and day.month <= 12


def _either_way(new: date) -> date:
    """``new`` moved to a day <= 12 of its month, if it is not: a fake read either way."""
    return new if new.day <= 12 else new.replace(day=1 + new.day % 12)


def _written(core: str, norm: str, d: Draw, attempt: int, shift=_shifted) -> str:
    form = read_date(core)
    if form is None:
        return fake_id(core, norm, d, attempt)
    new = shift(form.day, d, attempt)
    if form.form == "written" and form.month is not None and month_is_ambiguous(form.month):
        # "12 juni": German, Dutch or Swedish? Only June is written the same in all three.
        try:
            new = form.day.replace(year=new.year, day=min(new.day, 28))
        except ValueError:
            new = form.day.replace(year=new.year, day=28)
    if form.form == "written" and not form.fields[2]:
        new = new.replace(year=form.day.year)  # no year written: none to shift
    # Day and month both <= 12 ("04/09/1972") can be read either way: the fake stays a
    # valid date in both readings (``reads_either_way``).
    if form.form in ("dmy", "mdy", "ymd") and reads_either_way(form.day):
        new = _either_way(new)
    return write_date(form, new)
