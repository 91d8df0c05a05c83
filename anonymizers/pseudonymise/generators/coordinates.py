"""A point's latitude or longitude, moved by a keyed one to three kilometres.

A delivery stop, a ride's pickup or an app event's position written to six decimals is a
person's door: no name is needed to find them. The fake keeps the number's written form
(its decimals, its sign convention) so a map of the fakes still shows streets and towns,
but no point is where anyone was. A value that is no number is faked as an id.
"""

from __future__ import annotations

import re

from anonymizers.pseudonymise.draw import Draw
from anonymizers.pseudonymise.generators.base import Generator
from anonymizers.pseudonymise.generators.ids import fake_id

_NUMBER = re.compile(r"([+-]?)(\d{1,3})(?:\.(\d+))?")
#: The least and the most a coordinate moves, in degrees (0.01 degree of latitude is
#: about 1.1 km); a longitude moves as far in degrees, less on the ground away from the
#: equator, always more than a building.
LEAST, MOST = 0.01, 0.03


def fake_coordinate(core: str, norm: str, d: Draw, attempt: int) -> str:
    """``core`` moved by a keyed LEAST..MOST degrees either way, in as many decimals as
    it was written with (at least two, so the move shows), inside -180..180."""
    m = _NUMBER.fullmatch(core)
    if not m:
        return fake_id(core, norm, d, attempt)
    sign, whole, decimals = m.groups()
    if not decimals:  # whole degrees (a hundred kilometres): a whole degree's move
        moved_whole = int(whole) + (1 + attempt) * (1 if d.below(2) else -1)
        return f"{sign}{abs(moved_whole)}" if moved_whole else "1"
    places = max(2, len(decimals))
    value = float(f"{sign}{whole}.{decimals}")
    step = LEAST + (MOST - LEAST) * d.below(10_000) / 10_000 + attempt * MOST
    moved = value + step if d.below(2) else value - step
    limit = 90.0 if abs(value) <= 90.0 else 180.0
    if abs(moved) > limit:  # at a pole or the date line: the other way
        moved = value - step if moved > 0 else value + step
    text = f"{moved:.{places}f}"
    return f"+{text}" if sign == "+" and not text.startswith("-") else text


class GeoCoordinate(Generator):
    entities = ("GEO_COORDINATE",)
    fake_one = staticmethod(fake_coordinate)
