"""Postcodes with their city, in each country's own form, and the address lines above them.

'75002 Paris', '10115 Berlin', '1017 GC Amsterdam', '111 22 Stockholm', '1100-048
Lisboa', 'London SW1A 1AA', 'Dublin 2, D02 X285': the postcode and the town of an address
whose person is in no table. A bare number is no postcode ('order 75002', '12500 EUR'),
so a code counts only in its country's shape and next to a town: a capitalised word
that is no everyday word, and, for the five-digit codes that order numbers share, a
town the place lists know or an address line right before it. The street line before
('Hauptstraße 5, ', 'Flat 2\\nRichardson Radial, ') is taken in when it looks like one,
so the whole address becomes one span and one fake.
"""

from __future__ import annotations

from collections.abc import Collection

import regex  # Presidio's dependency; needed for Unicode letter classes

from anonymizers.detect.languages import is_everyday
from anonymizers.detect.lexicon import (
    NAME_PARTICLES,
    is_common_word,
    place_gazetteer,
    street_prefixes,
    street_words,
)
from anonymizers.detect.recognizers import RawSpan

#: Postcodes written before the town, by shape (country codes as in ISO 3166).
POSTCODE_FIRST = {
    "PT": r"\d{4}-\d{3}",
    "PL": r"\d{2}-\d{3}",
    "NL": r"[1-9]\d{3}[ \t]?[A-Z]{2}",
    "SE": r"[1-9]\d{2}[ \t]\d{2}",
    # FR, DE, ES, IT, FI and more: five digits, optionally with the country letter(s).
    "5": r"(?:[A-Z]{1,2}-)?\d{5}",
}
#: Postcodes written after the town: UK and Ireland (Eircode).
POSTCODE_AFTER = {
    "GB": r"(?:GIR[ \t]?0AA|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2})",
    "IE": r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ \t]?[0-9AC-FHKNPRTV-Y]{4}",
}
_TOWN = (
    r"\p{Lu}[\p{L}'’.-]*(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]*|de|do|da|dos|das|del|la|le|les|sur|"
    r"am|an|der|im|in|di|en|aan|op|upon|on)(?=[ \t]+\p{Lu})){0,3}(?:[ \t]+\p{Lu}[\p{L}'’.-]*)?"
)
#: What may follow a town: punctuation, the end, a lower-case word, or the region in
#: brackets that tells two towns of one name apart ('Bergen (NH)', 'Frankfurt (Oder)').
_END = r"(?=[ \t]*(?:[,.;:!?)\]\n]|$)|[ \t]+\p{Ll}|[ \t]+\(\p{Lu})"
#: A full stop after a word of four letters or more, then a capital: a sentence ends
#: ('Beeskow. Ich'; 'St. Denis' is an abbreviation). Addresses stop there too.
SENTENCE_END = regex.compile(r"(?<=\p{L}{4})\.[ \t]+(?=\p{Lu})")
_FIRST_RE = regex.compile(
    r"(?<![\w-])(?P<pc>"
    + "|".join(POSTCODE_FIRST.values())
    + r")[ \t]+(?P<town>"
    + _TOWN
    + ")"
    + _END
)
_AFTER_RE = regex.compile(
    r"(?<![\p{L}\d'’-])(?P<town>" + _TOWN + r")(?:[ \t]+\d{1,2})?[ \t]*,?[ \t]+"
    r"(?P<pc>" + "|".join(POSTCODE_AFTER.values()) + r")(?![\w-])"
)
#: US state and territory codes (USPS), for 'Springfield, IL 62704'.
US_STATES = [
    *("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL"),
    *("IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE"),
    *("NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD"),
    *("TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP"),
    *("AA", "AE", "AP"),
]
_US_RE = regex.compile(
    r"(?<![\p{L}\d'’-])(?P<town>" + _TOWN + r"),[ \t]+(?:" + "|".join(US_STATES) + r")[ \t]+"
    r"\d{5}(?:-\d{4})?(?![\w-])"
)
_CURRENCY = regex.compile(r"(?i:eur|euro|euros|usd|gbp|sek|nok|dkk|chf|pln|kr|zł|dollars?)")
#: One line of an address above the postcode: a street (a number and a capitalised word,
#: or a street word), a flat or floor, a building.
_UNIT = regex.compile(
    r"(?i:flat|apt|apartment|suite|unit|studio|floor|piso|planta|étage|etg|bus|lgh|"
    r"wohnung|appartement|interno|int|scala|andar)\.?[ \t]*\d+\w*"
    r"|\d+[ºª°][ \t]*\w*(?:[ \t]+\d+[ºª])?"
)


_PREFIXES = street_prefixes()
#: Lower-case words an address line may hold: particles, street types, units.
_LINE_WORDS = frozenset(
    (*NAME_PARTICLES, *street_prefixes(),
     "bis", "ter", "dei", "della", "delle", "degli", "dos", "das", "des", "do", "y", "i", "e",
     "flat", "apt", "apartment", "suite", "unit", "floor", "piso", "planta", "andar")
)  # fmt: skip


_GAP = regex.compile(r"[ \t]*[,\n][ \t\n]*")
_UNIT_TAIL = regex.compile(
    r"(?<![\p{L}\d])(?i:flat|apt|apartment|suite|unit|studio)\.?[ \t]*\d+\w*$"
)


def _town_ok(town: str) -> bool:
    words = [w for w in town.split() if w[:1].isupper()]  # 'Alcácer do Sal': 'do' is fine
    first = words[0]
    if _CURRENCY.fullmatch(first) or (first.isupper() and len(first) <= 3):
        return False
    return not any(is_common_word(w) or is_everyday(w) for w in words)


#: A house number (or 'S/N', no number) closing the line before: 'Via Angeli, 99, '.
_NUMBER_BEFORE = regex.compile(
    r"(?:\b\d{1,5}[A-Za-z]?(?:[ \t]*/[ \t]*\d{1,4})?|\bS/N)[ \t]*,[ \t]*$"
)


def _line_ok(line: str) -> bool:
    line = line.strip(" \t,")
    if not line or len(line) > 60 or ":" in line:
        return False
    if _UNIT.fullmatch(line) or regex.fullmatch(r"\d{1,5}[A-Za-z]?|S/N", line):
        return True
    words = regex.findall(r"(?<![\p{L}\d])\p{L}[\p{L}'’.-]*", line)
    if not words or not any(w[:1].isupper() for w in words):
        return False
    # Only name words, particles, street and unit words: 'My brother lives at 4 Elm Row'
    # is a sentence, its street is found by the street rules and glued on later.
    if any(
        w[:1].islower() and w.lower().strip(".") not in _LINE_WORDS | street_words() for w in words
    ):
        return False
    has_number = regex.search(r"(?<![\p{L}])\d{1,5}[A-Za-z]?\b|\bS/N\b", line) is not None
    street = words[-1].lower().strip(".") in street_words() or words[0].lower() in _PREFIXES
    return has_number or street


def _grow_back(text: str, start: int) -> int:
    """Take in up to three address lines right before ``start`` (separated by a comma or a
    line break): 'Hauptstraße 5, ', 'Flat 2\\nRichardson Radial, '."""
    for _ in range(3):
        # A line starts after a break, a comma, a colon or an opening bracket: '(Canale
        # Luca, 215, 26034 Montesilvano)' holds its address whole.
        m = regex.search(
            r"(?:^|(?<=[\n,:(]))[ \t]*([^\n,:(]{1,60}?)[ \t]*[,\n][ \t]*$", text[:start]
        )
        if not m:
            break
        if not _line_ok(m.group(1)):
            # 'moved to Flat 2\nRichardson Radial': the flat ends a sentence's line.
            unit = _UNIT_TAIL.search(m.group(1))
            if unit:
                start = m.start(1) + unit.start()
            break
        start = m.start(1)
    return start


def postcode_spans(text: str, line_ends: Collection[int] = ()) -> list[RawSpan]:
    """Postcode and town (in either order, by country), grown over the lines above them.
    ``line_ends``: where street lines the street rules found end ('12 rue de la Paix'):
    a postcode right after one is a postcode."""
    places = place_gazetteer()
    out: list[RawSpan] = []
    for m in _FIRST_RE.finditer(text):
        town = m.group("town")
        if end := SENTENCE_END.search(town):  # 'Beeskow. Ich bin': the town ends there
            town = town[: end.start()]
        town = town.rstrip(".")
        if not _town_ok(town):
            continue
        start = _grow_back(text, m.start())
        bare_five = regex.fullmatch(r"\d{5}", m.group("pc")) is not None
        # Five digits are also order numbers and amounts: a known town, a street line or
        # a house number right before.
        after_number = _NUMBER_BEFORE.search(text, max(0, m.start() - 20), m.start())
        after_street = any(e <= m.start() and _GAP.fullmatch(text, e, m.start()) for e in line_ends)
        if (
            bare_five
            and start == m.start()
            and not (after_number or after_street)
            and town.lower() not in places
        ):
            continue
        out.append((start, m.start("town") + len(town), "ADDRESS", 0.6))
    for m in _US_RE.finditer(text):
        if _town_ok(m.group("town")):
            out.append((_grow_back(text, m.start()), m.end(), "ADDRESS", 0.6))
    for m in _AFTER_RE.finditer(text):
        pc = m.group("pc")
        if not any(c.isdigit() for c in pc) or not any(c.isalpha() for c in pc):
            continue
        if not _town_ok(m.group("town")):
            continue
        out.append((_grow_back(text, m.start()), m.end(), "ADDRESS", 0.6))
    return out


#: Postcodes whose shape alone tells nothing (four digits are a year as often, eight a
#: number): Danish, Belgian, Swiss and Austrian codes, a US ZIP+4, a Brazilian CEP.
_DIGIT = regex.compile(r"\d")
_GUARDED_RE = regex.compile(
    r"(?<![\w-])(?P<pc>[1-9]\d{3}|\d{5}-\d{3,4}|\d{8})[ \t]+(?P<town>" + _TOWN + ")" + _END
)


def guarded_postcode_spans(text: str, line_ends: Collection[int] = ()) -> list[RawSpan]:
    """Postcodes of a shape numbers share, with their town: only right under (or after) a
    street line, or after a house number ('Rosbæks Allé 8\\n7508 Ullerslev', 'Vila de
    Rodrigues, 54, 78195-217 Almeida')."""
    out: list[RawSpan] = []
    if not _DIGIT.search(text):  # every guarded shape is digits
        return out
    for m in _GUARDED_RE.finditer(text):
        town = m.group("town")
        if end := SENTENCE_END.search(town):
            town = town[: end.start()]
        town = town.rstrip(".")
        if not town or not _town_ok(town):
            continue
        start = _grow_back(text, m.start())
        after_number = _NUMBER_BEFORE.search(text, max(0, m.start() - 20), m.start())
        after_street = any(e <= m.start() and _GAP.fullmatch(text, e, m.start()) for e in line_ends)
        if start == m.start() and not (after_number or after_street):
            continue
        out.append((start, m.start("town") + len(town), "ADDRESS", 0.6))
    return out
