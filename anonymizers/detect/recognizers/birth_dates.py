"""Dates of birth: a date that a birth word stands right next to, in eight languages.

A date is personal when it is somebody's birthday; an order, a visit or a delivery date
is not, and garbling every date would ruin the text for testing. So a date counts only
with a birth cue (``phrases/birth_cues.txt``: "born", "d.o.b.", "né le", "geboren am",
"nacida el", "född" ...) right before it, a few linking words apart
(``phrases/birth_links.txt``), or right after it ("1972-09-04 (date of birth)"). The date
itself is any spelling ``calendar_dates`` reads. An age ("I am 52") is not a date.
"""

from __future__ import annotations

from functools import cache

import regex

from anonymizers.detect.calendar_dates import date_pattern, read_date
from anonymizers.detect.phrases import phrase_list
from anonymizers.detect.recognizers import RawSpan

#: A cue and its date are at most this many characters apart.
_GAP = 40


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _cue() -> regex.Pattern[str]:
    cues = _alternation(tuple(w.casefold() for w in phrase_list("birth_cues")))
    return regex.compile(rf"(?i)(?<![\w.])(?:{cues})(?!\w)", regex.V0)


@cache
def _bridge() -> regex.Pattern[str]:
    """What may stand between a cue and its date: links, punctuation, and a birthplace
    ("born in Leeds on", "née à Lyon le")."""
    links = _alternation(tuple(w.casefold() for w in phrase_list("birth_links")))
    link = rf"(?:{links})(?!\w)"
    place = r"(?:in|à|a|en|i|te)[ \t]+\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2}[ \t]*,?"
    # A format hint between label and date: "date of birth (dd/mm/yyyy):", "(JJ.MM.AAAA)".
    hint = r"\((?:[dmyjaqt]{1,4}[./ -]?){3}\)"
    return regex.compile(rf"(?i:[\s:=(\-–—,]|{hint}|{link}|(?-i:{place}))*", regex.V0)


@cache
def _after_cue() -> regex.Pattern[str]:
    """A cue after its date: "04/09/1972 (DOB)", "1972-09-04 is my date of birth"."""
    return regex.compile(
        r"(?i)^[ \t]*(?:[(\[,–—-][ \t]*)?(?:(?:is|was|=)[ \t]+)?"
        r"(?:(?:my|his|her|their|the)[ \t]+)?$"
    )


def birth_dates(text: str) -> list[RawSpan]:
    """Dates with a birth cue next to them, as DATE_OF_BIRTH."""
    cues = list(_cue().finditer(text))
    if not cues:
        return []
    out: list[RawSpan] = []
    bridge = _bridge()
    for m in date_pattern().finditer(text):
        if read_date(m.group(0)) is None:
            continue  # 31 February: not a day
        if _cued_before(text, m.start(), cues, bridge) or _cued_after(text, m.end(), cues):
            out.append((m.start(), m.end(), "DATE_OF_BIRTH", 0.9))
    return out


def _cued_before(text: str, start: int, cues: list, bridge: regex.Pattern[str]) -> bool:
    return any(
        0 <= start - c.end() <= _GAP and bridge.fullmatch(text, c.end(), start) is not None
        for c in cues
    )


def _cued_after(text: str, end: int, cues: list) -> bool:
    after = _after_cue()
    return any(0 <= c.start() - end <= 20 and after.match(text[end : c.start()]) for c in cues)
