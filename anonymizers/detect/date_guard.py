"""A date is a date: a guessed place or phone over a full date, or a guessed place over a
checked id, is dropped.

Place rules read "shipped 12 March 2024" or "3 de marzo de 1985" as a house number and a
street, and Presidio's phone recognizer reads "04.09.2024" as a number to dial; either
garbles an event date that is not personal, and hides a date of birth under the wrong
fake. A full date (day, month and year, in any spelling ``calendar_dates`` reads) is never
a place or a phone; a date of birth or a national id found by its own rule keeps its
type. Known values and the deny list are never second-guessed.
"""

from __future__ import annotations

from anonymizers.detect.calendar_dates import full_dates
from anonymizers.detect.spans import Span

#: Entities whose checked spans a guessed place must not swallow.
CHECKED = frozenset({"DATE_OF_BIRTH", "NATIONAL_ID"})
_PLACES = frozenset({"ADDRESS", "LOCATION"})
_GUESSES = frozenset({"rule", "ner", "pattern"})


def dates_stay(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` without the place and phone guesses that sit on a date or checked id."""
    places = [s for s in spans if s.entity in _PLACES and s.source in ("rule", "ner")]
    phones = [s for s in spans if s.entity == "PHONE_NUMBER" and s.source in _GUESSES]
    if not places and not phones:
        return spans
    digits = any(c.isdigit() for s in (*places, *phones) for c in text[s.start : s.end])
    dates = full_dates(text) if digits else []
    checked = [(s.start, s.end) for s in spans if s.entity in CHECKED and s.source == "pattern"]
    if not dates and not checked:
        return spans
    drop: set[Span] = set()
    for s in places:
        if any(a < s.end and s.start < b for a, b in (*dates, *checked)):
            drop.add(s)
    for s in phones:  # a phone exactly over a date ("04.09.2024"), not one next to it
        if any(a <= s.start and s.end <= b for a, b in dates):
            drop.add(s)
    return [s for s in spans if s not in drop] if drop else spans
